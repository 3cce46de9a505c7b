import { join } from 'node:path';

/** The real-world stream shapes the demo embeds: the repository's own byte-exact copies. */
export const FIXTURES_DIR = join(__dirname, '../../src/core/demo/fixtures');

/** The path of one fixture, e.g. `fixturePath('crlf-heartbeats.sse')`. */
export function fixturePath(name: string): string {
  return join(FIXTURES_DIR, name);
}
