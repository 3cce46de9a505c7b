// Placeholder: replaced by the feature's owner.
export function StatsPanel(_props: { sessionId: string }) {
  return <p>stats: coming soon</p>;
}
