import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSolution, type BuiltSolution } from '../../scripts/solution/build.ts';
import { staleTableFiles, writeTableFiles } from '../../scripts/solution/tables/generate.ts';
import { editEntry, entryText, newFindings, ROOT, validateBuilt } from './helpers.ts';

const build = (): BuiltSolution => buildSolution(join(ROOT, 'solution', 'tables'), { connectorDir: join(ROOT, 'connector'), managed: false });
const baseline = validateBuilt(build());

/** Damages the packed tables solution and returns the new findings as "rule: message". */
function damage(entry: 'customizations.xml' | 'solution.xml', edit: (text: string) => string): string[] {
  const s = build();
  editEntry(s, entry, edit);
  return newFindings(validateBuilt(s), baseline).map((f) => `${f.rule}: ${f.message}`);
}

/** Replaces the first match inside the block of attribute `physical`. */
const inAttribute = (physical: string, from: string | RegExp, to: string) => (t: string) =>
  t.replace(new RegExp(`<attribute PhysicalName="${physical}">[\\s\\S]*?</attribute>`), (block) => block.replace(from, to));

describe('tables in the packed solution', () => {
  it('the shipped tables pass every table rule', () => {
    expect(baseline).toEqual([]);
  });

  it('customizations.xml embeds each table whole: attributes, main form and views inside its <Entity>', () => {
    const xml = entryText(build(), 'customizations.xml');
    const asset = /<Entity>\s*<Name [^>]*>cmms_Asset<\/Name>[\s\S]*?<\/Entity>/.exec(xml)?.[0] ?? '';
    expect(asset).toMatch(/<EntityInfo>\s*<entity Name="cmms_Asset">/);
    expect(asset).toMatch(/<FormXml>\s*<forms type="main">\s*<systemform>/);
    expect(asset.match(/<savedquery>/g)).toHaveLength(6);
    expect(xml).toMatch(/<EntityRelationship Name="owner_cmms_asset">/);
    expect(xml).toMatch(/<AppModules>\s*<AppModule>\s*<UniqueName>cmms_EnergyCMMS</);
  });

  it('when a platform column is missing, reports table-platform-columns', () => {
    expect(damage('customizations.xml', (t) => t.replace(/<attribute PhysicalName="VersionNumber">[\s\S]*?<\/attribute>\s*/, ''))).toContainEqual(expect.stringMatching(/^table-platform-columns: platform column versionnumber is missing/));
  });

  it('when an attribute lacks a property exports carry (MaxLength), reports table-attribute-properties', () => {
    const found = damage('customizations.xml', inAttribute('cmms_SerialNumber', /<MaxLength>100<\/MaxLength>\s*/, ''));
    expect(found).toContainEqual(expect.stringMatching(/^table-attribute-properties: attribute cmms_serialnumber lacks <MaxLength>/));
  });

  it('when a money column has no _Base partner, reports table-attribute-properties', () => {
    expect(damage('customizations.xml', (t) => t.replace(/<attribute PhysicalName="cmms_BookValue_Base">[\s\S]*?<\/attribute>\s*/, ''))).toContainEqual(expect.stringMatching(/money attribute cmms_bookvalue has no cmms_bookvalue_base partner/));
  });

  it('when the primary name column lacks PrimaryName in its DisplayMask, reports table-primary-name', () => {
    expect(damage('customizations.xml', (t) => t.replace('PrimaryName|', ''))).toContainEqual(expect.stringMatching(/^table-primary-name: exactly one attribute/));
  });

  it('when an entity-level property is missing, reports table-entity-properties', () => {
    expect(damage('customizations.xml', (t) => t.replace(/<IsActivity>0<\/IsActivity>\s*/, ''))).toContainEqual(expect.stringMatching(/^table-entity-properties: the entity has no <IsActivity>/));
  });

  it('when the schema name is lower case, reports table-naming', () => {
    expect(damage('customizations.xml', (t) => t.replace('<entity Name="cmms_Asset">', '<entity Name="cmms_asset">'))).toContainEqual(expect.stringMatching(/^table-naming: <Name> "cmms_Asset" and <entity Name> "cmms_asset" differ/));
  });

  it('when solution.xml names the table in PascalCase, reports table-naming', () => {
    expect(damage('solution.xml', (t) => t.replace('schemaName="cmms_asset"', 'schemaName="cmms_Asset"'))).toContainEqual(expect.stringMatching(/^table-naming: solution.xml has no <RootComponent type="1" schemaName="cmms_asset">/));
  });

  it('when a system relationship is missing or names the table in lower case, reports table-relationships', () => {
    expect(damage('customizations.xml', (t) => t.replace(/<EntityRelationship Name="owner_cmms_asset">[\s\S]*?<\/EntityRelationship>\s*/, ''))).toContainEqual(expect.stringMatching(/^table-relationships: cmms_Asset lacks its system relationship owner_cmms_asset/));
    expect(damage('customizations.xml', (t) => t.replace(/(<EntityRelationship Name="team_cmms_asset">[\s\S]*?<ReferencingEntityName>)cmms_Asset/, '$1cmms_asset'))).toContainEqual(expect.stringMatching(/^table-relationships: team_cmms_asset must link/));
  });

  it('when an alternate key names a column the table does not have, reports table-keys', () => {
    expect(damage('customizations.xml', (t) => t.replace('<AttributeName>cmms_assetnumber</AttributeName>', '<AttributeName>cmms_nosuch</AttributeName>'))).toContainEqual(expect.stringMatching(/^table-keys: key cmms_AssetNumberKey names cmms_nosuch/));
  });

  it('when a status reason has an unknown state or a foreign option-value prefix, reports table-option-sets', () => {
    expect(damage('customizations.xml', (t) => t.replace('<status value="613540003" state="0">', '<status value="613540003" state="3">'))).toContainEqual(expect.stringMatching(/^table-option-sets: status reason 613540003 belongs to unknown state 3/));
    expect(damage('customizations.xml', (t) => t.replace('<status value="613540006" state="0">', '<status value="100000006" state="0">'))).toContainEqual(expect.stringMatching(/^table-option-sets: status reason 100000006 does not start with the publisher's option-value prefix 61354/));
  });

  it('when a form shows a column the table lacks, or the table has no main form, reports table-forms', () => {
    expect(damage('customizations.xml', (t) => t.replace('datafieldname="cmms_site"', 'datafieldname="cmms_nosuch"'))).toContainEqual(expect.stringMatching(/^table-forms: form \{[^}]+\} shows cmms_nosuch/));
    expect(damage('customizations.xml', (t) => t.replace('<forms type="main">', '<forms type="quick">'))).toContainEqual('table-forms: the table has no main form');
  });

  it('when the lookup view is missing or a view queries another table, reports table-views', () => {
    expect(damage('customizations.xml', (t) => t.replace('<querytype>64</querytype>', '<querytype>8</querytype>'))).toContainEqual('table-views: the table has no lookup view (querytype 64)');
    expect(damage('customizations.xml', (t) => t.replace('<entity name="cmms_asset">', '<entity name="cmms_assets">'))).toContainEqual(expect.stringMatching(/^table-views: view \{[^}]+\} queries "cmms_assets"/));
  });

  it('when the app lists a form that is not shipped or lacks its root component, reports table-app', () => {
    expect(damage('customizations.xml', (t) => t.replace(/(<AppModuleComponent type="60" id=")\{[^}]+\}/, '$1{00000000-0000-4000-8000-000000000000}'))).toContainEqual(expect.stringMatching(/^table-app: app cmms_EnergyCMMS: component form \{00000000/));
    expect(damage('solution.xml', (t) => t.replace(/<RootComponent type="80"[^>]*\/>\s*/, ''))).toContainEqual(expect.stringMatching(/^table-app: app cmms_EnergyCMMS: solution.xml has no <RootComponent type="80"/));
  });

  it('when a mapped text column is shorter than the CMMS field, reports table-mapping', () => {
    expect(damage('customizations.xml', inAttribute('cmms_AssetNumber', '<MaxLength>50</MaxLength>', '<MaxLength>40</MaxLength>'))).toContainEqual(expect.stringMatching(/^table-mapping: cmms-tables assets: codigo_interno → cmms_assetnumber: MaxLength 40 is shorter than the CMMS's 50/));
  });

  it('when a mapped amount keeps 2 decimals, or a date-time field lands in a date-only column, reports table-mapping', () => {
    expect(damage('customizations.xml', inAttribute('cmms_Total', '<Accuracy>4</Accuracy>', '<Accuracy>2</Accuracy>'))).toContainEqual(expect.stringMatching(/^table-mapping: cmms-tables purchaseOrders: total → cmms_total: 2 decimals lose the CMMS's 4/));
    expect(damage('customizations.xml', inAttribute('cmms_AcquisitionDate', '<Behavior>1</Behavior>', '<Behavior>3</Behavior>'))).toContainEqual(expect.stringMatching(/fecha_adquisicion → cmms_acquisitiondate: the CMMS field is a date-time/));
  });

  it('when an estado has no status reason, reports table-mapping', () => {
    expect(damage('customizations.xml', (t) => t.replace('<status value="613540005" state="0">', '<status value="613540009" state="0">'))).toContainEqual(expect.stringMatching(/^table-mapping: cmms-tables purchaseOrders: estado → statuscode: option value 613540005 is not a choice/));
  });
});

describe('npm run tables --check', () => {
  it('reports a stale, a missing and a stray file of solution/tables, and nothing once regenerated', () => {
    const root = mkdtempSync(join(tmpdir(), 'tables-'));
    try {
      mkdirSync(join(root, 'solution', 'sync', 'Other'), { recursive: true });
      cpSync(join(ROOT, 'solution', 'sync', 'Other', 'Solution.xml'), join(root, 'solution', 'sync', 'Other', 'Solution.xml'));
      writeTableFiles(root);
      expect(staleTableFiles(root)).toEqual([]);
      const dir = join(root, 'solution', 'tables');
      writeFileSync(join(dir, 'Entities', 'cmms_Asset', 'Entity.xml'), 'edited by hand');
      unlinkSync(join(dir, 'AppModules', 'cmms_EnergyCMMS', 'AppModule.xml'));
      writeFileSync(join(dir, 'Other', 'Stray.xml'), '<x/>');
      expect(staleTableFiles(root).sort()).toEqual([
        'solution/tables/AppModules/cmms_EnergyCMMS/AppModule.xml is missing',
        'solution/tables/Entities/cmms_Asset/Entity.xml is stale',
        'solution/tables/Other/Stray.xml is not generated by the definition',
      ]);
      expect(staleTableFiles(ROOT)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
