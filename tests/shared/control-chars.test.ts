import { describe, expect, it } from 'vitest';
import { escapeForTerminal, escapeJsonControls, showBidiControls } from '../../src/shared/control-chars';

const HOSTILE = 'a\u001b]0;title\u0007b\u001b[2K\u009b31m\u007f\r\tc\nd\u202egnp.exe\u2066x\u2069\u0000';

describe('control characters', () => {
  it('escapeForTerminal shows C0, DEL, C1 and bidi controls as visible escapes; tab and newline stay', () => {
    const out = escapeForTerminal(HOSTILE);
    expect(out).toBe('a\\x1b]0;title\\x07b\\x1b[2K\\x9b31m\\x7f\\r\tc\nd\\u202egnp.exe\\u2066x\\u2069\\x00');
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(escapeForTerminal('plain text, ünïcödé ✓')).toBe('plain text, ünïcödé ✓');
  });

  it('escapeJsonControls leaves no raw DEL, C1 or bidi control in JSON text and keeps the value', () => {
    const raw = JSON.stringify({ data: HOSTILE });
    // What JSON.stringify itself leaves raw:
    expect(raw).toMatch(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const safe = escapeJsonControls(raw);
    expect(safe).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(safe).toContain('\\u009b');
    expect(safe).toContain('\\u202e');
    expect(JSON.parse(safe)).toEqual({ data: HOSTILE });
  });

  it('showBidiControls turns each bidi control into a visible mark, so "gnp\\u202eexe" never reads "exe.png"', () => {
    expect(showBidiControls('photo_gnp\u202eexe')).toBe('photo_gnp⟦U+202E⟧exe');
    expect(showBidiControls('\u2066a\u2069 \u202ab\u202c')).toBe('⟦U+2066⟧a⟦U+2069⟧ ⟦U+202A⟧b⟦U+202C⟧');
    expect(showBidiControls('no controls')).toBe('no controls');
  });
});
