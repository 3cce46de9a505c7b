// The reference for row 11a: the small CLI anyone would write on the `eventsource` npm package.
// `node eventsource-tail.mjs <url> <max-events>` prints one NDJSON line per event, as tail --json
// does, one stdout write per event, and exits after max-events or when the stream fails or ends.
import { EventSource } from 'eventsource';

const [url, max] = process.argv.slice(2);
const limit = Number(max);
let seen = 0;
const source = new EventSource(url);
source.onmessage = (event) => {
  const line = { kind: 'event', t: Date.now(), type: event.type, data: event.data, lastEventId: event.lastEventId };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  if (++seen >= limit) source.close();
};
source.onerror = () => source.close();
