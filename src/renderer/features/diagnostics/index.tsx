// Placeholder: replaced by the feature's owner.
export function DiagnosticsPanel(_props: { sessionId: string }) {
  return <p>diagnostics: coming soon</p>;
}
