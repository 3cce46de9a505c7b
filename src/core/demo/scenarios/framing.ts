/** Scenarios about how events are framed on the wire: multi-line data, line endings, a BOM. */
import type { Scenario } from './types';

/**
 * [spec] "data:" with nothing after it adds an empty line, a bare "data" too; one space after the
 * colon is dropped, further spaces are kept; lines are joined with "\n".
 */
const MULTILINE_BODY =
  ': multi-line data follows\n' +
  'data: first line\n' +
  'data: second line\n' +
  'data:\n' +
  'data:  two leading spaces, one kept\n' +
  'data:no space after the colon\n' +
  'data\n' +
  '\n' +
  'event: json\n' +
  'data: {\n' +
  'data:   "pretty": "printed JSON",\n' +
  'data:   "lines": 4\n' +
  'data: }\n' +
  '\n';

/** A GET scenario that sends `body`, two events, in one write and ends the response. */
function wholeBody(name: string, description: string, body: string): Scenario {
  return {
    name,
    method: 'GET',
    description,
    handle(ctx) {
      const stream = ctx.open();
      stream.write(body, 2);
      stream.end();
    },
  };
}

export const multiline = wholeBody(
  'multiline',
  'Multi-line data: several data lines per event, empty data lines, spacing after the colon',
  MULTILINE_BODY,
);

/** The same three blocks (comment, retry, id, event, two data lines) with any line ending. */
function endingBody(eol: string, label: string): string {
  return [
    `: ${label} line endings`,
    '',
    'retry: 2000',
    'id: 1',
    'event: notification',
    `data: {"message":"first","ending":"${label}"}`,
    '',
    'id: 2',
    'data: line one',
    'data: line two',
    '',
    '',
  ].join(eol);
}

export const crlf = wholeBody(
  'crlf',
  'CRLF line endings (\\r\\n) for every field, comment and blank line',
  endingBody('\r\n', 'CRLF'),
);

export const cr = wholeBody(
  'cr',
  'Bare CR line endings (\\r), legal in SSE and rarely handled',
  endingBody('\r', 'CR'),
);

export const bom = wholeBody(
  'bom',
  'The body starts with a UTF-8 byte order mark, which a parser must drop once',
  '\uFEFFdata: {"message":"after the BOM"}\n\nid: 2\ndata: second\n\n',
);
