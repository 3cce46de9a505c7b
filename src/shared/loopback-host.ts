/**
 * The Host header check of our loopback servers (the browser host, the demo server). A page on
 * another site can make the browser resolve its own name to 127.0.0.1 (DNS rebinding) and then
 * read our responses as same-origin; its requests still carry its own name in Host, so anything
 * but our own address and port is refused.
 */

/** Host header values that name a loopback server on `port`. */
export function loopbackHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/** True when a request's Host header names this loopback server (case-insensitive). */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  return typeof host === 'string' && loopbackHosts(port).has(host.toLowerCase());
}
