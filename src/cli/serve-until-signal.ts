/**
 * Long-running servers of the CLI (`demo`, `ui`, `replay --serve`): start, announce, serve until
 * SIGINT or SIGTERM, close.
 */
import { listenProblem, isListenError } from '../core/listen-problem';
import { EXIT_OK, EXIT_USAGE } from './errors';
import { printError } from './output';

export interface ServeUntilSignalOptions<S extends { close(): Promise<void> }> {
  /** Starts the server. */
  start(): Promise<S>;
  /** Prints what the server is (the `listening <url>` line first) and flushes it. */
  announce(server: S): Promise<void>;
  /** Turns a failed start into an exit code; without it the error is thrown on. */
  onStartError?(err: unknown): number;
}

/** Runs the server until a signal, then closes it; resolves to the exit code. */
export async function serveUntilSignal<S extends { close(): Promise<void> }>(
  options: ServeUntilSignalOptions<S>,
): Promise<number> {
  // Listen for the signals before anything is printed: whoever reads the first line may stop us at once.
  let removeHandlers: () => void = () => undefined;
  const stopRequested = new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    removeHandlers = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    };
  });
  let server: S;
  try {
    server = await options.start();
  } catch (err) {
    removeHandlers();
    // A taken or forbidden --port is the user's choice of port: a usage error, said alike by
    // every command (the proxy and watch say it the same way).
    if (isListenError(err)) {
      printError(listenProblem(err, err.address ?? '127.0.0.1', err.port ?? 0));
      return EXIT_USAGE;
    }
    if (options.onStartError) return options.onStartError(err);
    throw err;
  }
  await options.announce(server);
  await stopRequested;
  removeHandlers();
  await server.close();
  return EXIT_OK;
}
