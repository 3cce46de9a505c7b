import type { JsonPathSegment } from '#shared/json-path';

/** Segments back to the `a.b[0]["c d"]` form the JSON-path filter accepts ("copy path"). */
export function formatJsonPath(segments: readonly JsonPathSegment[]): string {
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** JSON text parsed as an object or array (what deserves a tree), else null. */
export function parseJsonContainer(text: string): object | null {
  const t = text.trimStart();
  if (t[0] !== '{' && t[0] !== '[') return null;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' ? v : null;
  } catch {
    return null;
  }
}
