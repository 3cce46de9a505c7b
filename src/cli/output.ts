/**
 * stdout as a Unix citizen: writes are buffered by Node and flushed before exit; a closed pipe
 * (`| head`) ends the program quietly with exit 0 instead of an EPIPE stack trace.
 */
export interface Output {
  /** Write one line (a newline is appended). */
  line(text: string): void;
  /** True when stdout is a terminal (human output, colours). */
  readonly isTTY: boolean;
  /** True once the reader went away. */
  readonly closed: boolean;
  /** Resolves when everything written so far has been handed to the OS. */
  flush(): Promise<void>;
  /** Called once when the reader goes away (EPIPE). */
  onClose(listener: () => void): void;
}

export function createOutput(stream: NodeJS.WriteStream = process.stdout): Output {
  let closed = false;
  const listeners: Array<() => void> = [];
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
      if (!closed) {
        closed = true;
        for (const l of listeners) l();
      }
      return;
    }
    process.stderr.write(`streamscope: stdout: ${err.message}\n`);
    process.exit(1);
  });
  return {
    get isTTY() {
      return Boolean(stream.isTTY);
    },
    get closed() {
      return closed;
    },
    line(text) {
      if (closed) return;
      stream.write(text + '\n');
    },
    flush() {
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
  process.stderr.write(`streamscope: ${message.split('\n')[0]}\n`);
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
