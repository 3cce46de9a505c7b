/** RFC 6455 §7.4.1 (and the IANA registry's early additions): what a close code means. */
const CLOSE_CODES: Record<number, string> = {
  1000: 'normal closure',
  1001: 'going away',
  1002: 'protocol error',
  1003: 'unsupported data',
  1005: 'no status code in the close frame',
  1006: 'abnormal closure (no close frame)',
  1007: 'invalid payload data',
  1008: 'policy violation',
  1009: 'message too big',
  1010: 'mandatory extension missing',
  1011: 'internal server error',
  1012: 'service restart',
  1013: 'try again later',
  1014: 'bad gateway',
  1015: 'TLS handshake failure',
};

/** "normal closure", "application-defined" (4000–4999), or null for codes without a meaning. */
export function closeCodeMeaning(code: number): string | null {
  if (CLOSE_CODES[code]) return CLOSE_CODES[code];
  if (code >= 4000 && code <= 4999) return 'application-defined';
  if (code >= 3000 && code <= 3999) return 'registered by a library or framework';
  return null;
}

/** The opcode numbers of RFC 6455 §5.2, as the frame detail shows them. */
export const OPCODE_NUMBERS = { text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;
