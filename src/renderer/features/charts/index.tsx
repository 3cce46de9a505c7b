// Placeholder: replaced by the feature's owner.
export function ChartsPanel(_props: { sessionId: string }) {
  return <p>charts: coming soon</p>;
}
