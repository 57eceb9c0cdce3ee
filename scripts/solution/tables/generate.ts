/**
 * `npm run tables`: writes solution/tables/ (the "Energy CMMS tables" solution, imported after the
 * connector solution and before the sync solution) from scripts/solution/tables/definition.ts.
 * `--check` writes nothing and exits 1 naming every file that is missing, stale or left over.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { listSourceFiles } from '../build.ts';
import { APP, TABLES, TABLES_SOLUTION, logicalName } from './definition.ts';
import { labels } from './attributes.ts';
import { entityXml, mainFormXml, relationshipsFileXml, systemRelationships, viewXml, type Relationship } from './entity.ts';
import { escapeXml } from '../xml-text.ts';
import type { ViewKind } from './definition.ts';

const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>';

export function appModuleXml(): string {
  const components = [
    ...TABLES.map((t) => `    <AppModuleComponent type="1" schemaName="${logicalName(t.schemaName)}" />`),
    ...TABLES.flatMap((t) => Object.values(t.ids.views).map((id) => `    <AppModuleComponent type="26" id="{${id}}" />`)),
    ...TABLES.map((t) => `    <AppModuleComponent type="60" id="{${t.ids.mainForm}}" />`),
    `    <AppModuleComponent type="62" schemaName="${APP.uniqueName}" />`,
  ];
  return [
    XML_HEAD,
    '<AppModule>',
    `  <UniqueName>${APP.uniqueName}</UniqueName>`,
    '  <IntroducedVersion>1.0.0.0</IntroducedVersion>',
    `  <WebResourceId>${APP.webResourceId}</WebResourceId>`,
    '  <OptimizedFor></OptimizedFor>',
    '  <statecode>0</statecode>',
    '  <statuscode>1</statuscode>',
    '  <FormFactor>1</FormFactor>',
    '  <ClientType>4</ClientType>',
    '  <NavigationType>0</NavigationType>',
    '  <AppModuleComponents>',
    ...components,
    '  </AppModuleComponents>',
    '  <AppModuleRoleMaps />',
    ...labels('LocalizedNames', 'LocalizedName', APP.display, '  '),
    ...labels('Descriptions', 'Description', APP.description, '  '),
    '</AppModule>',
    '',
  ].join('\n');
}

export function siteMapXml(): string {
  const subAreas = TABLES.map((t) => `          <SubArea Id="cmms_subarea_${logicalName(t.schemaName).slice(5)}" Entity="${logicalName(t.schemaName)}" />`);
  return [
    XML_HEAD,
    '<AppModuleSiteMap xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    `  <SiteMapUniqueName>${APP.uniqueName}</SiteMapUniqueName>`,
    '  <EnableCollapsibleGroups>False</EnableCollapsibleGroups>',
    '  <ShowHome>True</ShowHome>',
    '  <ShowPinned>True</ShowPinned>',
    '  <ShowRecents>True</ShowRecents>',
    '  <SiteMap IntroducedVersion="7.0.0.0">',
    '    <Area Id="cmms_area_main" ShowGroups="true">',
    '      <Titles>',
    `        <Title LCID="1033" Title="${escapeXml(APP.display)}" />`,
    '      </Titles>',
    '      <Group Id="cmms_group_maintenance" IsProfile="false">',
    '        <Titles>',
    '          <Title LCID="1033" Title="Maintenance" />',
    '        </Titles>',
    ...subAreas,
    '      </Group>',
    '    </Area>',
    '  </SiteMap>',
    '  <LocalizedNames>',
    `    <LocalizedName description="${escapeXml(APP.display)}" languagecode="1033" />`,
    '  </LocalizedNames>',
    '</AppModuleSiteMap>',
    '',
  ].join('\n');
}

/** Solution.xml: the sync solution's publisher (one publisher for all three), the tables and the app as roots. */
export function solutionXml(syncSolutionXml: string): string {
  const publisher = /<Publisher>[\s\S]*?<\/Publisher>/.exec(syncSolutionXml)?.[0];
  if (!publisher) throw new Error('solution/sync/Other/Solution.xml has no <Publisher>');
  const roots = [
    ...TABLES.map((t) => `      <RootComponent type="1" schemaName="${logicalName(t.schemaName)}" behavior="0" />`),
    `      <RootComponent type="62" schemaName="${APP.uniqueName}" behavior="0" />`,
    `      <RootComponent type="80" schemaName="${APP.uniqueName}" behavior="0" />`,
  ];
  return [
    XML_HEAD,
    '<ImportExportXml version="9.2.24103.222" SolutionPackageVersion="9.2" languagecode="1033" generatedBy="CrmLive" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    '  <SolutionManifest>',
    `    <UniqueName>${TABLES_SOLUTION.uniqueName}</UniqueName>`,
    '    <LocalizedNames>',
    '      <LocalizedName description="Energy CMMS tables" languagecode="1033" />',
    '    </LocalizedNames>',
    '    <Descriptions>',
    '      <Description description="The Dataverse tables the Energy CMMS sync writes to (CMMS Asset, Purchase Requisition), their forms and views, and the Energy CMMS app. Import before the Energy CMMS sync solution." languagecode="1033" />',
    '    </Descriptions>',
    `    <Version>${TABLES_SOLUTION.version}</Version>`,
    '    <Managed>2</Managed>',
    `    ${publisher}`,
    '    <RootComponents>',
    ...roots,
    '    </RootComponents>',
    '    <MissingDependencies />',
    '  </SolutionManifest>',
    '</ImportExportXml>',
    '',
  ].join('\n');
}

const CUSTOMIZATIONS = [
  XML_HEAD,
  '<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
  '  <Entities />',
  '  <Roles></Roles>',
  '  <Workflows></Workflows>',
  '  <FieldSecurityProfiles></FieldSecurityProfiles>',
  '  <Templates />',
  '  <EntityMaps />',
  '  <EntityRelationships />',
  '  <OrganizationSettings />',
  '  <optionsets />',
  '  <CustomControls />',
  '  <AppModuleSiteMaps />',
  '  <AppModules />',
  '  <EntityDataProviders />',
  '  <Languages>',
  '    <Language>1033</Language>',
  '  </Languages>',
  '</ImportExportXml>',
  '',
].join('\n');

/** Every generated file of solution/tables, by path relative to it. */
export function tableSolutionFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  files.set('Other/Solution.xml', solutionXml(readFileSync(join(root, 'solution', 'sync', 'Other', 'Solution.xml'), 'utf8')));
  files.set('Other/Customizations.xml', CUSTOMIZATIONS);
  const byReferenced = new Map<string, Relationship[]>();
  for (const t of TABLES) {
    const dir = `Entities/${t.schemaName}`;
    files.set(`${dir}/Entity.xml`, entityXml(t));
    files.set(`${dir}/FormXml/main/{${t.ids.mainForm}}.xml`, mainFormXml(t));
    for (const kind of Object.keys(t.ids.views) as ViewKind[]) files.set(`${dir}/SavedQueries/{${t.ids.views[kind]}}.xml`, viewXml(t, kind));
    for (const rel of systemRelationships(t)) byReferenced.set(rel.referenced, [...(byReferenced.get(rel.referenced) ?? []), rel]);
  }
  for (const [referenced, rels] of [...byReferenced].sort(([a], [b]) => (a < b ? -1 : 1))) {
    files.set(`Other/Relationships/${referenced}.xml`, relationshipsFileXml(rels.sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1))));
  }
  files.set(`AppModules/${APP.uniqueName}/AppModule.xml`, appModuleXml());
  files.set(`AppModuleSiteMaps/${APP.uniqueName}/AppModuleSiteMap.xml`, siteMapXml());
  return files;
}

/** Problems of solution/tables against what the definition generates; empty when up to date. */
export function staleTableFiles(root: string): string[] {
  const dir = join(root, 'solution', 'tables');
  const expected = tableSolutionFiles(root);
  const problems: string[] = [];
  for (const [rel, text] of expected) {
    const path = join(dir, rel);
    if (!existsSync(path)) problems.push(`solution/tables/${rel} is missing`);
    else if (readFileSync(path, 'utf8') !== text) problems.push(`solution/tables/${rel} is stale`);
  }
  if (existsSync(dir)) for (const rel of listSourceFiles(dir)) if (!expected.has(rel)) problems.push(`solution/tables/${rel} is not generated by the definition`);
  return problems;
}

export function writeTableFiles(root: string): number {
  const dir = join(root, 'solution', 'tables');
  rmSync(dir, { recursive: true, force: true });
  const files = tableSolutionFiles(root);
  for (const [rel, text] of files) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return files.size;
}

if (import.meta.main) {
  const root = resolve(import.meta.dirname, '..', '..', '..');
  if (process.argv.includes('--check')) {
    const problems = staleTableFiles(root);
    for (const p of problems) console.error(`✗ ${p}`);
    if (problems.length) {
      console.error('run "npm run tables" and commit the result');
      process.exitCode = 1;
    } else console.log('✓ solution/tables is up to date');
  } else {
    console.log(`wrote ${writeTableFiles(root)} files to solution/tables`);
  }
}
