import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

/** What a bundle requires, following its own chunks (`./x.js`, loaded on demand) into theirs. */
function requiresOf(file: string, seen = new Set<string>()): string[] {
  seen.add(file);
  const text = readFileSync(join(root, file), 'utf8');
  const specs = new Set<string>();
  for (const [, spec] of text.matchAll(/require\("([^"]+)"\)/g)) {
    if (!spec!.startsWith('./')) specs.add(spec!);
    else {
      const chunk = join(dirname(file), spec!);
      if (!seen.has(chunk)) for (const inner of requiresOf(chunk, seen)) specs.add(inner);
    }
  }
  return [...specs].sort();
}

// These check what Electron will load, which cannot run here. `npm test` builds first.
describe('Electron bundles', () => {
  it('the sandboxed preload requires nothing but electron', () => {
    expect(requiresOf('out/preload/index.js')).toEqual(['electron']);
  });

  it('the CommonJS main requires only electron, Node built-ins and CommonJS packages (no ES-only module)', () => {
    for (const spec of requiresOf('out/main/index.js')) {
      if (spec === 'electron' || spec.startsWith('node:')) continue;
      const pkg = JSON.parse(readFileSync(join(root, 'node_modules', spec, 'package.json'), 'utf8')) as {
        type?: string;
        main?: string;
      };
      expect(pkg.type === 'module' ? `${spec} is ESM-only` : 'ok').toBe('ok');
    }
  });
});
