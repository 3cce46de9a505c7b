import { describe, expect, it } from 'vitest';
import { extractTimestamp, normaliseEpoch, TIMESTAMP_FIELDS } from '../../src/shared/timestamp';

/** The specification of auto-detection, written the slow way: parse, then look at top-level keys. */
function reference(data: string): number | null {
  let o: unknown;
  try {
    o = JSON.parse(data);
  } catch {
    return null;
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return null;
  for (const f of TIMESTAMP_FIELDS) {
    const v = (o as Record<string, unknown>)[f];
    if (typeof v === 'number') {
      const ms = normaliseEpoch(v);
      if (ms !== null) return ms;
    } else if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) {
      const ms = normaliseEpoch(Number(v));
      if (ms !== null) return ms;
    }
  }
  return null;
}

describe('timestamp auto-detection without a full parse', () => {
  const cases = [
    '{"n":1,"sentAt":1764230000000,"pad":"xxxxxxxx"}',
    '{"a":{"sentAt":1764230000000}}',
    '{"x":"\\"sentAt\\":5","ts":1764230000}',
    '{"sentAt":"1764230000000"}',
    '{"sentAt":12,"timestamp":1764230000.5}',
    '{"sentAt" : 1764230000123 }',
    '{"created":1764230000,"sentAt":1}',
    '{"list":[{"ts":1764230000}],"created":1764230001}',
    '{"sentAt":1764230000000,"nested":{"sentAt":1}}',
    '{"sentAt":1.764230000123e12}',
    '  {"ts":1764230000123456}',
    '{"message":"SSE Message 3","sentAt":1764230000999}',
    // Digits read without a slice up to 15; longer, signed, fractional or exponent forms by Number().
    '{"ts":176423000012345}',
    '{"ts":1764230000123456}',
    '{"ts":1764230000123456789}',
    '{"sentAt":-1764230000000,"ts":1764230000}',
    '{"sentAt":1764230000000.25}',
    '{"sentAt":17642300001e2}',
  ];
  for (const data of cases) {
    it(`agrees with parsing for ${data}`, () => {
      expect(extractTimestamp(data)).toBe(reference(data));
    });
  }
});
