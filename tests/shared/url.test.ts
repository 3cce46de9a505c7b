import { describe, expect, it } from 'vitest';
import { parseUrl } from '../../src/shared/url';

describe('parseUrl', () => {
  it('gives the URL, or one line naming what is not a URL', () => {
    expect((parseUrl('http://127.0.0.1:8080/a?b') as URL).port).toBe('8080');
    expect(parseUrl('localhost:8080')).toBeInstanceOf(URL); // scheme "localhost:": callers check schemes
    expect(parseUrl('not a url')).toBe('not a valid URL: "not a url"');
    expect(parseUrl('')).toBe('not a valid URL: ""');
  });
});
