/**
 * Row 7's reader process: its own bundle entry (out/bench/replay-reader-child.mjs), so its heap is
 * its own (bench/lib/replay-reader.ts says why). Argument: the replay's URL. It warms up, reads the
 * stream and prints its reads as one JSON line.
 */
import { arrivalTimes, warmReader } from './lib/replay-reader';

await warmReader();
process.stdout.write(`${JSON.stringify(await arrivalTimes(process.argv[2]!))}\n`);
