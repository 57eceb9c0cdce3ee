/**
 * Packs both solutions (managed and unmanaged) and writes the deployment-settings files that
 * `pac solution import --settings-file` reads (solution-format.md §9).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSolution, type BuiltSolution } from './build.ts';
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
  zips: PackedFile[];
  settings: { solution: string; path: string; settings: DeploymentSettings }[];
}

export function zipFileName(built: BuiltSolution, managed: boolean): string {
  return `${built.uniqueName}_${built.version.replace(/\./g, '_')}${managed ? '_managed' : ''}.zip`;
}

/** Builds everything in memory; `packSolutions` writes it out. */
export function buildAll(options: PackOptions): PackResult {
  const outDir = options.outDir ?? join(options.root, 'dist', 'solution');
  const zips: PackedFile[] = [];
  const settings: PackResult['settings'] = [];
  for (const folder of SOLUTION_FOLDERS) {
    const sourceDir = join(options.root, 'solution', folder);
    for (const managed of [false, true]) {
      const built = buildSolution(sourceDir, {
        connectorDir: options.connectorDir ?? join(options.root, 'connector'),
        managed,
        connectorInternalId: options.connectorInternalId,
      });
      zips.push({ solution: built.uniqueName, managed, path: join(outDir, zipFileName(built, managed)), bytes: writeZip(built.entries) });
      if (!managed) {
        settings.push({
          solution: built.uniqueName,
          path: join(outDir, `${built.uniqueName}.settings.json`),
          settings: deploymentSettings(built),
        });
      }
    }
  }
  return { zips, settings };
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
 * Values start as the definitions' defaults (empty when there is none) and connection ids empty:
 * an admin fills them per environment, never in the repository.
 */
export function deploymentSettings(built: BuiltSolution): DeploymentSettings {
  const dec = new TextDecoder();
  const EnvironmentVariables: DeploymentSettings['EnvironmentVariables'] = [];
  for (const [name, bytes] of built.entries) {
    const m = /^environmentvariabledefinitions\/([^/]+)\/environmentvariabledefinition\.xml$/.exec(name);
    if (!m?.[1]) continue;
    EnvironmentVariables.push({ SchemaName: m[1], Value: elementText(dec.decode(bytes), 'defaultvalue') ?? '' });
  }
  const customizations = dec.decode(built.entries.get('customizations.xml'));
  const ConnectionReferences: DeploymentSettings['ConnectionReferences'] = [];
  const re = /<connectionreference connectionreferencelogicalname="([^"]+)">([\s\S]*?)<\/connectionreference>/g;
  for (const m of customizations.matchAll(re)) {
    ConnectionReferences.push({ LogicalName: m[1]!, ConnectionId: '', ConnectorId: elementText(m[2]!, 'connectorid') ?? '' });
  }
  return { EnvironmentVariables, ConnectionReferences };
}
