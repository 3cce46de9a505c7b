/**
 * stdout as a Unix citizen. Lines are gathered and handed to the OS in batches (one write per
 * 64 KiB or per event-loop turn, never one per line), the reader's pace is visible to producers
 * (`full` / `writable()`) so nothing piles up in memory, everything is flushed before exit, and a
 * closed pipe (`| head`) ends the program quietly with exit 0 instead of an EPIPE stack trace.
 */
import { escapeForTerminal } from '#shared/control-chars';

export interface Output {
  /** Write one line (a newline is appended). */
  line(text: string): void;
  /** True when stdout is a terminal (human output, colours). */
  readonly isTTY: boolean;
  /** True once the reader went away. */
  readonly closed: boolean;
  /**
   * True while the reader is behind by more than {@link OUTPUT_HIGH_WATER} bytes: a producer that
   * can wait (a replay, a paused socket) waits for writable() before producing more.
   */
  readonly full: boolean;
  /** Resolves once the reader has caught up (at once when not full, or when it went away). */
  writable(): Promise<void>;
  /** Resolves when everything written so far has been handed to the OS. */
  flush(): Promise<void>;
  /** Called once when the reader goes away (EPIPE). */
  onClose(listener: () => void): void;
}

/** Characters gathered before they are written without waiting for the end of the turn. */
const BATCH_CHARS = 64 * 1024;
/** Bytes queued for a slow reader beyond which `full` asks producers to wait. */
export const OUTPUT_HIGH_WATER = 1024 * 1024;

export function createOutput(stream: NodeJS.WriteStream = process.stdout): Output {
  let closed = false;
  let pending = '';
  let scheduled = false;
  const listeners: Array<() => void> = [];
  let waiters: Array<() => void> = [];

  const wake = (): void => {
    const woken = waiters;
    waiters = [];
    for (const w of woken) w();
  };
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
      if (!closed) {
        closed = true;
        pending = '';
        for (const l of listeners) l();
        wake();
      }
      return;
    }
    process.stderr.write(`streamscope: stdout: ${err.message}\n`);
    process.exit(1);
  });
  stream.on('drain', wake);

  const writeOut = (): void => {
    scheduled = false;
    if (closed || pending === '') return;
    const text = pending;
    pending = '';
    stream.write(text);
  };
  const isFull = (): boolean => !closed && stream.writableLength + pending.length >= OUTPUT_HIGH_WATER;

  return {
    get isTTY() {
      return Boolean(stream.isTTY);
    },
    get closed() {
      return closed;
    },
    get full() {
      return isFull();
    },
    line(text) {
      if (closed) return;
      pending += text + '\n';
      if (pending.length >= BATCH_CHARS) writeOut();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(writeOut);
      }
    },
    writable() {
      if (!isFull()) return Promise.resolve();
      // Whatever is gathered must go out, or 'drain' would never come.
      writeOut();
      return new Promise((resolve) => {
        waiters.push(resolve);
        // Written synchronously after all (a fast reader): nothing to wait for.
        if (!isFull()) wake();
      });
    },
    flush() {
      writeOut();
      if (closed || stream.writableLength === 0) return Promise.resolve();
      return new Promise((resolve) => {
        stream.write('', () => resolve());
      });
    },
    onClose(listener) {
      listeners.push(listener);
    },
  };
}

/** One line on stderr, prefixed with the program name. */
export function printError(message: string): void {
  // Messages can quote what a server sent (a close reason, a status text): never raw controls.
  process.stderr.write(`streamscope: ${escapeForTerminal(message.split('\n')[0]!)}\n`);
}

const useColour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

function paint(code: string): (text: string) => string {
  return (text) => (useColour ? `\x1b[${code}m${text}\x1b[0m` : text);
}

export const colour = {
  dim: paint('2'),
  bold: paint('1'),
  red: paint('31'),
  green: paint('32'),
  yellow: paint('33'),
  blue: paint('34'),
  magenta: paint('35'),
  cyan: paint('36'),
};
