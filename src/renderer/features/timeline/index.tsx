// Placeholder: replaced by the feature's owner.
export function TimelinePanel(_props: { sessionId: string }) {
  return <p>timeline: coming soon</p>;
}
