/**
 * Where pino's lines go in production: standard output, gathered for up to FLUSH_AFTER_MS (or
 * FLUSH_AT_CHARS) and written with one system call.
 *
 * Written here rather than with pino's own destination (sonic-boom), measured under `npm run bench`'s
 * client with the output read through a pipe, as a log shipper reads it:
 * - sonic-boom writes whenever no write is under way, so under load nearly every request line
 *   became a write of its own: in async mode each one a hop through libuv's thread pool, in sync
 *   mode a system call. One line per request then cost 7–10 µs of CPU, a third of a cached read.
 * - Gathering the lines of an event-loop turn into one write brought that to about 2 µs (14 lines a
 *   write at 45 000 requests/s), and gathering them for 10 ms to about 1 µs, GetAsset's ratio to the
 *   twin going from 0.72 to 0.78 in alternating rounds. A line waits at most those 10 ms; at exit
 *   everything pending is written before the process ends.
 * - sonic-boom's sync mode also sleeps 100 ms when the pipe is full; here the rest is kept and
 *   written when the pipe takes it again.
 *
 * Memory is bounded: if the output is not read at all, lines beyond MAX_PENDING_BYTES are dropped and
 * counted, and a line saying how many were dropped stands where they would have been.
 */
import { writeSync as fsWriteSync } from 'node:fs';

/** Writes text (as UTF-8) or bytes to a file descriptor and returns how many bytes were taken: `fs.writeSync`'s shape. */
export type WriteSync = (fd: number, data: string | Uint8Array) => number;

export interface LogDestination {
  /** pino's stream interface: one serialized line, newline included. */
  write(line: string): boolean;
  /** Writes everything pending before returning (at exit): waits for a full pipe up to a deadline. */
  flushSync(): void;
  /** pino's `logger.flush(cb)`. */
  flush(cb?: (err?: Error) => void): void;
  /** Lines dropped because the output was not taking them. */
  readonly dropped: number;
}

export interface LogDestinationOptions {
  fd?: number;
  writeSync?: WriteSync;
  maxPendingBytes?: number;
  /** How long to wait before trying a full pipe again. */
  retryMs?: number;
}

const MAX_PENDING_BYTES = 16 * 1024 * 1024;
const FLUSH_AFTER_MS = 10;
/** Half a Linux pipe's default 64 KiB: a write this size is taken whole by a pipe being read. */
const FLUSH_AT_CHARS = 32 * 1024;
const RETRY_MS = 10;
const EXIT_DEADLINE_MS = 2_000;

export function createLogDestination(options: LogDestinationOptions = {}): LogDestination {
  const fd = options.fd ?? 1;
  const write: WriteSync = options.writeSync ?? ((f, d) => (typeof d === 'string' ? fsWriteSync(f, d) : fsWriteSync(f, d, 0, d.length)));
  const maxPending = options.maxPendingBytes ?? MAX_PENDING_BYTES;
  const retryMs = options.retryMs ?? RETRY_MS;
  /** Lines logged since the last write, and bytes of an earlier write the output did not take. */
  let lines: string[] = [];
  let pendingChars = 0;
  let rest: Buffer | undefined;
  let timer: NodeJS.Timeout | undefined;
  let retrying: NodeJS.Timeout | undefined;
  let dropped = 0;
  let droppedUnreported = 0;

  /** Says, where the lines went missing, how many did. */
  const noteDropped = () => {
    lines.push(`{"level":40,"time":${Date.now()},"dropped":${droppedUnreported},"msg":"log lines were dropped: the log output was not being read"}\n`);
    droppedUnreported = 0;
  };
  /** Writes what it can now; returns false when the output is full (or gone) and bytes remain. */
  const writeOut = (): boolean => {
    if (droppedUnreported) noteDropped();
    if (!rest && !lines.length) return true;
    // Text goes out as text: Node encodes it into a buffer it frees at once. A Buffer made here per
    // write (32 KiB, outside the JS heap) lingered until a GC and put ~50 MB on RSS under load.
    // Bytes are made only for what a full pipe did not take.
    const text = lines.join('');
    lines = [];
    pendingChars = 0;
    if (rest) {
      const r = writeAll(rest);
      // writeAll counted what was left of `rest`; the new lines go with it.
      if (r === 'gone') dropped += countLines(text);
      if (r !== 'done') {
        rest = r === 'gone' ? undefined : Buffer.concat([r, Buffer.from(text, 'utf8')]);
        return r === 'gone';
      }
      rest = undefined;
    }
    if (!text) return true;
    const left = writeAll(text);
    if (left === 'done' || left === 'gone') return true;
    rest = left;
    return false;
  };

  /**
   * Writes `data` until done, the pipe is full (the bytes left are returned) or the output is gone
   * (its lines counted as dropped). Text becomes bytes only when the pipe took part of it.
   */
  const writeAll = (data: string | Buffer): Buffer | 'done' | 'gone' => {
    for (;;) {
      let n: number;
      try {
        n = write(fd, data);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        // The output is closed or broken (EPIPE, EBADF): nothing written to it can arrive.
        dropped += countLines(data);
        return 'gone';
      }
      if (typeof data === 'string') {
        if (n === Buffer.byteLength(data, 'utf8')) return 'done';
        data = Buffer.from(data, 'utf8');
      }
      data = data.subarray(n);
      if (!data.length) return 'done';
    }
  };

  const flushNow = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (retrying) return;
    if (!writeOut()) retryLater();
  };
  const retryLater = () => {
    retrying = setTimeout(() => {
      retrying = undefined;
      if (!writeOut()) retryLater();
    }, retryMs);
    retrying.unref();
  };

  return {
    write(line) {
      if ((rest?.length ?? 0) + pendingChars + line.length > maxPending) {
        dropped++;
        droppedUnreported++;
        return true;
      }
      if (droppedUnreported) noteDropped();
      lines.push(line);
      pendingChars += line.length;
      if (retrying) return true;
      if (pendingChars >= FLUSH_AT_CHARS) flushNow();
      else if (!timer) {
        // Unref'd: a pending line does not keep the process alive; exit writes it (flushSync).
        timer = setTimeout(flushNow, FLUSH_AFTER_MS);
        timer.unref();
      }
      return true;
    },
    flushSync() {
      if (retrying) clearTimeout(retrying);
      if (timer) clearTimeout(timer);
      retrying = timer = undefined;
      const deadline = Date.now() + EXIT_DEADLINE_MS;
      const pause = new Int32Array(new SharedArrayBuffer(4));
      while (!writeOut()) {
        if (Date.now() > deadline) {
          dropped += countLines(rest!);
          rest = undefined;
          return;
        }
        Atomics.wait(pause, 0, 0, 1);
      }
    },
    flush(cb) {
      this.flushSync();
      cb?.();
    },
    get dropped() {
      return dropped;
    },
  };
}

/** Newlines in text or bytes: the lines they hold. */
function countLines(data: string | Buffer): number {
  let n = 0;
  for (let i = data.indexOf('\n'); i >= 0; i = data.indexOf('\n', i + 1)) n++;
  return n;
}
