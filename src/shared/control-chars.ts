/**
 * Characters that change how text around them is shown rather than being shown themselves:
 * C0 controls (ESC starts terminal sequences), DEL, C1 controls (0x9B is a one-byte CSI) and the
 * bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069: "gnp.exe" can read
 * "exe.png"). Stream data is untrusted: wherever it is shown, these are made visible.
 */

/** The bidi embedding, override and isolate controls. */
const BIDI = '\\u202A-\\u202E\\u2066-\\u2069';

/** What JSON.stringify leaves raw in a string: DEL, C1 and bidi controls. */
const JSON_RAW = new RegExp(`[\\u007F-\\u009F${BIDI}]`, 'g');

/** Every control a terminal would act on, except tab and newline (which keep their meaning). */
const TERMINAL_UNSAFE = new RegExp(`[\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F${BIDI}]`, 'g');

const BIDI_CONTROLS = new RegExp(`[${BIDI}]`, 'g');

const hex = (c: string, width: number): string => c.charCodeAt(0).toString(16).padStart(width, '0');

/** JSON text with DEL, C1 and bidi controls written as \uXXXX escapes (the same JSON value). */
export function escapeJsonControls(json: string): string {
  JSON_RAW.lastIndex = 0;
  return JSON_RAW.test(json) ? json.replace(JSON_RAW, (c) => `\\u${hex(c, 4)}`) : json;
}

/**
 * Text for a terminal: controls shown as visible escapes (`\r`, `\x1b`, `\x9b`, `\u202e`), so
 * nothing a server sends can move the cursor, retitle the window or reorder a line.
 */
export function escapeForTerminal(text: string): string {
  TERMINAL_UNSAFE.lastIndex = 0;
  if (!TERMINAL_UNSAFE.test(text)) return text;
  return text.replace(TERMINAL_UNSAFE, (c) => {
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`;
  });
}

/** Text for the UI: each bidi control becomes a visible mark such as ⟦U+202E⟧ (the rest is left to CSS). */
export function showBidiControls(text: string): string {
  BIDI_CONTROLS.lastIndex = 0;
  if (!BIDI_CONTROLS.test(text)) return text;
  return text.replace(BIDI_CONTROLS, (c) => `⟦U+${hex(c, 4).toUpperCase()}⟧`);
}
