// The processes a launcher script started, and ending all of them on SIGINT/SIGTERM. Each child
// runs in its own process group (POSIX), so whatever it starts in turn (Electron's helpers, the
// build's tools) ends with it.
import { spawn } from 'node:child_process';

const children = new Set();
const posix = process.platform !== 'win32';
let stopping = false;

/** spawn(), remembered until it exits; stdio is inherited unless `options.stdio` says otherwise. */
export function start(command, args, options = {}) {
  const child = spawn(command, args, { stdio: 'inherit', ...options, detached: posix });
  track(child);
  return child;
}

/** Remembers a child started elsewhere (it must have been spawned with `detached` on POSIX). */
export function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

function signalAll(signal) {
  for (const child of children) {
    try {
      if (posix) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

/** Ends every child (SIGTERM, then SIGKILL after `graceMs`) and exits with `code`. */
export function stopAll(code, graceMs = 3000) {
  if (stopping) return;
  stopping = true;
  signalAll('SIGTERM');
  const deadline = setTimeout(() => {
    signalAll('SIGKILL');
    process.exit(code);
  }, graceMs);
  const check = setInterval(() => {
    if (children.size > 0) return;
    clearInterval(check);
    clearTimeout(deadline);
    process.exit(code);
  }, 50);
}

/** SIGINT/SIGTERM/SIGHUP to this process end every child, then this process (128 + signal number). */
export function stopOnSignals() {
  for (const [signal, number] of [
    ['SIGINT', 2],
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ])
    process.on(signal, () => stopAll(128 + number));
}

/**
 * `npm start` runs this script through a shell, and npm passes a signal to that shell only: the
 * shell dies and this script would live on as an orphan. So a changed parent counts as a signal.
 */
export function stopWhenOrphaned(intervalMs = 200) {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stopAll(129);
  }, intervalMs).unref();
}

/** Resolves with the exit code (a signal death counts as 1). */
export function exited(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode ?? 1);
    child.once('exit', (code) => resolve(code ?? 1));
    child.once('error', () => resolve(1));
  });
}
