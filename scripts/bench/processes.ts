/**
 * The bench's processes: the API started as `npm start` starts it, the twin and the load client,
 * each a process of its own so none of them takes CPU from another's event loop. RSS is read from
 * /proc while the load runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClientResult } from './client.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const drop = (): void => {};

export interface Proc {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the "listening" line. */
  readyMs: number;
  stop(): Promise<void>;
}

/**
 * Starts `script` with `env` and waits for its listening line. The API's logs (default level,
 * one line per request) are read and dropped, as a log shipper would read them.
 */
export async function startProcess(script: string, args: string[], env: Record<string, string>, listening: RegExp, nodeFlags: string[] = []): Promise<Proc> {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let head = '';
  const url = await new Promise<string>((resolve, reject) => {
    const scan = (d: Buffer) => {
      if (head.length < 65_536) head += d.toString();
      const m = listening.exec(head);
      if (!m) return;
      // From here on the output is only drained, as a log shipper reads it: scanning it per chunk
      // would spend this process's CPU on the very cores the API and the client share.
      child.stdout!.off('data', scan).on('data', drop);
      child.stderr!.off('data', scan).on('data', drop);
      resolve(m[1]!.startsWith('http') ? m[1]! : `http://127.0.0.1:${m[1]}`);
    };
    child.stdout!.on('data', scan);
    child.stderr!.on('data', scan);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${head}`)));
  });
  const readyMs = performance.now() - started;
  return {
    url,
    child,
    readyMs,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    }),
  };
}

/** The API exactly as `npm start` runs it: package.json's start script, its node flags included. */
export function startApi(env: Record<string, string>): Promise<Proc> {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: { start: string } };
  const [node, ...rest] = pkg.scripts.start.split(/\s+/);
  if (node !== 'node') throw new Error(`npm start does not run node directly: ${pkg.scripts.start}`);
  const script = rest.pop()!;
  return startProcess(script, [], { HOST: '127.0.0.1', PORT: '0', ...env }, /listening on (http:\/\/[\d.:]+)/, rest);
}

export function startTwin(bodiesFile: string): Promise<Proc> {
  return startProcess('scripts/bench/twin.ts', [bodiesFile], {}, /listening (\d+)/);
}

/** Resident memory of a process in MB, now. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** Runs a script to its end in its own process while sampling the RSS of `watch` (peak, MB); its last stdout line is JSON. */
export async function runScript<T>(script: string, args: string[], watch: number[] = []): Promise<T & { peakRssMb: number[] }> {
  const peak = watch.map(rssMb);
  const sampler = setInterval(() => watch.forEach((pid, i) => (peak[i] = Math.max(peak[i]!, rssMb(pid)))), 200);
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`${script} exited with ${code}`))));
    });
    return { ...(JSON.parse(out.trim().split('\n').pop()!) as T), peakRssMb: peak };
  } finally {
    clearInterval(sampler);
  }
}

/** Runs the load client (client.ts) in its own process. */
export function runClient(args: string[], watch: number[] = []): Promise<ClientResult & { peakRssMb: number[] }> {
  return runScript<ClientResult>('scripts/bench/client.ts', args, watch);
}
