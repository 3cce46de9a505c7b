// Placeholder: replaced by the feature's owner.
export function AssemblePanel(_props: { sessionId: string }) {
  return <p>assemble: coming soon</p>;
}
