// Placeholder: replaced by the feature's owner.
export function CompareView(_props: { sseSessionId: string; wsSessionId: string }) {
  return <p>compare: coming soon</p>;
}
