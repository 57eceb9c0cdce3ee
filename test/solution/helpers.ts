/** Builds the real solutions in memory and lets a test damage one entry before validating. */
import { resolve } from 'node:path';
import type { BuiltSolution } from '../../scripts/solution/build.ts';
import type { MappingChoice } from '../../scripts/solution/mapping-source.ts';
import { buildSolutions, zipFileName } from '../../scripts/solution/pack-lib.ts';
import { validatePackages, type Finding } from '../../scripts/solution/validate/index.ts';
import { writeZip } from '../../scripts/solution/zip.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** The damage kit's flows are written for the documented mapping's names unless a test asks otherwise. */
export function buildBoth(managed = false, mapping: MappingChoice = { mapping: 'documented' }): { connector: BuiltSolution; sync: BuiltSolution } {
  const built = buildSolutions({ root: ROOT, mapping }, managed);
  const named = (name: string) => built.find((b) => b.uniqueName === name)!;
  return { connector: named('EnergyCmmsConnector'), sync: named('EnergyCmmsSync') };
}

const dec = new TextDecoder();
const enc = new TextEncoder();

export function entryText(s: BuiltSolution, name: string): string {
  const bytes = s.entries.get(name);
  if (!bytes) throw new Error(`no entry ${name}`);
  return dec.decode(bytes);
}

export function setEntryText(s: BuiltSolution, name: string, value: string): void {
  s.entries.set(name, enc.encode(value));
}

export function editEntry(s: BuiltSolution, name: string, edit: (text: string) => string): void {
  const before = entryText(s, name);
  const after = edit(before);
  if (after === before) throw new Error(`the edit of ${name} changed nothing; the fixture no longer matches the sources`);
  setEntryText(s, name, after);
}

export function flowEntry(s: BuiltSolution, namePrefix: string): string {
  const name = [...s.entries.keys()].find((n) => n.startsWith(`Workflows/${namePrefix}`));
  if (!name) throw new Error(`no flow ${namePrefix}`);
  return name;
}

/** Microsoft's connector schemas are an optional input of the validator; CI passes them where they exist. */
export const SCHEMAS = { schemaDir: process.env.CONNECTOR_SCHEMAS_DIR || undefined };

export function validateBuilt(...solutions: BuiltSolution[]): Finding[] {
  return validatePackages(
    solutions.map((s) => ({ file: zipFileName(s, false), bytes: writeZip(s.entries) })),
    SCHEMAS,
  );
}

/** Findings a damaged build has that the intact build does not. */
export function newFindings(damaged: Finding[], baseline: Finding[]): Finding[] {
  const key = (f: Finding) => `${f.rule}|${f.where}|${f.message}`;
  const base = new Set(baseline.map(key));
  return damaged.filter((f) => !base.has(key(f)));
}

/** The findings of the intact build, and a way to damage a fresh build and see what the damage adds. */
export function damageKit(mapping?: MappingChoice): { baseline: Finding[]; damage(edit: (s: { connector: BuiltSolution; sync: BuiltSolution }) => void): string[] } {
  const intact = buildBoth(false, mapping);
  const baseline = validateBuilt(intact.connector, intact.sync);
  return {
    baseline,
    damage(edit) {
      const both = buildBoth(false, mapping);
      edit(both);
      return newFindings(validateBuilt(both.connector, both.sync), baseline).map((f) => `${f.rule}: ${f.message}`);
    },
  };
}
