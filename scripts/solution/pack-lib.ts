/**
 * Packs both solutions (managed and unmanaged) and writes the deployment-settings files that
 * `pac solution import --settings-file` reads (solution-format.md §9).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSolution, type BuiltSolution } from './build.ts';
import { flowSources } from './flow-context.ts';
import { generateFlows } from './flows/index.ts';
import { loadMappingChoice, type MappingChoice, type ResolvedMapping } from './mapping-source.ts';
import { elementText } from './xml-text.ts';
import { writeZip } from './zip.ts';

/**
 * Import order matters: custom connectors must exist before the flows that use them, and the
 * tables the flows write to before the sync solution.
 */
export const SOLUTION_FOLDERS = ['connector', 'tables', 'sync'] as const;

export interface PackOptions {
  root: string;
  outDir?: string | undefined;
  /** The paconn package to pack into the connector solution (default connector/). */
  connectorDir?: string | undefined;
  connectorInternalId?: string | undefined;
  /** Which mapping the flows are generated for (preset or file; default DEFAULT_MAPPING_PRESET). */
  mapping?: MappingChoice | undefined;
  /** Minutes between runs of the scheduled flows (written as a literal). */
  intervalMinutes?: number | undefined;
}

export interface PackedFile {
  solution: string;
  managed: boolean;
  path: string;
  bytes: Uint8Array;
}

export interface DeploymentSettings {
  EnvironmentVariables: { SchemaName: string; Value: string }[];
  ConnectionReferences: { LogicalName: string; ConnectionId: string; ConnectorId: string }[];
}

export interface PackResult {
  mapping: ResolvedMapping;
  zips: PackedFile[];
  settings: { solution: string; path: string; settings: DeploymentSettings }[];
}

export function zipFileName(built: BuiltSolution, managed: boolean): string {
  return `${built.uniqueName}_${built.version.replace(/\./g, '_')}${managed ? '_managed' : ''}.zip`;
}

/** Both solutions built in memory for one kind (managed or not), in import order. */
export function buildSolutions(options: PackOptions, managed: boolean, mapping = loadMappingChoice(options.mapping)): BuiltSolution[] {
  const connectorDir = options.connectorDir ?? join(options.root, 'connector');
  const { ctx, connector } = flowSources({ solutionDir: join(options.root, 'solution'), connectorDir, mapping, intervalMinutes: options.intervalMinutes });
  const generated = generateFlows(ctx, connector);
  return SOLUTION_FOLDERS.map((folder) =>
    buildSolution(join(options.root, 'solution', folder), {
      connectorDir,
      managed,
      connectorInternalId: options.connectorInternalId,
      generated: folder === 'sync' ? generated : undefined,
    }),
  );
}

/** Builds everything in memory; `packSolutions` writes it out. */
export function buildAll(options: PackOptions): PackResult {
  const outDir = options.outDir ?? join(options.root, 'dist', 'solution');
  const mapping = loadMappingChoice(options.mapping);
  const zips: PackedFile[] = [];
  const settings: PackResult['settings'] = [];
  const kinds = [false, true].map((managed) => buildSolutions(options, managed, mapping));
  for (const [i] of SOLUTION_FOLDERS.entries()) {
    for (const [k, managed] of [false, true].entries()) {
      const built = kinds[k]![i]!;
      zips.push({ solution: built.uniqueName, managed, path: join(outDir, zipFileName(built, managed)), bytes: writeZip(built.entries) });
      // A solution with no variables or connections at all (the tables) gets no settings file: it imports without one.
      const settable = [...built.entries.keys()].some((n) => n.startsWith('environmentvariabledefinitions/'))
        || new TextDecoder().decode(built.entries.get('customizations.xml')).includes('<connectionreference ');
      if (!managed && settable) {
        settings.push({ solution: built.uniqueName, path: join(outDir, `${built.uniqueName}.settings.json`), settings: deploymentSettings(built) });
      }
    }
  }
  return { mapping, zips, settings };
}

export function packSolutions(options: PackOptions): PackResult {
  const result = buildAll(options);
  for (const z of result.zips) {
    mkdirSync(join(z.path, '..'), { recursive: true });
    writeFileSync(z.path, z.bytes);
  }
  for (const s of result.settings) writeFileSync(s.path, JSON.stringify(s.settings, null, 2) + '\n');
  return result;
}

/**
 * Values start as the definitions' defaults and connection ids empty: an admin fills them per
 * environment, never in the repository. A variable without a default is left out: import refuses
 * an empty value ("Environment variable value cannot be an empty string", real-exports.md), and an
 * optional variable left out keeps whatever the environment has.
 */
export function deploymentSettings(built: BuiltSolution): DeploymentSettings {
  const dec = new TextDecoder();
  const EnvironmentVariables: DeploymentSettings['EnvironmentVariables'] = [];
  for (const [name, bytes] of built.entries) {
    const m = /^environmentvariabledefinitions\/([^/]+)\/environmentvariabledefinition\.xml$/.exec(name);
    if (!m?.[1]) continue;
    const value = elementText(dec.decode(bytes), 'defaultvalue');
    if (value) EnvironmentVariables.push({ SchemaName: m[1], Value: value });
  }
  const customizations = dec.decode(built.entries.get('customizations.xml'));
  const ConnectionReferences: DeploymentSettings['ConnectionReferences'] = [];
  const re = /<connectionreference connectionreferencelogicalname="([^"]+)">([\s\S]*?)<\/connectionreference>/g;
  for (const m of customizations.matchAll(re)) {
    ConnectionReferences.push({ LogicalName: m[1]!, ConnectionId: '', ConnectorId: elementText(m[2]!, 'connectorid') ?? '' });
  }
  return { EnvironmentVariables, ConnectionReferences };
}
