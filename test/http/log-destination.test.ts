import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createLogDestination, type WriteSync } from '../../api/src/http/log-destination.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const eagain = () => Object.assign(new Error('EAGAIN: resource temporarily unavailable, write'), { code: 'EAGAIN' });

/**
 * A non-blocking pipe as the kernel presents one: it takes up to `room` bytes a call (a partial
 * write when more is offered), throws EAGAIN while it is full, and records each call.
 */
function fakePipe() {
  const pipe = {
    room: Infinity as number,
    full: false,
    broken: false,
    calls: 0,
    received: Buffer.alloc(0),
    write: ((fd, data) => {
      pipe.calls++;
      expect(fd).toBe(1);
      if (pipe.broken) throw Object.assign(new Error('EPIPE: broken pipe, write'), { code: 'EPIPE' });
      if (pipe.full) throw eagain();
      // Text is taken as its UTF-8 bytes, as fs.writeSync does.
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
      const n = Math.min(bytes.length, pipe.room);
      pipe.received = Buffer.concat([pipe.received, bytes.subarray(0, n)]);
      return n;
    }) as WriteSync,
    lines: () => pipe.received.toString('utf8').split('\n').filter(Boolean),
  };
  return pipe;
}

const line = (i: number) => `{"level":30,"n":${i},"msg":"línea ${i}"}\n`;

describe('the log destination', () => {
  it('writes the lines logged together in one write, in order, within milliseconds', async () => {
    const pipe = fakePipe();
    const dest = createLogDestination({ writeSync: pipe.write });
    for (let i = 0; i < 20; i++) dest.write(line(i));
    expect(pipe.calls).toBe(0);
    await sleep(40);
    expect(pipe.calls).toBe(1);
    expect(pipe.lines()).toEqual(Array.from({ length: 20 }, (_, i) => line(i).trim()));
  });

  it('writes at once when 32 KiB are pending, without waiting for the timer', () => {
    const pipe = fakePipe();
    const dest = createLogDestination({ writeSync: pipe.write });
    const big = `{"pad":"${'x'.repeat(1000)}"}\n`;
    for (let i = 0; i < 40; i++) dest.write(big);
    expect(pipe.calls).toBe(1);
    expect(pipe.received.length).toBeGreaterThanOrEqual(32 * 1024);
    dest.flushSync();
    expect(pipe.lines()).toHaveLength(40);
  });

  it('when the pipe takes only part of a write, writes the rest after it, every byte once and in order', async () => {
    const pipe = fakePipe();
    pipe.room = 7; // fewer bytes than a line, and not on a character boundary of "línea"
    const dest = createLogDestination({ writeSync: pipe.write, retryMs: 1 });
    for (let i = 0; i < 5; i++) dest.write(line(i));
    await sleep(20);
    expect(pipe.lines()).toEqual(Array.from({ length: 5 }, (_, i) => line(i).trim()));
  });

  it('when the pipe is full, keeps the lines and writes them, with later ones after, once it drains', async () => {
    const pipe = fakePipe();
    const dest = createLogDestination({ writeSync: pipe.write, retryMs: 2 });
    pipe.full = true;
    dest.write(line(0));
    await sleep(20);
    dest.write(line(1));
    await sleep(10);
    expect(pipe.received.length).toBe(0);
    dest.write(line(2));
    pipe.full = false;
    await sleep(20);
    expect(pipe.lines()).toEqual([0, 1, 2].map((i) => line(i).trim()));
    expect(dest.dropped).toBe(0);
  });

  it('when nothing reads the output, holds at most its limit, drops the rest and says how many where they went missing', async () => {
    const pipe = fakePipe();
    const one = line(0).length;
    const dest = createLogDestination({ writeSync: pipe.write, retryMs: 2, maxPendingBytes: one * 10 });
    pipe.full = true;
    for (let i = 0; i < 25; i++) dest.write(line(i));
    await sleep(20);
    expect(dest.dropped).toBe(15);
    pipe.full = false;
    await sleep(20);
    const got = pipe.lines().map((l) => JSON.parse(l) as { n?: number; dropped?: number; msg: string });
    expect(got.map((l) => l.n)).toEqual([...Array.from({ length: 10 }, (_, i) => i), undefined]);
    expect(got[10]).toMatchObject({ level: 40, dropped: 15 });
    expect(got[10]!.msg).toMatch(/dropped/);
  });

  it('when the output is closed, drops what it cannot write without throwing into the logger', async () => {
    const pipe = fakePipe();
    pipe.broken = true;
    const dest = createLogDestination({ writeSync: pipe.write });
    dest.write(line(0));
    dest.write(line(1));
    await sleep(20);
    expect(dest.dropped).toBe(2);
  });

  it('when the output closes while lines wait for a full pipe, counts each lost line once', async () => {
    let calls = 0;
    let broken = false;
    // Takes 30 bytes (part of the first line), is full after that, then closes.
    const writer: WriteSync = (_fd, data) => {
      if (broken) throw Object.assign(new Error('EPIPE: broken pipe, write'), { code: 'EPIPE' });
      if (calls++ === 0) return Math.min(30, typeof data === 'string' ? Buffer.byteLength(data) : data.length);
      throw eagain();
    };
    const dest = createLogDestination({ writeSync: writer, retryMs: 2 });
    for (let i = 0; i < 3; i++) dest.write(line(i));
    await sleep(20);
    dest.write(line(3));
    broken = true;
    await sleep(30);
    // The first line went in part: it counts as lost with the three that never left.
    expect(dest.dropped).toBe(4);
  });

  it('at exit, writes everything pending at once, waiting out a full pipe', async () => {
    const pipe = fakePipe();
    const dest = createLogDestination({ writeSync: pipe.write });
    let refusals = 3;
    const real = pipe.write;
    const flaky: WriteSync = (...args) => {
      if (refusals-- > 0) throw eagain();
      return real(...args);
    };
    const dest2 = createLogDestination({ writeSync: flaky });
    dest.write(line(0));
    dest2.write(line(1));
    dest.flushSync();
    dest2.flushSync();
    expect(pipe.lines()).toEqual([line(0).trim(), line(1).trim()]);
  });

  it('through a real pipe to another process, every line of a burst arrives whole and in order', async () => {
    const count = 20_000;
    const script = `
      import { createLogDestination } from ${JSON.stringify(new URL('../../api/src/http/log-destination.ts', import.meta.url).href)};
      // As in the API: once anything touches process.stdout, Node makes a pipe on fd 1 non-blocking,
      // so a full pipe answers EAGAIN or takes part of a write.
      if (!process.stdout.writable) process.exit(3);
      const dest = createLogDestination();
      let i = 0;
      const burst = () => {
        for (let k = 0; k < 500 && i < ${count}; k++, i++) dest.write(JSON.stringify({ n: i, pad: 'x'.repeat(200) }) + '\\n');
        if (i < ${count}) setImmediate(burst);
      };
      burst();
      process.on('exit', () => dest.flushSync());
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    // Read slowly at first so the pipe fills and the writer has to wait for it.
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 300);
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(0);
    const ns = Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { n: number }).n);
    expect(ns).toEqual(Array.from({ length: count }, (_, i) => i));
  }, 30_000);
});
