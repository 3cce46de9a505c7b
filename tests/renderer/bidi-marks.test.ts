// The event list's data cells show bidi controls as visible marks (the type, id and detail pane
// call the same shared helper): "gnp\u202eexe" must never be displayed as "exe.png".
import { describe, expect, it } from 'vitest';
import { preview } from '../../src/renderer/lib/format';

describe('bidi controls in the list', () => {
  it('a data preview shows each bidi control as a mark and keeps the characters around it in order', () => {
    expect(preview('file: photo_gnp\u202eexe')).toBe('file: photo_gnp⟦U+202E⟧exe');
    expect(preview('\u2067rtl\u2069\nnext')).toBe('⟦U+2067⟧rtl⟦U+2069⟧⏎next');
    expect(preview('plain\ntext')).toBe('plain⏎text');
  });
});
