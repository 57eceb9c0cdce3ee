/**
 * Checks the Dataverse tables of a packed solution against the structure of real exported tables
 * (microsoft/coe-starter-kit, pnp/powerplatform-samples; reference real-exports.md "Custom tables in
 * a hand-made solution", where each point below is something import refused): platform columns,
 * the full property set of every attribute, the primary name's display mask, entity-level
 * properties, schema-name casing, system relationships, alternate keys, status option sets, forms,
 * views and the app. Also checks that the default mapping's columns exist with the CMMS's types.
 */
import { XMLParser } from 'fast-xml-parser';
import { text, type Finding, type SolutionPackage } from './model.ts';
import { mappingFit } from './tables-mapping.ts';

const ARRAYS = new Set(['Entity', 'attribute', 'EntityKey', 'AttributeName', 'state', 'status', 'EntityRelationship', 'forms', 'systemform',
  'savedquery', 'cell', 'control', 'AppModule', 'AppModuleComponent', 'AppModuleSiteMap', 'SubArea', 'Group', 'Area', 'RootComponent', 'row', 'section', 'tab', 'column']);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (n) => ARRAYS.has(n) });

export type Node = Record<string, unknown>;
export const node = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {});
export const list = (v: unknown): Node[] => (Array.isArray(v) ? v.map(node) : v && typeof v === 'object' ? [v as Node] : []);
export const str = (v: unknown): string => (typeof v === 'string' ? v : v && typeof v === 'object' && '#text' in v ? String((v as Node)['#text']) : '');

/** The properties every exported attribute carries, in the order exports write them. */
const ATTRIBUTE_PROPERTIES = ['Type', 'Name', 'LogicalName', 'RequiredLevel', 'ImeMode', 'ValidForUpdateApi', 'ValidForReadApi', 'ValidForCreateApi',
  'IsCustomField', 'IsAuditEnabled', 'IsSecured', 'IntroducedVersion', 'IsCustomizable', 'IsRenameable', 'CanModifySearchSettings',
  'CanModifyRequirementLevelSettings', 'CanModifyAdditionalSettings', 'SourceType', 'IsGlobalFilterEnabled', 'IsSortableEnabled',
  'CanModifyGlobalFilterSettings', 'CanModifyIsSortableSettings', 'IsDataSourceSecret', 'AutoNumberFormat', 'IsSearchable', 'IsFilterable',
  'IsRetrievable', 'IsLocalizable', 'displaynames', 'Descriptions'];

/** Type-specific properties exports carry. */
const TYPE_PROPERTIES: Record<string, string[]> = {
  nvarchar: ['Format', 'MaxLength', 'Length'],
  ntext: ['Format', 'MaxLength'],
  money: ['MinValue', 'MaxValue', 'Accuracy', 'AccuracySource', 'IsBaseCurrency'],
  decimal: ['MinValue', 'MaxValue', 'Accuracy'],
  datetime: ['Format', 'CanChangeDateTimeBehavior', 'Behavior'],
  int: ['MinValue', 'MaxValue'],
  bigint: ['MinValue', 'MaxValue'],
  lookup: ['LookupStyle', 'LookupTypes'],
  owner: ['LookupStyle', 'LookupTypes'],
  state: ['optionset'],
  status: ['optionset'],
  picklist: ['optionset'],
};

/** The platform columns of a user-owned table, with their types (reference real-exports.md). */
const PLATFORM_COLUMNS: Record<string, string> = {
  createdby: 'lookup', createdon: 'datetime', createdonbehalfby: 'lookup', modifiedby: 'lookup', modifiedon: 'datetime',
  modifiedonbehalfby: 'lookup', ownerid: 'owner', owningbusinessunit: 'lookup', owningteam: 'lookup', owninguser: 'lookup',
  statecode: 'state', statuscode: 'status', importsequencenumber: 'int', overriddencreatedon: 'datetime', versionnumber: 'bigint',
  timezoneruleversionnumber: 'int', utcconversiontimezonecode: 'int',
};

/** Entity-level properties of exported tables (the importer wanted them; ~30 of them). */
const ENTITY_PROPERTIES = ['EntitySetName', 'IsDuplicateCheckSupported', 'IsBusinessProcessEnabled', 'IsRequiredOffline', 'IsInteractionCentricEnabled',
  'IsCollaboration', 'AutoRouteToOwnerQueue', 'IsConnectionsEnabled', 'IsDocumentManagementEnabled', 'AutoCreateAccessTeams',
  'IsOneNoteIntegrationEnabled', 'IsKnowledgeManagementEnabled', 'IsSLAEnabled', 'IsDocumentRecommendationsEnabled', 'IsBPFEntity',
  'OwnershipTypeMask', 'IsAuditEnabled', 'IsRetrieveAuditEnabled', 'IsRetrieveMultipleAuditEnabled', 'IsActivity', 'ActivityTypeMask',
  'IsActivityParty', 'IsReplicated', 'IsReplicationUserFiltered', 'IsMailMergeEnabled', 'IsVisibleInMobile', 'IsVisibleInMobileClient',
  'IsReadOnlyInMobileClient', 'IsOfflineInMobileClient', 'DaysSinceRecordLastModified', 'IsMapiGridEnabled', 'IsReadingPaneEnabled',
  'IsQuickCreateEnabled', 'SyncToExternalSearchIndex', 'IntroducedVersion', 'IsCustomizable', 'IsRenameable', 'IsMappable',
  'CanModifyAuditSettings', 'CanCreateAttributes', 'CanCreateForms', 'CanCreateCharts', 'CanCreateViews', 'CanModifyAdditionalSettings',
  'EnforceStateTransitions', 'ChangeTrackingEnabled', 'IsSolutionAware'];

const KEYABLE = new Set(['nvarchar', 'int', 'bigint', 'decimal', 'datetime', 'lookup', 'picklist', 'owner']);
const GUID_BRACED = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;

export interface TableModel {
  schemaName: string;
  logicalName: string;
  entity: Node;
  attributes: Map<string, Node>;
  forms: { type: string; form: Node }[];
  views: Node[];
}

export function readTables(pkg: SolutionPackage): { tables: TableModel[]; root: Node } | undefined {
  const body = text(pkg.entries, 'customizations.xml').replace(/^\uFEFF/, '');
  const root = node(node(parser.parse(body)).ImportExportXml);
  const entities = list(node(root.Entities).Entity);
  if (!entities.length) return undefined;
  const tables = entities.map((e): TableModel => {
    const entity = node(node(e.EntityInfo).entity);
    const attributes = new Map(list(node(entity.attributes).attribute).map((a) => [str(a.LogicalName), a]));
    const forms = list(node(e.FormXml).forms).flatMap((f) => list(f.systemform).map((form) => ({ type: str(f['@type']), form })));
    const views = list(node(node(e.SavedQueries).savedqueries).savedquery);
    return { schemaName: str(e.Name), logicalName: str(entity['@Name']).toLowerCase(), entity: { ...entity, '#outerName': str(e.Name) }, attributes, forms, views };
  });
  return { tables, root };
}

export function checkTables(pkg: SolutionPackage, findings: Finding[], repoRoot?: string): void {
  const read = readTables(pkg);
  if (!read) return;
  const { tables, root } = read;
  const at = (t: TableModel) => `${pkg.file}:customizations.xml Entity ${t.schemaName}`;
  for (const t of tables) {
    const add = (rule: string, message: string) => findings.push({ rule, where: at(t), message });
    checkNaming(pkg, t, add);
    for (const p of ENTITY_PROPERTIES) if (!(p in t.entity)) add('table-entity-properties', `the entity has no <${p}> (exported tables carry it)`);
    checkAttributes(t, add);
    checkKeys(t, add);
    checkStatus(pkg, t, add);
    checkForms(t, add);
    checkViews(t, add);
  }
  checkRelationships(pkg, tables, root, findings);
  checkApp(pkg, tables, root, findings);
  if (repoRoot) mappingFit(pkg, tables, findings, repoRoot);
}

type Add = (rule: string, message: string) => void;

function checkNaming(pkg: SolutionPackage, t: TableModel, add: Add): void {
  const prefix = pkg.publisher.prefix;
  const entityName = str(t.entity['@Name']);
  if (t.schemaName !== entityName) add('table-naming', `<Name> "${t.schemaName}" and <entity Name> "${entityName}" differ`);
  if (!new RegExp(`^${prefix}_[A-Z][A-Za-z0-9]*$`).test(entityName)) add('table-naming', `schema name "${entityName}" must be the publisher prefix "${prefix}_" then PascalCase (exports: msft_Board)`);
  for (const [logical, a] of t.attributes) {
    const physical = str(a['@PhysicalName']);
    if (logical !== logical.toLowerCase() || str(a.Name) !== logical || physical.toLowerCase() !== logical) {
      add('table-naming', `attribute ${physical}: Name and LogicalName must be the lower-case PhysicalName`);
    }
  }
  if (!pkg.roots.some((r) => r.type === '1' && r.schemaName === t.logicalName)) {
    add('table-naming', `solution.xml has no <RootComponent type="1" schemaName="${t.logicalName}"> (lower case, as exports write it)`);
  }
}

function checkAttributes(t: TableModel, add: Add): void {
  for (const [name, type] of Object.entries(PLATFORM_COLUMNS)) {
    const a = t.attributes.get(name);
    if (!a) add('table-platform-columns', `platform column ${name} is missing (import: "entity … was not found in the MetadataCache")`);
    else if (str(a.Type) !== type) add('table-platform-columns', `platform column ${name} must be of type ${type}, not ${str(a.Type)}`);
  }
  const pk = t.attributes.get(`${t.logicalName}id`);
  if (!pk || str(pk.Type) !== 'primarykey') add('table-primary-key', `no primarykey attribute ${t.logicalName}id`);
  const primaries = [...t.attributes.values()].filter((a) => str(a.DisplayMask).split('|').includes('PrimaryName'));
  if (primaries.length !== 1) add('table-primary-name', `exactly one attribute must have PrimaryName in its DisplayMask (found ${primaries.length}; import: "PrimaryName attribute not found")`);
  else if (str(primaries[0]!.Type) !== 'nvarchar') add('table-primary-name', 'the primary name column must be text (nvarchar)');
  for (const [name, a] of t.attributes) {
    const type = str(a.Type);
    const missing = [...ATTRIBUTE_PROPERTIES, ...(TYPE_PROPERTIES[type] ?? [])].filter((p) => !(p in a));
    if (missing.length) add('table-attribute-properties', `attribute ${name} lacks ${missing.map((m) => `<${m}>`).join(', ')}`);
    if (type === 'nvarchar' || type === 'ntext') {
      const max = Number(str(a.MaxLength));
      const limit = type === 'nvarchar' ? 4000 : 1048576;
      if (!(Number.isInteger(max) && max >= 1 && max <= limit)) add('table-attribute-properties', `attribute ${name}: MaxLength "${str(a.MaxLength)}" must be 1–${limit} (import: "New string attributes must have a max length value")`);
    }
    if (type === 'money') {
      const accuracy = Number(str(a.Accuracy));
      if (!(accuracy >= 0 && accuracy <= 4)) add('table-attribute-properties', `attribute ${name}: money Accuracy must be 0–4`);
      if (!name.endsWith('_base') && !t.attributes.has(`${name}_base`)) add('table-attribute-properties', `money attribute ${name} has no ${name}_base partner`);
    }
  }
  if ([...t.attributes.values()].some((a) => str(a.Type) === 'money')) {
    for (const c of ['transactioncurrencyid', 'exchangerate']) if (!t.attributes.has(c)) add('table-platform-columns', `a table with money columns needs ${c}`);
  }
}

function checkKeys(t: TableModel, add: Add): void {
  for (const k of list(node(t.entity.EntityKeys).EntityKey)) {
    const name = str(k.Name);
    if (str(k.LogicalName) !== name.toLowerCase()) add('table-keys', `key ${name}: LogicalName must be the lower-case Name`);
    const columns = list(node(k.EntityKeyAttributes).AttributeName as unknown).length ? (node(k.EntityKeyAttributes).AttributeName as unknown[]).map(str) : [];
    if (!columns.length) add('table-keys', `key ${name} names no <EntityKeyAttributes><AttributeName>`);
    for (const c of columns) {
      const a = t.attributes.get(c);
      if (!a) add('table-keys', `key ${name} names ${c}, which is not a column of the table`);
      else if (!KEYABLE.has(str(a.Type))) add('table-keys', `key ${name}: ${c} is of type ${str(a.Type)}, which cannot be part of an alternate key`);
    }
  }
}

function checkStatus(pkg: SolutionPackage, t: TableModel, add: Add): void {
  const states = list(node(node(t.attributes.get('statecode')?.optionset).states).state).map((s) => ({ value: str(s['@value']), def: str(s['@defaultstatus']) }));
  const statuses = list(node(node(t.attributes.get('statuscode')?.optionset).statuses).status).map((s) => ({ value: str(s['@value']), state: str(s['@state']) }));
  if (states.map((s) => s.value).join(',') !== '0,1') add('table-option-sets', 'statecode must have the states 0 (Active) and 1 (Inactive)');
  for (const s of states) {
    if (!statuses.some((x) => x.value === s.def && x.state === s.value)) add('table-option-sets', `state ${s.value}: default status ${s.def} is not a status reason of that state`);
  }
  const seen = new Set<string>();
  for (const s of statuses) {
    if (seen.has(s.value)) add('table-option-sets', `status reason ${s.value} appears twice`);
    seen.add(s.value);
    if (!states.some((x) => x.value === s.state)) add('table-option-sets', `status reason ${s.value} belongs to unknown state ${s.state}`);
    const v = Number(s.value);
    if (v > 2 && String(Math.floor(v / 10000)) !== pkg.publisher.optionValuePrefix) add('table-option-sets', `status reason ${s.value} does not start with the publisher's option-value prefix ${pkg.publisher.optionValuePrefix}`);
  }
}

function checkForms(t: TableModel, add: Add): void {
  const main = t.forms.filter((f) => f.type === 'main');
  if (!main.length) add('table-forms', 'the table has no main form');
  const primary = [...t.attributes.values()].find((a) => str(a.DisplayMask).split('|').includes('PrimaryName'));
  for (const { form } of t.forms) {
    const id = str(form.formid);
    if (!GUID_BRACED.test(id)) add('table-forms', `form id "${id}" is not a braced GUID`);
    const controls = JSON.stringify(form.form).match(/"@datafieldname":"([^"]+)"/g)?.map((m) => m.slice(18, -1)) ?? [];
    for (const c of controls) if (!t.attributes.has(c)) add('table-forms', `form ${id} shows ${c}, which is not a column of the table`);
    if (primary && !controls.includes(str(primary.LogicalName))) add('table-forms', `form ${id} does not show the primary name column ${str(primary.LogicalName)}`);
  }
}

/** System views a new table gets: public (0), advanced find (1), associated (2), quick find (4), lookup (64). */
const REQUIRED_VIEWS: Record<string, string> = { '0': 'public view', '1': 'Advanced Find view', '2': 'associated view', '4': 'Quick Find view', '64': 'lookup view' };

function checkViews(t: TableModel, add: Add): void {
  const types = new Set(t.views.map((v) => str(v.querytype)));
  for (const [q, what] of Object.entries(REQUIRED_VIEWS)) if (!types.has(q)) add('table-views', `the table has no ${what} (querytype ${q})`);
  for (const v of t.views) {
    const id = str(v.savedqueryid);
    if (!GUID_BRACED.test(id)) add('table-views', `view id "${id}" is not a braced GUID`);
    const fetchEntity = node(node(node(v.fetchxml).fetch).entity);
    if (str(fetchEntity['@name']) !== t.logicalName) add('table-views', `view ${id} queries "${str(fetchEntity['@name'])}", not ${t.logicalName}`);
    const names = JSON.stringify({ f: fetchEntity, l: v.layoutxml }).match(/"@(?:name|attribute)":"([^"]+)"/g)?.map((m) => m.replace(/^"@(?:name|attribute)":"/, '').slice(0, -1)) ?? [];
    for (const n of names) if (n !== 'resultset' && n !== 'result' && n !== t.logicalName && !t.attributes.has(n)) add('table-views', `view ${id} names ${n}, which is not a column of the table`);
    if (str(v.querytype) === '4' && str(v.isquickfindquery) !== '1') add('table-views', `quick find view ${id} must have isquickfindquery 1`);
  }
}

function checkRelationships(pkg: SolutionPackage, tables: TableModel[], root: Node, findings: Finding[]): void {
  const rels = list(node(root.EntityRelationships).EntityRelationship);
  for (const t of tables) {
    if (str(t.entity.OwnershipTypeMask) !== 'UserOwned') continue;
    const expected: [string, string, string][] = [
      [`business_unit_${t.logicalName}`, 'BusinessUnit', 'OwningBusinessUnit'], [`lk_${t.logicalName}_createdby`, 'SystemUser', 'CreatedBy'],
      [`lk_${t.logicalName}_modifiedby`, 'SystemUser', 'ModifiedBy'], [`owner_${t.logicalName}`, 'Owner', 'OwnerId'],
      [`team_${t.logicalName}`, 'Team', 'OwningTeam'], [`user_${t.logicalName}`, 'SystemUser', 'OwningUser'],
    ];
    for (const [name, referenced, attribute] of expected) {
      const r = rels.find((x) => str(x['@Name']) === name);
      const where = `${pkg.file}:customizations.xml EntityRelationships`;
      if (!r) findings.push({ rule: 'table-relationships', where, message: `${t.schemaName} lacks its system relationship ${name} (import: "CreateAsyncOperationRelationship")` });
      else if (str(r.ReferencingEntityName) !== t.schemaName || str(r.ReferencedEntityName) !== referenced || str(r.ReferencingAttributeName).toLowerCase() !== attribute.toLowerCase()) {
        findings.push({ rule: 'table-relationships', where, message: `${name} must link ${t.schemaName}.${attribute} to ${referenced} (schema names, PascalCase)` });
      }
    }
  }
}

function checkApp(pkg: SolutionPackage, tables: TableModel[], root: Node, findings: Finding[]): void {
  const where = `${pkg.file}:customizations.xml AppModules`;
  const siteMaps = new Set(list(node(root.AppModuleSiteMaps).AppModuleSiteMap).map((s) => str(s.SiteMapUniqueName)));
  const formIds = new Set(tables.flatMap((t) => t.forms.map((f) => str(f.form.formid).toLowerCase())));
  const viewIds = new Set(tables.flatMap((t) => t.views.map((v) => str(v.savedqueryid).toLowerCase())));
  const logical = new Set(tables.map((t) => t.logicalName));
  const apps = list(node(root.AppModules).AppModule);
  for (const app of apps) {
    const name = str(app.UniqueName);
    const add = (message: string) => findings.push({ rule: 'table-app', where, message: `app ${name}: ${message}` });
    if (!pkg.roots.some((r) => r.type === '80' && r.schemaName === name)) add(`solution.xml has no <RootComponent type="80" schemaName="${name}">`);
    for (const c of list(node(app.AppModuleComponents).AppModuleComponent)) {
      const type = str(c['@type']);
      const ref = str(c['@schemaName'] ?? c['@id']);
      if (type === '1' && !logical.has(ref)) add(`component table ${ref} is not in the solution`);
      if (type === '26' && !viewIds.has(ref.toLowerCase())) add(`component view ${ref} is not a view of the solution's tables`);
      if (type === '60' && !formIds.has(ref.toLowerCase())) add(`component form ${ref} is not a form of the solution's tables`);
      if (type === '62' && !siteMaps.has(ref)) add(`its site map ${ref} is not in <AppModuleSiteMaps>`);
    }
    for (const t of tables) if (!list(node(app.AppModuleComponents).AppModuleComponent).some((c) => str(c['@type']) === '1' && str(c['@schemaName']) === t.logicalName)) add(`does not include the table ${t.logicalName}`);
  }
  if (tables.length && !apps.length) findings.push({ rule: 'table-app', where, message: 'tables are shipped without a model-driven app to open them' });
  for (const s of list(node(root.AppModuleSiteMaps).AppModuleSiteMap)) {
    const entities = JSON.stringify(s).match(/"@Entity":"([^"]+)"/g)?.map((m) => m.slice(11, -1)) ?? [];
    for (const e of entities) if (!logical.has(e)) findings.push({ rule: 'table-app', where, message: `site map ${str(s.SiteMapUniqueName)} opens ${e}, which is not in the solution` });
  }
}
