/**
 * Row 12's proxy process: its own bundle entry (out/bench/proxy-child.mjs), so the process holds
 * what the proxy and its Sessions need and nothing else (the bench bundle also loads the browser
 * driver, whose heap would make every GC pause of the proxy longer than the app's or the CLI's).
 * `--bare` runs the proxy that forwards and does nothing else (bench/lib/bare-proxy.ts).
 */
import { runProxyChild } from './lib/proxy-child';

void runProxyChild(process.argv[2]!, process.argv[3] === '--bare');
