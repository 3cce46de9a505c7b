import { describe, expect, it } from 'vitest';
import { extractTimestamp, normaliseEpoch } from '../../src/shared/timestamp';

const MS = 1_750_000_123_456;

describe('extractTimestamp', () => {
  it('detects seconds, milliseconds, microseconds and nanoseconds by magnitude', () => {
    expect(normaliseEpoch(MS / 1000)).toBeCloseTo(MS, 3);
    expect(normaliseEpoch(MS)).toBe(MS);
    expect(normaliseEpoch(MS * 1000)).toBe(MS);
    expect(normaliseEpoch(MS * 1e6)).toBeCloseTo(MS, -1);
  });

  it('finds sentAt, timestamp, created and ts at the top level, in that order', () => {
    expect(extractTimestamp(`{"message":"x","sentAt":${MS}}`)).toBe(MS);
    expect(extractTimestamp(`{"timestamp":${MS / 1000}}`)).toBeCloseTo(MS, 3);
    expect(extractTimestamp(`{"created":1750000123,"id":"chatcmpl"}`)).toBe(1_750_000_123_000);
    expect(extractTimestamp(`{"ts":"${MS}"}`)).toBe(MS);
    expect(extractTimestamp(`{"ts":1,"sentAt":${MS}}`)).toBe(MS);
  });

  it('follows a given JSON path, including ISO-8601 strings', () => {
    expect(extractTimestamp(`{"a":{"b":[{"c":${MS * 1000}}]}}`, 'a.b[0].c')).toBe(MS);
    expect(extractTimestamp('{"meta":{"dt":"2025-06-15T15:22:03.456Z"}}', 'meta.dt')).toBe(
      Date.parse('2025-06-15T15:22:03.456Z'),
    );
    expect(extractTimestamp(`[{"t":${MS}}]`, '[0].t')).toBe(MS);
    expect(extractTimestamp(`{"sentAt":${MS}}`, 'missing')).toBeNull();
  });

  it('rejects non-JSON, counters and implausible dates cheaply', () => {
    expect(extractTimestamp('[DONE]')).toBeNull();
    expect(extractTimestamp('hello')).toBeNull();
    expect(extractTimestamp('')).toBeNull();
    expect(extractTimestamp('{not json')).toBeNull();
    expect(extractTimestamp('{"ts":5}')).toBeNull();
    expect(extractTimestamp('{"sentAt":-1}')).toBeNull();
    expect(extractTimestamp('{"message":"no time"}')).toBeNull();
    expect(extractTimestamp(`  {"sentAt":${MS}}`)).toBe(MS);
  });
});
