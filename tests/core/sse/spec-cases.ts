/**
 * The WHATWG event stream parsing rules as input → expected records. Cases whose input uses
 * only LF also run with CRLF and with CR line endings (same meaning, same records).
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export type Expected =
  | ['event', type: string, data: string, lastEventId: string, id: string | null]
  | ['comment', text: string]
  | ['retry', ms: number];

export interface SpecCase {
  name: string;
  /** The stream body; a string is UTF-8 encoded. */
  input: string | Uint8Array;
  expected: Expected[];
  /** The decoder's lastEventId after the stream ends (default: unchecked). */
  lastEventId?: string;
  /** The decoder's reconnection time after the stream ends. */
  reconnectMs?: number;
  /** Run LF-only input also with CRLF and CR endings (default true when the input is LF-only). */
  endings?: boolean;
}

const msg = (data: string, lastEventId = '', id: string | null = null): Expected => [
  'event',
  'message',
  data,
  lastEventId,
  id,
];

export const SPEC_CASES: SpecCase[] = [
  { name: 'a data field dispatches a message event', input: 'data: hello\n\n', expected: [msg('hello')] },
  { name: 'no space after the colon', input: 'data:hello\n\n', expected: [msg('hello')] },
  { name: 'only one leading space is removed from a value', input: 'data:  two\n\n', expected: [msg(' two')] },
  { name: 'trailing whitespace in a value is kept', input: 'data: x \t \n\n', expected: [msg('x \t ')] },
  { name: 'leading tab is not stripped', input: 'data:\tx\n\n', expected: [msg('\tx')] },
  { name: 'a colon inside the value is kept', input: 'data: a:b: c\n\n', expected: [msg('a:b: c')] },
  { name: 'several data lines join with LF', input: 'data: a\ndata: b\ndata:c\n\n', expected: [msg('a\nb\nc')] },
  { name: '`data` without a colon appends an empty line', input: 'data: a\ndata\ndata\n\n', expected: [msg('a\n\n')] },
  {
    name: 'an empty data field dispatches an event with empty data',
    input: 'data\n\ndata:\n\ndata: \n\n',
    expected: [msg(''), msg(''), msg('')],
  },
  {
    name: 'spec example: empty data, then one LF, then an unterminated block',
    input: 'data\n\ndata\ndata\n\ndata:',
    expected: [msg(''), msg('\n')],
  },
  {
    name: 'spec example: `data:test` and `data: test` are the same',
    input: 'data:test\n\ndata: test\n\n',
    expected: [msg('test'), msg('test')],
  },
  {
    name: 'spec example: comment, id, empty id, leading space',
    input: ': test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n',
    expected: [
      ['comment', 'test stream'],
      msg('first event', '1', '1'),
      msg('second event', '', ''),
      msg(' third event', '', null),
    ],
    lastEventId: '',
  },
  {
    name: 'a block without data dispatches nothing',
    input: 'event: add\n\nretry: 10\n\n:c\n\n',
    expected: [
      ['retry', 10],
      ['comment', 'c'],
    ],
  },
  { name: 'event field sets the type', input: 'event: add\ndata: 1\n\n', expected: [['event', 'add', '1', '', null]] },
  {
    name: 'event type resets to message after dispatch',
    input: 'event: add\ndata: 1\n\ndata: 2\n\n',
    expected: [['event', 'add', '1', '', null], msg('2')],
  },
  {
    name: 'an empty event field resets the type to message',
    input: 'event: add\nevent\ndata: 3\n\nevent: add\nevent:\ndata: 4\n\n',
    expected: [msg('3'), msg('4')],
  },
  {
    name: 'the last event field of a block wins',
    input: 'event: a\nevent: b\ndata: x\n\n',
    expected: [['event', 'b', 'x', '', null]],
  },
  {
    name: 'event type keeps inner and trailing spaces',
    input: 'event:  spaced out \ndata: x\n\n',
    expected: [['event', ' spaced out ', 'x', '', null]],
  },
  { name: 'an explicit `event: message` is a message', input: 'event: message\ndata: x\n\n', expected: [msg('x')] },
  {
    name: 'lastEventId persists across events without an id',
    input: 'id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n',
    expected: [msg('a', '1', '1'), msg('b', '1', null), msg('c', '2', '2')],
    lastEventId: '2',
  },
  {
    name: 'an empty id field resets lastEventId',
    input: 'id: 1\ndata: a\n\nid\ndata: b\n\nid: 3\ndata: c\n\nid:\ndata: d\n\n',
    expected: [msg('a', '1', '1'), msg('b', '', ''), msg('c', '3', '3'), msg('d', '', '')],
    lastEventId: '',
  },
  {
    name: 'an id-only block (no data) still sets lastEventId',
    input: 'id: 7\n\ndata: x\n\n',
    expected: [msg('x', '7', null)],
    lastEventId: '7',
  },
  {
    name: 'an id containing U+0000 is ignored',
    input: 'id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\n',
    expected: [msg('a', '1', '1'), msg('b', '1', null)],
    lastEventId: '1',
  },
  {
    name: 'the id field may come after data',
    input: 'data: a\nid: x\n\n',
    expected: [msg('a', 'x', 'x')],
    lastEventId: 'x',
  },
  {
    name: 'an id keeps spaces and unicode',
    input: 'id: a b é\ndata: x\n\n',
    expected: [msg('x', 'a b é', 'a b é')],
    lastEventId: 'a b é',
  },
  { name: 'U+0000 inside data is kept', input: 'data: a\u0000b\n\n', expected: [msg('a\u0000b')] },
  {
    name: 'retry with ASCII digits sets the reconnection time',
    input: 'retry: 1500\n\n',
    expected: [['retry', 1500]],
    reconnectMs: 1500,
  },
  { name: 'retry: 0 is valid', input: 'retry: 0\ndata: x\n\n', expected: [['retry', 0], msg('x')], reconnectMs: 0 },
  {
    name: 'retry values that are not only ASCII digits are ignored',
    input: 'retry: 1.5\nretry: -1\nretry: abc\nretry: 12a\nretry:  100\nretry: 100 \nretry: ١٢\n\n',
    expected: [],
    reconnectMs: 3000,
  },
  {
    name: 'the last valid retry wins',
    input: 'retry: 100\nretry: x\nretry: 250\n\n',
    expected: [
      ['retry', 100],
      ['retry', 250],
    ],
    reconnectMs: 250,
  },
  {
    name: 'comments with and without a space',
    input: ': one\n:two\n:\n::three\n\n',
    expected: [
      ['comment', 'one'],
      ['comment', 'two'],
      ['comment', ''],
      ['comment', ':three'],
    ],
  },
  {
    name: 'a comment inside a block does not dispatch it',
    input: 'data: a\n: note\ndata: b\n\n',
    expected: [['comment', 'note'], msg('a\nb')],
  },
  { name: 'unknown fields are ignored', input: 'foo: bar\ndata: x\nfoo\nbar:\n\n', expected: [msg('x')] },
  {
    name: 'field names are case-sensitive',
    input: 'Data: x\nDATA: y\nEvent: e\nID: 1\n\ndata: z\n\n',
    expected: [msg('z')],
    lastEventId: '',
  },
  { name: 'a space before the colon makes another field', input: 'data : x\n\n', expected: [] },
  { name: 'a leading space makes another field', input: ' data: x\n\n', expected: [] },
  {
    name: 'several blank lines between blocks',
    input: '\n\n\ndata: x\n\n\n\ndata: y\n\n',
    expected: [msg('x'), msg('y')],
  },
  { name: 'an unterminated final block is dropped at stream end', input: 'data: a\n\ndata: b\n', expected: [msg('a')] },
  { name: 'an unterminated final line is dropped at stream end', input: 'data: a\n\ndata: b', expected: [msg('a')] },
  {
    name: 'an id in a dropped final block does not set lastEventId',
    input: 'id: 1\ndata: a\n\nid: 2\ndata: b\n',
    expected: [msg('a', '1', '1')],
    lastEventId: '1',
  },
  { name: 'one leading BOM is stripped', input: '\uFEFFdata: 1\n\n', expected: [msg('1')] },
  {
    name: 'a second leading BOM is part of the first line',
    input: '\uFEFF\uFEFFdata: 1\n\ndata: 2\n\n',
    expected: [msg('2')],
  },
  { name: 'a BOM later in the stream is not stripped', input: 'data: 1\n\n\uFEFFdata: 2\n\n', expected: [msg('1')] },
  {
    name: 'multi-byte UTF-8 in data, type and id',
    input: 'event: 日本\nid: ü😀\ndata: Grüße → 漢字 😀\n\n',
    expected: [['event', '日本', 'Grüße → 漢字 😀', 'ü😀', 'ü😀']],
  },
  {
    name: 'CR line endings',
    input: 'data: a\rdata: b\r\rid: 1\rdata: c\r\r',
    expected: [msg('a\nb'), msg('c', '1', '1')],
    endings: false,
  },
  {
    name: 'CRLF line endings',
    input: 'event: e\r\ndata: a\r\ndata: b\r\n\r\n',
    expected: [['event', 'e', 'a\nb', '', null]],
    endings: false,
  },
  {
    name: 'mixed CR, LF and CRLF endings',
    input: 'data: a\r\ndata: b\ndata: c\r\r\ndata: d\n\r',
    expected: [msg('a\nb\nc'), msg('d')],
    endings: false,
  },
  {
    name: 'CR CR is two line ends, not one',
    input: 'data: a\r\rdata: b\r\n\r\n',
    expected: [msg('a'), msg('b')],
    endings: false,
  },
  { name: 'LF CR is two line ends', input: 'data: a\n\rdata: b\n\n', expected: [msg('a'), msg('b')], endings: false },
  {
    name: 'invalid UTF-8 decodes to U+FFFD',
    input: new Uint8Array([
      ...Buffer.from('data: a'),
      0xff,
      0xfe,
      ...Buffer.from('b'),
      0xe6,
      0x97,
      ...Buffer.from('\ndata: '),
      0xc3,
      ...Buffer.from('\n\n'),
    ]),
    expected: [msg('a\uFFFD\uFFFDb\uFFFD\n\uFFFD')],
  },
  {
    name: 'an overlong encoding and a lone surrogate decode to U+FFFD',
    input: new Uint8Array([...Buffer.from('data: '), 0xc0, 0xaf, 0xed, 0xa0, 0x80, ...Buffer.from('\n\n')]),
    expected: [msg('\uFFFD'.repeat(5))],
  },
  {
    name: 'a long multi-line event with many fields',
    input:
      'event: big\nid: 42\n' + Array.from({ length: 50 }, (_, i) => `data: line ${i} ✓`).join('\n') + '\nretry: 5\n\n',
    expected: [
      ['retry', 5],
      ['event', 'big', Array.from({ length: 50 }, (_, i) => `line ${i} ✓`).join('\n'), '42', '42'],
    ],
    lastEventId: '42',
    reconnectMs: 5,
  },
];

/** The input as bytes. */
export function bytesOf(input: string | Uint8Array): Uint8Array {
  return typeof input === 'string' ? new Uint8Array(Buffer.from(input, 'utf8')) : input;
}

/** The line-ending variants a case runs with. */
export function endingVariants(c: SpecCase): Array<{ name: string; input: string | Uint8Array }> {
  const lfOnly = typeof c.input === 'string' && !c.input.includes('\r');
  if (c.endings === false || !lfOnly) return [{ name: 'as written', input: c.input }];
  const text = c.input as string;
  return [
    { name: 'LF', input: text },
    { name: 'CRLF', input: text.replaceAll('\n', '\r\n') },
    { name: 'CR', input: text.replaceAll('\n', '\r') },
  ];
}
