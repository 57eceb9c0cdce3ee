/**
 * `npm run deploy:solution -- --environment <id|url> [--settings <sync settings.json>] [--unmanaged]
 *   [--connector-settings <file>] [--dry-run]`
 *
 * Imports the packed solutions with `pac solution import`, connector solution first (custom
 * connectors must exist before the flows that use them), then the tables, then the sync solution with its
 * deployment settings (connection ids and environment variable values) and its flows turned on.
 * Refuses before calling pac when the settings still hold empty connection ids, so an import never
 * leaves flows off for lack of a connection.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PacNotFoundError, redactArgs, runPac } from '../pac.ts';
import type { DeploymentSettings } from './pack-lib.ts';

export interface DeployPlanOptions {
  distDir: string;
  environment?: string | undefined;
  managed: boolean;
  connectorSettings?: string | undefined;
  syncSettings?: string | undefined;
}

export interface PlannedImport {
  solution: string;
  args: string[];
}

/** The zip of a solution in the output folder, newest version first when several are there. */
export function findZip(distDir: string, uniqueName: string, managed: boolean, list: string[]): string | undefined {
  const re = new RegExp(`^${uniqueName}_(\\d+)_(\\d+)_(\\d+)_(\\d+)${managed ? '_managed' : ''}\\.zip$`);
  const found = list
    .map((f) => ({ f, m: re.exec(f) }))
    .filter((x): x is { f: string; m: RegExpExecArray } => x.m !== null)
    .sort((a, b) => {
      for (let i = 1; i <= 4; i++) {
        const d = Number(b.m[i]) - Number(a.m[i]);
        if (d) return d;
      }
      return 0;
    });
  return found[0] ? join(distDir, found[0].f) : undefined;
}

/** What still needs a value before the sync import can bind its connections. */
export function settingsProblems(settings: DeploymentSettings, requiredVariables: readonly string[] = []): string[] {
  const problems: string[] = [];
  for (const name of requiredVariables) {
    const v = settings.EnvironmentVariables.find((e) => e.SchemaName === name);
    if (!v?.Value) problems.push(`EnvironmentVariables ${name}: needs a value`);
  }
  for (const c of settings.ConnectionReferences) {
    if (!/^[0-9a-f]{32}$/i.test(c.ConnectionId)) {
      problems.push(`ConnectionReferences ${c.LogicalName}: ConnectionId must be the 32-hex connection name from the connection's URL`);
    }
  }
  return problems;
}

export function importPlan(o: DeployPlanOptions, files: string[]): PlannedImport[] {
  const plan: PlannedImport[] = [];
  const steps = [
    { solution: 'EnergyCmmsConnector', settings: o.connectorSettings ?? join(o.distDir, 'EnergyCmmsConnector.settings.json') },
    // The tables the flows write to, before the flows.
    { solution: 'EnergyCmmsTables', settings: join(o.distDir, 'EnergyCmmsTables.settings.json') },
    { solution: 'EnergyCmmsSync', settings: o.syncSettings ?? join(o.distDir, 'EnergyCmmsSync.settings.json') },
  ];
  for (const step of steps) {
    const zip = findZip(o.distDir, step.solution, o.managed, files);
    if (!zip) throw new Error(`no ${o.managed ? 'managed' : 'unmanaged'} zip of ${step.solution} in ${o.distDir}: run "npm run solution" first`);
    const args = ['solution', 'import', '--path', zip, '--settings-file', step.settings, '--publish-changes'];
    // Turns the sync flows on after import (they ship off so an import without connections never fails).
    if (step.solution === 'EnergyCmmsSync') args.push('--activate-plugins');
    if (o.environment) args.push('--environment', o.environment);
    plan.push({ solution: step.solution, args });
  }
  return plan;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      environment: { type: 'string' },
      settings: { type: 'string' },
      'connector-settings': { type: 'string' },
      unmanaged: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const distDir = resolve(import.meta.dirname, '..', '..', 'dist', 'solution');
  const files = existsSync(distDir) ? (await import('node:fs')).readdirSync(distDir) : [];
  const plan = importPlan(
    { distDir, environment: values.environment, managed: !values.unmanaged, connectorSettings: values['connector-settings'], syncSettings: values.settings },
    files,
  );
  const settingsOf = (step: PlannedImport) => step.args[step.args.indexOf('--settings-file') + 1]!;
  const checks = [
    { path: settingsOf(plan[0]!), required: ['cmms_CmmsApiHost', 'cmms_CmmsClientId'], flag: '--connector-settings' },
    { path: settingsOf(plan[plan.length - 1]!), required: [], flag: '--settings' },
  ];
  let ready = true;
  for (const c of checks) {
    const problems = settingsProblems(JSON.parse(readFileSync(c.path, 'utf8')) as DeploymentSettings, c.required);
    if (problems.length === 0) continue;
    ready = false;
    console.error(`${c.path} is not ready for import:\n  ${problems.join('\n  ')}\nCopy it, fill it in and pass it with ${c.flag}.`);
  }
  if (!ready) return 1;
  for (const step of plan) {
    console.log(`pac ${redactArgs(step.args).join(' ')}`);
    if (values['dry-run']) continue;
    // The CLI entry point hands its own environment (PATH, pac's auth profile) to pac.
    const result = await runPac(step.args, { env: process.env });
    if (result.code !== 0) {
      console.error(`importing ${step.solution} failed (exit ${result.code}):\n${result.stderr || result.stdout}`);
      return 1;
    }
    console.log(`${step.solution} imported`);
  }
  return 0;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(e instanceof PacNotFoundError ? e.message : `deploy failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    },
  );
}
