// Placeholder until the owning issue lands; replaced by the real command.
import { EXIT_FAILED } from '../errors';
import { printError } from '../output';

export const summary = 'demo (not yet available)';

export async function run(_argv: string[]): Promise<number> {
  printError('demo: not implemented yet');
  return EXIT_FAILED;
}
