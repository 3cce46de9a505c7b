import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_VERSION } from '../src/shared/version';

const root = resolve(__dirname, '..');
const src = join(root, 'src');

/**
 * Which src/ folders each folder may import from (docs/architecture.md). A second guard behind
 * the lint rule in eslint/boundaries.mjs, which also keeps renderer features apart.
 */
const allowed: Record<string, string[]> = {
  shared: ['shared'],
  core: ['shared', 'core'],
  main: ['shared', 'core', 'main'],
  preload: ['shared', 'preload'],
  host: ['shared', 'core', 'host'],
  cli: ['shared', 'core', 'host', 'cli'],
  renderer: ['shared', 'renderer'],
};

/** package.json's subpath imports (`"#shared/*": "./src/shared/*.ts"`): an alias is judged as the file it stands for. */
const subpathImports: Record<string, string> =
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).imports ?? {};

function subpathTarget(spec: string): string | undefined {
  for (const [pattern, target] of Object.entries(subpathImports)) {
    const prefix = pattern.replace(/\*$/, '');
    if (spec.startsWith(prefix)) return resolve(root, target.replace('*', spec.slice(prefix.length)));
  }
  return undefined;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(
    /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    specs.push((m[1] ?? m[2])!);
  }
  return specs;
}

describe('layering', () => {
  for (const folder of Object.keys(allowed)) {
    it(`src/${folder} imports only from ${allowed[folder]!.join(', ')}`, () => {
      const offences: string[] = [];
      for (const file of filesUnder(join(src, folder))) {
        for (const spec of importsOf(file)) {
          if (spec === 'electron' && !['main', 'preload'].includes(folder))
            offences.push(`${relative(root, file)} -> electron`);
          const alias = subpathTarget(spec);
          if (!spec.startsWith('.') && !alias) {
            if (folder === 'renderer' && spec.startsWith('node:')) offences.push(`${relative(root, file)} -> ${spec}`);
            continue;
          }
          const target = relative(src, alias ?? resolve(dirname(file), spec)).split(/[\\/]/)[0]!;
          if (!allowed[folder]!.includes(target)) offences.push(`${relative(root, file)} -> ${spec}`);
        }
      }
      expect(offences).toEqual([]);
    });
  }
});

describe('version', () => {
  it('APP_VERSION matches package.json', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(APP_VERSION).toBe(pkg.version);
  });
});
