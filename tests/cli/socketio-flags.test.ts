/** The Socket.IO request flags, read in process: what they build and every mistake's one line. */
import { describe, expect, it } from 'vitest';
import { parseCommandArgs } from '../../src/cli/args';
import { UsageError } from '../../src/cli/errors';
import { REQUEST_FLAGS, requestFromFlags } from '../../src/cli/request-flags';

const read = (url: string, flags: string[]) => requestFromFlags(url, parseCommandArgs([url, ...flags], REQUEST_FLAGS));

describe('--socketio flags', () => {
  it('build the request: namespace, auth and the emits in order', () => {
    const { request, sendOnOpen } = read('https://example.test', [
      '--socketio',
      '--namespace',
      '/chat',
      '--auth',
      '{"token":"t"}',
      '--emit',
      'join',
      '["room", 1]',
      '--emit=ping-me',
      '[]',
    ]);
    expect(request).toEqual({
      url: 'https://example.test',
      socketio: {
        namespace: '/chat',
        auth: { token: 't' },
        emits: [
          { event: 'join', args: ['room', 1] },
          { event: 'ping-me', args: [] },
        ],
      },
    });
    expect(sendOnOpen).toEqual([]);
    expect(read('ws://h/socket.io/', ['--socketio']).request).toEqual({ url: 'ws://h/socket.io/', socketio: {} });
  });

  it.each([
    [['--namespace', '/x'], '--namespace works with --socketio only'],
    [['--emit', 'a', '[]'], '--emit works with --socketio only'],
    [['--socketio', '--namespace', 'x'], '--namespace: a namespace starts with "/", got "x"'],
    [['--socketio', '--auth', '[1]'], '--auth expects a JSON object'],
    [['--socketio', '--auth', '{'], '--auth expects JSON'],
    [['--socketio', '--emit', 'a', '{}'], '--emit a expects a JSON array of the arguments'],
    [['--socketio', '--emit', 'connect', '[]'], '--emit: "connect" is a reserved Socket.IO event name'],
    [['--socketio', '--emit', 'a'], '--emit expects two values'],
    [['--socketio', '--send', 'x'], '--send is for plain WebSocket; on a Socket.IO session use --emit'],
    [['--socketio', '--mcp'], '--mcp does not apply to --socketio'],
    [['--socketio', '-d', '{}'], '--data does not apply to --socketio'],
  ])('%j is refused', (flags, message) => {
    expect(() => read('http://127.0.0.1:9/', flags)).toThrow(UsageError);
    expect(() => read('http://127.0.0.1:9/', flags)).toThrow(message);
  });
});
