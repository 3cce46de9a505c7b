/**
 * Text with Markdown-style `code` spans (as the demo's scenario descriptions use them) shown as
 * <code> elements. Everything stays text: React escapes it, nothing is parsed as HTML.
 */
export function CodeSpans({ text }: { text: string }) {
  const parts = text.split('`');
  // An odd count of backticks leaves the last one unpaired: show it as it is.
  if (parts.length % 2 === 0) return <>{text}</>;
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}
