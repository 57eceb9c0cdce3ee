/**
 * The unpacked (SolutionPackager) files of one table: Entities/<Schema>/Entity.xml with the entity
 * properties exports carry, its main form (FormXml/main/{id}.xml) and its system views
 * (SavedQueries/{id}.xml), and the system relationships a user-owned table comes with, grouped by
 * the referenced table as in Other/Relationships/<Referenced>.xml.
 */
import { createHash } from 'node:crypto';
import { escapeXml } from '../xml-text.ts';
import { attributesXml, labels } from './attributes.ts';
import { logicalName, type TableSpec, type ViewKind } from './definition.ts';

const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>';

/** Entity-level properties in the exported order (after EntitySetName). */
const ENTITY_PROPERTIES: [string, string | number][] = [
  ['IsDuplicateCheckSupported', 1], ['IsBusinessProcessEnabled', 0], ['IsRequiredOffline', 0], ['IsInteractionCentricEnabled', 0],
  ['IsCollaboration', 0], ['AutoRouteToOwnerQueue', 0], ['IsConnectionsEnabled', 0], ['IsDocumentManagementEnabled', 0],
  ['AutoCreateAccessTeams', 0], ['IsOneNoteIntegrationEnabled', 0], ['IsKnowledgeManagementEnabled', 0], ['IsSLAEnabled', 0],
  ['IsDocumentRecommendationsEnabled', 0], ['IsBPFEntity', 0], ['OwnershipTypeMask', 'UserOwned'], ['IsAuditEnabled', 1],
  ['IsRetrieveAuditEnabled', 0], ['IsRetrieveMultipleAuditEnabled', 0], ['IsActivity', 0], ['ActivityTypeMask', ''],
  ['IsActivityParty', 0], ['IsReplicated', 0], ['IsReplicationUserFiltered', 0], ['IsMailMergeEnabled', 1],
  ['IsVisibleInMobile', 0], ['IsVisibleInMobileClient', 1], ['IsReadOnlyInMobileClient', 0], ['IsOfflineInMobileClient', 0],
  ['DaysSinceRecordLastModified', 0], ['MobileOfflineFilters', ''], ['IsMapiGridEnabled', 1], ['IsReadingPaneEnabled', 1],
  ['IsQuickCreateEnabled', 0], ['SyncToExternalSearchIndex', 0], ['IntroducedVersion', '1.0.0.0'], ['IsCustomizable', 1],
  ['IsRenameable', 1], ['IsMappable', 1], ['CanModifyAuditSettings', 1], ['CanModifyMobileVisibility', 1],
  ['CanModifyMobileClientVisibility', 1], ['CanModifyMobileClientReadOnly', 1], ['CanModifyMobileClientOffline', 1],
  ['CanModifyConnectionSettings', 1], ['CanModifyDuplicateDetectionSettings', 1], ['CanModifyMailMergeSettings', 1],
  ['CanModifyQueueSettings', 1], ['CanCreateAttributes', 1], ['CanCreateForms', 1], ['CanCreateCharts', 1], ['CanCreateViews', 1],
  ['CanModifyAdditionalSettings', 1], ['CanEnableSyncToExternalSearchIndex', 1], ['EnforceStateTransitions', 0],
  ['CanChangeHierarchicalRelationship', 1], ['EntityHelpUrlEnabled', 0], ['ChangeTrackingEnabled', 1],
  ['CanChangeTrackingBeEnabled', 1], ['IsEnabledForExternalChannels', 0], ['IsSolutionAware', 0],
];

function entityKeysXml(table: TableSpec): string {
  const k = table.key;
  return [
    '      <EntityKeys>',
    '        <EntityKey>',
    `          <Name>${k.schemaName}</Name>`,
    `          <LogicalName>${logicalName(k.schemaName)}</LogicalName>`,
    '          <IntroducedVersion>1.0.0.0</IntroducedVersion>',
    '          <IsCustomizable>1</IsCustomizable>',
    '          <EntityKeyAttributes>',
    ...k.columns.map((c) => `            <AttributeName>${logicalName(c)}</AttributeName>`),
    '          </EntityKeyAttributes>',
    '          <displaynames>',
    `            <displayname description="${escapeXml(k.display)}" languagecode="1033" />`,
    '          </displaynames>',
    '        </EntityKey>',
    '      </EntityKeys>',
  ].join('\n');
}

export function entityXml(table: TableSpec): string {
  const props = ENTITY_PROPERTIES.map(([k, v]) => (v === '' ? `      <${k}></${k}>` : `      <${k}>${v}</${k}>`));
  return [
    XML_HEAD,
    '<Entity xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    `  <Name LocalizedName="${escapeXml(table.display)}" OriginalName="${escapeXml(table.display)}">${table.schemaName}</Name>`,
    '  <EntityInfo>',
    `    <entity Name="${table.schemaName}">`,
    ...labels('LocalizedNames', 'LocalizedName', table.display, '      '),
    ...labels('LocalizedCollectionNames', 'LocalizedCollectionName', table.displayPlural, '      '),
    ...labels('Descriptions', 'Description', table.description, '      '),
    '      <attributes>',
    attributesXml(table),
    '      </attributes>',
    entityKeysXml(table),
    `      <EntitySetName>${table.entitySet}</EntitySetName>`,
    ...props,
    '    </entity>',
    '  </EntityInfo>',
    '  <FormXml />',
    '  <SavedQueries />',
    '  <RibbonDiffXml />',
    '</Entity>',
    '',
  ].join('\n');
}

/** Deterministic ids for form tabs, sections and cells: a hash of the form id and a counter. */
function idMaker(base: string): () => string {
  let n = 0;
  return () => {
    const h = createHash('sha1').update(`${base}:${++n}`).digest('hex');
    return `{${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}}`;
  };
}

const CONTROL_CLASS: Record<string, string> = {
  text: '{4273EDBD-AC1D-40d3-9FB2-095C621B552D}',
  memo: '{E0DECE4B-6FC8-4a8f-A065-082708572369}',
  money: '{533B9E00-756B-4312-95A0-DC888637AC78}',
  datetime: '{5B773807-9FB2-42db-97C3-7A91EFF8ADFF}',
  status: '{5D68B988-0661-4db2-BC3E-17598AD3BE6C}',
  owner: '{270BD3DB-D9AF-4782-9025-509E298DEC0A}',
};

function columnInfo(table: TableSpec, schema: string): { display: string; kind: string } {
  if (schema === 'OwnerId') return { display: 'Owner', kind: 'owner' };
  if (schema === 'statuscode') return { display: 'Status Reason', kind: 'status' };
  if (schema === 'overriddencreatedon') return { display: 'Created On (CMMS)', kind: 'datetime' };
  if (schema === 'modifiedon') return { display: 'Modified On', kind: 'datetime' };
  const c = [table.primaryName, ...table.columns].find((x) => x.schemaName === schema);
  if (!c) throw new Error(`${table.schemaName}: form or view column ${schema} is not a column of the table`);
  return { display: c.display, kind: c.kind };
}

export function mainFormXml(table: TableSpec): string {
  const id = table.ids.mainForm;
  const next = idMaker(id);
  const rows = table.formColumns.flatMap((schema) => {
    const { display, kind } = columnInfo(table, schema);
    const field = logicalName(schema);
    return [
      '                    <row>',
      `                      <cell id="${next()}">`,
      '                        <labels>',
      `                          <label description="${escapeXml(display)}" languagecode="1033" />`,
      '                        </labels>',
      `                        <control id="${field}" classid="${CONTROL_CLASS[kind]}" datafieldname="${field}" />`,
      '                      </cell>',
      '                    </row>',
    ];
  });
  return [
    XML_HEAD,
    '<forms xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    '  <systemform>',
    `    <formid>{${id}}</formid>`,
    '    <IntroducedVersion>1.0.0.0</IntroducedVersion>',
    '    <FormPresentation>1</FormPresentation>',
    '    <FormActivationState>1</FormActivationState>',
    '    <form headerdensity="HighWithControls">',
    '      <tabs>',
    `        <tab verticallayout="true" id="${next()}" IsUserDefined="1">`,
    '          <labels>',
    '            <label description="General" languagecode="1033" />',
    '          </labels>',
    '          <columns>',
    '            <column width="100%">',
    '              <sections>',
    `                <section showlabel="false" showbar="false" IsUserDefined="0" id="${next()}" name="General">`,
    '                  <labels>',
    '                    <label description="General" languagecode="1033" />',
    '                  </labels>',
    '                  <rows>',
    ...rows,
    '                  </rows>',
    '                </section>',
    '              </sections>',
    '            </column>',
    '          </columns>',
    '        </tab>',
    '      </tabs>',
    '      <DisplayConditions Order="0" FallbackForm="true">',
    '        <Everyone />',
    '      </DisplayConditions>',
    '    </form>',
    '    <IsCustomizable>1</IsCustomizable>',
    '    <CanBeDeleted>1</CanBeDeleted>',
    '    <LocalizedNames>',
    '      <LocalizedName description="Information" languagecode="1033" />',
    '    </LocalizedNames>',
    '    <Descriptions>',
    `      <Description description="${escapeXml(`The main form of the ${table.display} table.`)}" languagecode="1033" />`,
    '    </Descriptions>',
    '  </systemform>',
    '</forms>',
    '',
  ].join('\n');
}

const VIEWS: Record<ViewKind, { querytype: number; isdefault: 0 | 1; quickfind: 0 | 1; name: (p: string) => string; state?: 0 | 1 }> = {
  active: { querytype: 0, isdefault: 1, quickfind: 0, name: (p) => `Active ${p}`, state: 0 },
  inactive: { querytype: 0, isdefault: 0, quickfind: 0, name: (p) => `Inactive ${p}`, state: 1 },
  quickFind: { querytype: 4, isdefault: 1, quickfind: 1, name: (p) => `Quick Find Active ${p}`, state: 0 },
  advancedFind: { querytype: 1, isdefault: 1, quickfind: 0, name: (p) => `${p} Advanced Find View`, state: 0 },
  associated: { querytype: 2, isdefault: 1, quickfind: 0, name: (p) => `${p} Associated View`, state: 0 },
  lookup: { querytype: 64, isdefault: 1, quickfind: 0, name: (p) => `${p} Lookup View`, state: 0 },
};

export function viewXml(table: TableSpec, kind: ViewKind): string {
  const v = VIEWS[kind];
  const entity = logicalName(table.schemaName);
  const pk = `${entity}id`;
  const primary = logicalName(table.primaryName.schemaName);
  const columns = kind === 'lookup' ? [table.primaryName.schemaName] : table.viewColumns;
  const cells = columns.map((c) => `          <cell name="${logicalName(c)}" width="${c === table.primaryName.schemaName ? 200 : 150}" />`);
  const attributes = [pk, ...columns.map(logicalName).filter((c) => c !== pk)].map((a) => `          <attribute name="${a}" />`);
  const quickFindFields = [primary, ...table.key.columns.map(logicalName)].filter((c, i, all) => all.indexOf(c) === i);
  return [
    XML_HEAD,
    '<savedqueries xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    '  <savedquery>',
    '    <IsCustomizable>1</IsCustomizable>',
    '    <CanBeDeleted>0</CanBeDeleted>',
    `    <isquickfindquery>${v.quickfind}</isquickfindquery>`,
    '    <isprivate>0</isprivate>',
    `    <isdefault>${v.isdefault}</isdefault>`,
    `    <savedqueryid>{${table.ids.views[kind]}}</savedqueryid>`,
    '    <layoutxml>',
    `      <grid name="resultset" jump="${primary}" select="1" icon="1" preview="1">`,
    `        <row name="result" id="${pk}">`,
    ...cells.map((c) => c.replace(/^ {10}/, '          ')),
    '        </row>',
    '      </grid>',
    '    </layoutxml>',
    `    <querytype>${v.querytype}</querytype>`,
    '    <fetchxml>',
    '      <fetch version="1.0" mapping="logical">',
    `        <entity name="${entity}">`,
    ...attributes,
    `          <order attribute="${primary}" descending="false" />`,
    ...(v.state === undefined || kind === 'advancedFind'
      ? []
      : ['          <filter type="and">', `            <condition attribute="statecode" operator="eq" value="${v.state}" />`, '          </filter>']),
    ...(v.quickfind
      ? ['          <filter type="or" isquickfindfields="1">', ...quickFindFields.map((f) => `            <condition attribute="${f}" operator="like" value="{0}" />`), '          </filter>']
      : []),
    '        </entity>',
    '      </fetch>',
    '    </fetchxml>',
    '    <IntroducedVersion>1.0.0.0</IntroducedVersion>',
    '    <LocalizedNames>',
    `      <LocalizedName description="${escapeXml(v.name(table.displayPlural))}" languagecode="1033" />`,
    '    </LocalizedNames>',
    '  </savedquery>',
    '</savedqueries>',
    '',
  ].join('\n');
}

export interface Relationship {
  name: string;
  referenced: string;
  referencingEntity: string;
  attribute: string;
  cascadeDelete: 'NoCascade' | 'Restrict';
  description: string;
}

/** The system relationships of a user-owned table (plus the currency one when it has money columns). */
export function systemRelationships(table: TableSpec): Relationship[] {
  const t = logicalName(table.schemaName);
  const r = (name: string, referenced: string, attribute: string, description: string, cascadeDelete: Relationship['cascadeDelete'] = 'NoCascade'): Relationship =>
    ({ name, referenced, referencingEntity: table.schemaName, attribute, cascadeDelete, description });
  const out = [
    r(`business_unit_${t}`, 'BusinessUnit', 'OwningBusinessUnit', 'Unique identifier for the business unit that owns the record', 'Restrict'),
    r(`lk_${t}_createdby`, 'SystemUser', 'CreatedBy', 'Unique identifier of the user who created the record.'),
    r(`lk_${t}_createdonbehalfby`, 'SystemUser', 'CreatedOnBehalfBy', 'Unique identifier of the delegate user who created the record.'),
    r(`lk_${t}_modifiedby`, 'SystemUser', 'ModifiedBy', 'Unique identifier of the user who modified the record.'),
    r(`lk_${t}_modifiedonbehalfby`, 'SystemUser', 'ModifiedOnBehalfBy', 'Unique identifier of the delegate user who modified the record.'),
    r(`owner_${t}`, 'Owner', 'OwnerId', 'Owner Id'),
    r(`team_${t}`, 'Team', 'OwningTeam', 'Unique identifier for the team that owns the record.'),
    r(`user_${t}`, 'SystemUser', 'OwningUser', 'Unique identifier for the user that owns the record.'),
  ];
  if (table.columns.some((c) => c.kind === 'money')) {
    out.push(r(`TransactionCurrency_${table.schemaName}`, 'TransactionCurrency', 'TransactionCurrencyId', 'Unique identifier of the currency associated with the entity.'));
  }
  return out;
}

export function relationshipXml(rel: Relationship): string {
  return [
    `  <EntityRelationship Name="${rel.name}">`,
    '    <EntityRelationshipType>OneToMany</EntityRelationshipType>',
    '    <IsCustomizable>1</IsCustomizable>',
    '    <IntroducedVersion>1.0.0.0</IntroducedVersion>',
    '    <IsHierarchical>0</IsHierarchical>',
    `    <ReferencingEntityName>${rel.referencingEntity}</ReferencingEntityName>`,
    `    <ReferencedEntityName>${rel.referenced}</ReferencedEntityName>`,
    '    <CascadeAssign>NoCascade</CascadeAssign>',
    `    <CascadeDelete>${rel.cascadeDelete}</CascadeDelete>`,
    '    <CascadeArchive>NoCascade</CascadeArchive>',
    '    <CascadeReparent>NoCascade</CascadeReparent>',
    '    <CascadeShare>NoCascade</CascadeShare>',
    '    <CascadeUnshare>NoCascade</CascadeUnshare>',
    `    <ReferencingAttributeName>${rel.attribute}</ReferencingAttributeName>`,
    '    <RelationshipDescription>',
    '      <Descriptions>',
    `        <Description description="${escapeXml(rel.description)}" languagecode="1033" />`,
    '      </Descriptions>',
    '    </RelationshipDescription>',
    '  </EntityRelationship>',
  ].join('\n');
}

export function relationshipsFileXml(rels: Relationship[]): string {
  return [XML_HEAD, '<EntityRelationships xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">', ...rels.map(relationshipXml), '</EntityRelationships>', ''].join('\n');
}
