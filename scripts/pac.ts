/**
 * A thin wrapper around the Power Platform CLI (`pac`). Microsoft's npm wrapper package is not on the
 * public registry, so this finds the executable on PATH and runs it with arguments as an array (no
 * shell, so nothing in an argument is interpreted). Output is captured and returned, never printed,
 * and argument lists shown to people go through `redactArgs` first.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const PAC_INSTALL_HELP = [
  'The Power Platform CLI (pac) was not found on PATH. Install it with one of:',
  '  dotnet tool install --global Microsoft.PowerApps.CLI.Tool   (needs the .NET SDK; then open a new shell)',
  '  the Power Platform CLI MSI for Windows: https://aka.ms/PowerAppsCLI',
  '  the Power Platform Tools extension for Visual Studio Code',
  'Then sign in with: pac auth create --environment <environment URL or id>',
].join('\n');

export class PacNotFoundError extends Error {
  constructor() {
    super(PAC_INSTALL_HELP);
    this.name = 'PacNotFoundError';
  }
}

export interface PacResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface PacOptions {
  /** Environment for the child process; PATH in it decides which `pac` runs. Defaults to no variables. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}

function candidates(name: string, platform: NodeJS.Platform): string[] {
  return platform === 'win32' ? [`${name}.exe`, `${name}.cmd`, `${name}.bat`, name] : [name];
}

/** The first executable `pac` on the given PATH, or undefined. */
export function findPac(pathValue: string | undefined, platform: NodeJS.Platform = process.platform): string | undefined {
  for (const dir of (pathValue ?? '').split(delimiter).filter(Boolean)) {
    for (const file of candidates('pac', platform)) {
      const full = join(dir, file);
      try {
        accessSync(full, platform === 'win32' ? constants.F_OK : constants.X_OK);
        return full;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

const SECRET_FLAGS = new Set(['--secret', '--clientsecret', '--client-secret', '--password', '-p', '--applicationsecret', '-cs']);

/** A copy of `args` fit for logs: values after secret-bearing flags become `***`. */
export function redactArgs(args: readonly string[]): string[] {
  return args.map((arg, i) => {
    const previous = args[i - 1]?.toLowerCase();
    if (previous && SECRET_FLAGS.has(previous)) return '***';
    const eq = arg.indexOf('=');
    if (eq > 0 && SECRET_FLAGS.has(arg.slice(0, eq).toLowerCase())) return `${arg.slice(0, eq)}=***`;
    return arg;
  });
}

export function runPac(args: readonly string[], options: PacOptions = {}): Promise<PacResult> {
  const env = Object.fromEntries(Object.entries(options.env ?? {}).filter((e): e is [string, string] => e[1] !== undefined));
  const pac = findPac(env.PATH ?? env.Path);
  if (!pac) return Promise.reject(new PacNotFoundError());
  return new Promise((resolvePromise, reject) => {
    const child = spawn(pac, [...args], { env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolvePromise({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}
