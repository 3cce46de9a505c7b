/**
 * The one line a server that cannot listen gives, the same for every server of the app and every
 * command of the CLI (`demo`, `ui`, `replay --serve`, `proxy`, `watch`).
 */

/** Whether `err` is a failure to listen on an address (not any other error of a start). */
export function isListenError(err: unknown): err is NodeJS.ErrnoException & { address?: string; port?: number } {
  const e = err as NodeJS.ErrnoException | null;
  return (
    e instanceof Error &&
    e.syscall === 'listen' &&
    (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL')
  );
}

export function listenProblem(err: NodeJS.ErrnoException, host: string, port: number): string {
  if (err.code === 'EADDRINUSE') return `port ${port} on ${host} is already in use`;
  if (err.code === 'EACCES') return `not allowed to listen on ${host}:${port}`;
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
    return `cannot listen on ${host}: no such local address`;
  return `cannot listen on ${host}:${port}: ${err.message}`;
}
