/** The URL `raw` names, or the one line every layer says when it names none. */
export function parseUrl(raw: string): URL | string {
  try {
    return new URL(raw);
  } catch {
    return `not a valid URL: "${raw}"`;
  }
}
