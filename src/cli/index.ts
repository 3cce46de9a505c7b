import { UsageError, EXIT_FAILED, EXIT_USAGE } from './errors';
import { printError } from './output';
import { APP_VERSION } from '#shared/version';
import * as tail from './commands/tail';
import * as record from './commands/record';
import * as replay from './commands/replay';
import * as demo from './commands/demo';
import * as ui from './commands/ui';
import * as check from './commands/check';
import * as proxy from './commands/proxy';
import { errorMessage } from '#shared/error-message';

/** Each command: a one-line summary for the index, and run() returning the exit code. */
export interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

// `watch` loads prom-client and OpenTelemetry: only when it runs, so other commands start fast.
const watch: Command = {
  summary: 'follow streams forever and export their metrics (Prometheus, OTLP)',
  run: async (argv) => (await import('./commands/watch')).run(argv),
};

const commands: Record<string, Command> = { tail, record, replay, demo, ui, check, watch, proxy };

function usage(): string {
  const lines = ['usage: streamscope <command> [options]', '', 'commands:'];
  for (const [name, cmd] of Object.entries(commands)) lines.push(`  ${name.padEnd(8)} ${cmd.summary}`);
  lines.push('', "Run `streamscope <command> --help` for a command's options.");
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  // `help <command>` is that command's --help, as in git and npm.
  const helped = name === 'help' && rest[0] !== undefined ? commands[rest[0]] : undefined;
  if (helped) return helped.run(['--help']);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? process.stderr : process.stdout).write(usage() + '\n');
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${APP_VERSION}\n`);
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) throw new UsageError(`unknown command "${name}" (try --help)`);
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      printError(err.message);
      process.exitCode = EXIT_USAGE;
    } else {
      printError(errorMessage(err));
      if (process.env.STREAMSCOPE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
      process.exitCode = EXIT_FAILED;
    }
  },
);
