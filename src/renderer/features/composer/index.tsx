// Placeholder: replaced by the feature's owner.
export function ComposerPanel(_props: { sessionId: string }) {
  return <p>composer: coming soon</p>;
}
