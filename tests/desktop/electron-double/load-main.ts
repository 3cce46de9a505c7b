/**
 * Runs the built main bundle (out/main/index.js) with `require('electron')` answered by the
 * double: a Module._resolveFilename hook maps 'electron' to a cache entry holding the double.
 */
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ElectronDouble } from './index';

const root = join(__dirname, '..', '..', '..');
export const BUILT_MAIN = join(root, 'out', 'main', 'index.js');
export const BUILT_PRELOAD = join(root, 'out', 'preload', 'index.js');
const DOUBLE_ID = join(__dirname, '<electron-double>');

type Resolve = (request: string, ...rest: unknown[]) => string;

export function loadBuiltMain(double: ElectronDouble): void {
  const mod = Module as unknown as { _resolveFilename: Resolve; _cache: Record<string, unknown> };
  const original = mod._resolveFilename;
  mod._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'electron' ? DOUBLE_ID : original.call(this, request, ...rest);
  };
  mod._cache[DOUBLE_ID] = { id: DOUBLE_ID, filename: DOUBLE_ID, loaded: true, exports: double.electron };
  createRequire(__filename)(BUILT_MAIN);
}
