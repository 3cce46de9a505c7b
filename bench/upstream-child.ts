/**
 * Row 12's upstream process: its own bundle entry (out/bench/upstream-child.mjs) running the demo
 * and paced servers (bench/lib/upstream-child.ts); argument: the paced stream's event count.
 */
import { runUpstreamChild } from './lib/upstream-child';

void runUpstreamChild(Number(process.argv[2]));
