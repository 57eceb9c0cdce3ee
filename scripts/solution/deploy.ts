/**
 * `npm run deploy:solution -- --environment <id|url> [--settings <sync settings.json>] [--unmanaged]
 *   [--connector-settings <file>] [--dry-run]`
 *
 * Imports the packed solutions with `pac solution import`, connector solution first (custom
 * connectors must exist before the flows that use them), then the tables the flows write to, then the sync solution with its
 * deployment settings (connection ids and environment variable values). Once the connection
 * references are bound, turns on any flow import left off through the Dataverse Web API
 * (DYNAMICS_* settings, an application user of the environment) and reports every flow's state.
 * Refuses before calling pac when the settings still hold empty connection ids or required values,
 * or when the Web API is not configured, so an import is never left half-done.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, missingDynamicsSettings } from '../../api/src/config/index.ts';
import { createDataverseClient, type DataverseClient } from '../../api/src/dynamics/index.ts';
import { PacNotFoundError, redactArgs, runPac } from '../pac.ts';
import { formatReport, solutionFlows, turnOnFlows } from './activate.ts';
import { NEEDED_WHEN_USED } from './flows/common.ts';
import type { DeploymentSettings } from './pack-lib.ts';
import { readZip } from './zip.ts';

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

/**
 * The environment variables the packed flows read and cannot run without (the Field Service
 * lookups' vendor and currency): they have no default, so the settings file leaves them out
 * (an empty value is refused at import) and the admin must add them.
 */
export function variablesTheFlowsNeed(zip: Uint8Array): string[] {
  const used = new Set<string>();
  const dec = new TextDecoder();
  for (const [name, bytes] of readZip(zip)) {
    if (!/^Workflows\/[^/]+\.json$/.test(name)) continue;
    const flow = JSON.parse(dec.decode(bytes)) as { properties?: { definition?: { parameters?: Record<string, { metadata?: { schemaName?: unknown } }> } } };
    for (const p of Object.values(flow.properties?.definition?.parameters ?? {})) {
      if (typeof p.metadata?.schemaName === 'string') used.add(p.metadata.schemaName);
    }
  }
  return NEEDED_WHEN_USED.filter((v) => used.has(v));
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
  const steps: { solution: string; settings?: string }[] = [
    { solution: 'EnergyCmmsConnector', settings: o.connectorSettings ?? join(o.distDir, 'EnergyCmmsConnector.settings.json') },
    // The tables the flows write to, before the flows; no variables or connections to set.
    { solution: 'EnergyCmmsTables' },
    { solution: 'EnergyCmmsSync', settings: o.syncSettings ?? join(o.distDir, 'EnergyCmmsSync.settings.json') },
  ];
  for (const step of steps) {
    const zip = findZip(o.distDir, step.solution, o.managed, files);
    if (!zip) throw new Error(`no ${o.managed ? 'managed' : 'unmanaged'} zip of ${step.solution} in ${o.distDir}: run "npm run solution" first`);
    // No --activate-plugins ("activate processes after import" is deprecated): the flows ship on,
    // and any that import left off are turned on afterwards through the Web API (activate.ts).
    const args = ['solution', 'import', '--path', zip, ...(step.settings ? ['--settings-file', step.settings] : []), '--publish-changes'];
    if (o.environment) args.push('--environment', o.environment);
    plan.push({ solution: step.solution, args });
  }
  return plan;
}

export interface DeployArgs {
  environment?: string | undefined;
  settings?: string | undefined;
  connectorSettings?: string | undefined;
  unmanaged: boolean;
  dryRun: boolean;
}

export interface DeployDeps {
  distDir: string;
  /** Environment handed to pac (PATH decides which pac runs, and its auth profile). */
  pacEnv: Record<string, string | undefined>;
  /** The target environment's Web API, to turn flows on and read their state; undefined when not configured. */
  dataverse: Pick<DataverseClient, 'request'> | undefined;
  /** What to say when `dataverse` is undefined. */
  dataverseMissing?: string | undefined;
  log(line: string): void;
  error(line: string): void;
}

/** Imports the three solutions, then turns on what import left off and reports every flow. Exit code. */
export async function deploy(a: DeployArgs, d: DeployDeps): Promise<number> {
  const files = existsSync(d.distDir) ? readdirSync(d.distDir) : [];
  const plan = importPlan(
    { distDir: d.distDir, environment: a.environment, managed: !a.unmanaged, connectorSettings: a.connectorSettings, syncSettings: a.settings },
    files,
  );
  const settingsOf = (step: PlannedImport) => step.args[step.args.indexOf('--settings-file') + 1]!;
  const sync = plan[plan.length - 1]!;
  const checks = [
    { path: settingsOf(plan[0]!), required: ['cmms_CmmsApiHost', 'cmms_CmmsClientId'], flag: '--connector-settings' },
    { path: settingsOf(sync), required: variablesTheFlowsNeed(readFileSync(sync.args[sync.args.indexOf('--path') + 1]!)), flag: '--settings' },
  ];
  let ready = true;
  for (const c of checks) {
    const problems = settingsProblems(JSON.parse(readFileSync(c.path, 'utf8')) as DeploymentSettings, c.required);
    if (problems.length === 0) continue;
    ready = false;
    d.error(`${c.path} is not ready for import:\n  ${problems.join('\n  ')}\nCopy it, fill it in and pass it with ${c.flag}.`);
  }
  if (!ready) return 1;
  // Checked before anything is imported: an import whose flows cannot be turned on is half-done.
  if (!a.dryRun && !d.dataverse) {
    d.error(`${d.dataverseMissing ?? 'Dataverse is not configured'}: the deploy turns the flows on through the Web API after import and reports their state.`);
    return 2;
  }
  for (const step of plan) {
    d.log(`pac ${redactArgs(step.args).join(' ')}`);
    if (a.dryRun) continue;
    const result = await runPac(step.args, { env: d.pacEnv });
    if (result.code !== 0) {
      d.error(`importing ${step.solution} failed (exit ${result.code}):\n${result.stderr || result.stdout}`);
      return 1;
    }
    d.log(`${step.solution} imported`);
  }
  const syncZip = sync.args[sync.args.indexOf('--path') + 1]!;
  const solution = solutionFlows(new Uint8Array(readFileSync(syncZip)));
  if (a.dryRun) {
    d.log(`then: turn on ${solution.flows.map((f) => f.name).join(', ')} once ${solution.connectionReferences.join(', ')} have connections`);
    return 0;
  }
  const report = await turnOnFlows(d.dataverse!, solution);
  for (const line of formatReport(report)) d.log(line);
  if (report.unbound.length) {
    d.error(`Bind ${report.unbound.join(', ')} (ConnectionId in ${checks[1]!.path}, or in the solution), then run the deploy again.`);
  }
  return report.flows.every((f) => f.state === 'on') ? 0 : 1;
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
  const config = loadConfig(process.env);
  const missing = missingDynamicsSettings(config);
  return deploy(
    {
      environment: values.environment ?? config.dynamics.url,
      settings: values.settings,
      connectorSettings: values['connector-settings'],
      unmanaged: values.unmanaged,
      dryRun: values['dry-run'],
    },
    {
      distDir: resolve(import.meta.dirname, '..', '..', 'dist', 'solution'),
      // The CLI entry point hands its own environment (PATH, pac's auth profile) to pac.
      pacEnv: process.env,
      dataverse: missing.length ? undefined : createDataverseClient({ settings: config.dynamics }),
      dataverseMissing: missing.length ? `set ${missing.join(', ')} (an application user of the target environment)` : undefined,
      log: (l) => console.log(l),
      error: (l) => console.error(l),
    },
  );
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
