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

export const multiline: Scenario = {
  name: 'multiline',
  method: 'GET',
  description: 'Multi-line data: several data lines per event, empty data lines, spacing after the colon',
  handle(ctx) {
    const stream = ctx.open();
    stream.write(MULTILINE_BODY, 2);
    stream.end();
  },
};

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

export const crlf: Scenario = {
  name: 'crlf',
  method: 'GET',
  description: 'CRLF line endings (\\r\\n) for every field, comment and blank line',
  handle(ctx) {
    const stream = ctx.open();
    stream.write(endingBody('\r\n', 'CRLF'), 2);
    stream.end();
  },
};

export const cr: Scenario = {
  name: 'cr',
  method: 'GET',
  description: 'Bare CR line endings (\\r), legal in SSE and rarely handled',
  handle(ctx) {
    const stream = ctx.open();
    stream.write(endingBody('\r', 'CR'), 2);
    stream.end();
  },
};

export const bom: Scenario = {
  name: 'bom',
  method: 'GET',
  description: 'The body starts with a UTF-8 byte order mark, which a parser must drop once',
  handle(ctx) {
    const stream = ctx.open();
    stream.write('\uFEFFdata: {"message":"after the BOM"}\n\nid: 2\ndata: second\n\n', 2);
    stream.end();
  },
};
