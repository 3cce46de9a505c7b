/**
 * Row 12's proxy process: its own bundle entry (out/bench/proxy-child.mjs), so the process holds
 * what the proxy and its Sessions need and nothing else (the bench bundle also loads the browser
 * driver, whose heap would make every GC pause of the proxy longer than the app's or the CLI's).
 * Its second argument says what runs: `proxy` (the app's), `bare` (forwards HTTP and does nothing
 * else) or `pipe` (a TCP pipe): bench/lib/bare-proxy.ts.
 */
import { runProxyChild, type ProxyKind } from './lib/proxy-child';

const kind = process.argv[3];
if (kind !== 'proxy' && kind !== 'bare' && kind !== 'pipe') throw new Error(`proxy-child: unknown kind ${kind}`);
void runProxyChild(process.argv[2]!, kind satisfies ProxyKind);
