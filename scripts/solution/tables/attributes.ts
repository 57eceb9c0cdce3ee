/**
 * `<attribute>` elements as exported tables carry them: every platform column of a user-owned table
 * (the importer refuses a table with only its custom columns) and the custom columns, each with the
 * full property list in the exported order. Shapes follow exported Entity.xml files of unpacked
 * solutions (e.g. microsoft/coe-starter-kit ALM Accelerator tables).
 */
import { escapeXml } from '../xml-text.ts';
import { logicalName, type CustomColumn, type StatusReason, type TableSpec } from './definition.ts';

interface Attr {
  physical: string;
  type: string;
  required: 'none' | 'required' | 'systemrequired';
  mask?: string;
  ime: 'auto' | 'disabled' | 'inactive';
  update: 0 | 1;
  create: 0 | 1;
  custom: 0 | 1;
  audit: 0 | 1;
  logical?: 1;
  searchable?: 0 | 1;
  filterable?: 0 | 1;
  retrievable?: 0 | 1;
  canModifyRequirement?: 0 | 1;
  /** Type-specific elements, already rendered, between IsLocalizable and displaynames. */
  extra: string[];
  display: string;
  description: string;
}

const STD_MASK = 'ValidForAdvancedFind|ValidForForm|ValidForGrid';

function el(tag: string, value: string | number): string {
  return value === '' ? `<${tag}></${tag}>` : `<${tag}>${typeof value === 'string' ? escapeXml(value) : value}</${tag}>`;
}

/** `<outer><inner description="…" languagecode="1033" /></outer>`, the label form every element of an export uses. */
export function labels(outer: string, inner: string, text: string, indent: string): string[] {
  return [`${indent}<${outer}>`, `${indent}  <${inner} description="${escapeXml(text)}" languagecode="1033" />`, `${indent}</${outer}>`];
}

function render(a: Attr): string {
  const i = '          ';
  const name = a.physical.toLowerCase();
  const lines = [
    `        <attribute PhysicalName="${a.physical}">`,
    i + el('Type', a.type),
    i + el('Name', name),
    i + el('LogicalName', name),
    i + el('RequiredLevel', a.required),
    ...(a.mask !== undefined ? [i + el('DisplayMask', a.mask)] : []),
    i + el('ImeMode', a.ime),
    i + el('ValidForUpdateApi', a.update),
    i + el('ValidForReadApi', 1),
    i + el('ValidForCreateApi', a.create),
    i + el('IsCustomField', a.custom),
    i + el('IsAuditEnabled', a.audit),
    ...(a.logical ? [i + el('IsLogical', 1)] : []),
    i + el('IsSecured', 0),
    i + el('IntroducedVersion', '1.0.0.0'),
    i + el('IsCustomizable', 1),
    i + el('IsRenameable', 1),
    i + el('CanModifySearchSettings', 1),
    i + el('CanModifyRequirementLevelSettings', a.canModifyRequirement ?? 1),
    i + el('CanModifyAdditionalSettings', 1),
    i + el('SourceType', 0),
    i + el('IsGlobalFilterEnabled', 0),
    i + el('IsSortableEnabled', 0),
    i + el('CanModifyGlobalFilterSettings', 1),
    i + el('CanModifyIsSortableSettings', 1),
    i + el('IsDataSourceSecret', 0),
    i + el('AutoNumberFormat', ''),
    i + el('IsSearchable', a.searchable ?? 0),
    i + el('IsFilterable', a.filterable ?? 0),
    i + el('IsRetrievable', a.retrievable ?? 0),
    i + el('IsLocalizable', 0),
    ...a.extra.map((x) => x.split('\n').map((l) => i + l).join('\n')),
    ...labels('displaynames', 'displayname', a.display, i),
    ...labels('Descriptions', 'Description', a.description, i),
    '        </attribute>',
  ];
  return lines.join('\n');
}

const lookup = ['<LookupStyle>single</LookupStyle>', '<LookupTypes />'];
const int = (min: string) => ['<Format></Format>', `<MinValue>${min}</MinValue>`, '<MaxValue>2147483647</MaxValue>'];
const dateTime = (format: 'datetime' | 'date', canChange: 0 | 1, behavior: number) => [`<Format>${format}</Format>`, `<CanChangeDateTimeBehavior>${canChange}</CanChangeDateTimeBehavior>`, `<Behavior>${behavior}</Behavior>`];
const MONEY_RANGE = ['<MinValue>0</MinValue>', '<MaxValue>922337203685477</MaxValue>'];

function systemLookup(physical: string, display: string, description: string, opts: Partial<Attr> = {}): Attr {
  return { physical, type: 'lookup', required: 'none', mask: STD_MASK, ime: 'auto', update: 0, create: 0, custom: 0, audit: 0, extra: lookup, display, description, ...opts };
}

function optionSetXml(kind: 'state' | 'status', table: TableSpec, reasons: StatusReason[]): string {
  const name = `${logicalName(table.schemaName)}_${kind}code`;
  const display = kind === 'state' ? 'Status' : 'Status Reason';
  const description = kind === 'state' ? `Status of the ${table.display}` : `Reason for the status of the ${table.display}`;
  const body =
    kind === 'state'
      ? ['<states>', ...[0, 1].flatMap((s) => {
          const def = reasons.find((r) => r.state === s)!.value;
          const label = s === 0 ? 'Active' : 'Inactive';
          return [`  <state value="${s}" defaultstatus="${def}" invariantname="${label}">`, '    <labels>', `      <label description="${label}" languagecode="1033" />`, '    </labels>', '  </state>'];
        }), '</states>']
      : ['<statuses>', ...reasons.flatMap((r) => [`  <status value="${r.value}" state="${r.state}">`, '    <labels>', `      <label description="${escapeXml(r.label)}" languagecode="1033" />`, '    </labels>', '  </status>']), '</statuses>'];
  return [
    `<optionset Name="${name}">`,
    `  <OptionSetType>${kind}</OptionSetType>`,
    '  <IntroducedVersion>1.0.0.0</IntroducedVersion>',
    '  <IsCustomizable>1</IsCustomizable>',
    ...labels('displaynames', 'displayname', display, '  '),
    ...labels('Descriptions', 'Description', description, '  '),
    ...body.map((l) => '  ' + l),
    '</optionset>',
  ].join('\n');
}

export const DEFAULT_STATUS: StatusReason[] = [
  { value: 1, label: 'Active', state: 0 },
  { value: 2, label: 'Inactive', state: 1 },
];

function platformAttributes(table: TableSpec): Attr[] {
  const t = table.display;
  const reasons = table.statusReasons ?? DEFAULT_STATUS;
  const hasMoney = table.columns.some((c) => c.kind === 'money');
  const pkPhysical = `${table.schemaName}Id`;
  const attrs: Attr[] = [
    systemLookup('CreatedBy', 'Created By', 'Unique identifier of the user who created the record.'),
    { physical: 'CreatedOn', type: 'datetime', required: 'none', mask: STD_MASK, ime: 'inactive', update: 0, create: 0, custom: 0, audit: 0, filterable: 1, retrievable: 1, extra: dateTime('datetime', 0, 1), display: 'Created On', description: 'Date and time when the record was created.' },
    systemLookup('CreatedOnBehalfBy', 'Created By (Delegate)', 'Unique identifier of the delegate user who created the record.'),
    { physical: 'ImportSequenceNumber', type: 'int', required: 'none', mask: 'ValidForAdvancedFind', ime: 'disabled', update: 0, create: 1, custom: 0, audit: 1, extra: int('-2147483648'), display: 'Import Sequence Number', description: 'Sequence number of the import that created this record.' },
    systemLookup('ModifiedBy', 'Modified By', 'Unique identifier of the user who modified the record.'),
    { physical: 'ModifiedOn', type: 'datetime', required: 'none', mask: STD_MASK, ime: 'inactive', update: 0, create: 0, custom: 0, audit: 0, filterable: 1, retrievable: 1, extra: dateTime('datetime', 0, 1), display: 'Modified On', description: 'Date and time when the record was modified.' },
    systemLookup('ModifiedOnBehalfBy', 'Modified By (Delegate)', 'Unique identifier of the delegate user who modified the record.'),
    { physical: 'OverriddenCreatedOn', type: 'datetime', required: 'none', mask: 'ValidForAdvancedFind|ValidForGrid', ime: 'inactive', update: 0, create: 1, custom: 0, audit: 1, extra: dateTime('date', 0, 1), display: 'Record Created On', description: 'Date and time that the record was migrated.' },
    { physical: 'OwnerId', type: 'owner', required: 'systemrequired', mask: `${STD_MASK}|RequiredForForm`, ime: 'auto', update: 1, create: 1, custom: 0, audit: 1, filterable: 1, extra: ['<LookupStyle>single</LookupStyle>', '<LookupTypes>', '  <LookupType id="00000000-0000-0000-0000-000000000000">8</LookupType>', '  <LookupType id="00000000-0000-0000-0000-000000000000">9</LookupType>', '</LookupTypes>'], display: 'Owner', description: 'Owner Id' },
    systemLookup('OwningBusinessUnit', 'Owning Business Unit', 'Unique identifier for the business unit that owns the record', { filterable: 1 }),
    systemLookup('OwningTeam', 'Owning Team', 'Unique identifier for the team that owns the record.', { mask: undefined, logical: 1 }),
    systemLookup('OwningUser', 'Owning User', 'Unique identifier for the user that owns the record.', { mask: undefined, logical: 1 }),
    { physical: pkPhysical, type: 'primarykey', required: 'systemrequired', mask: 'ValidForAdvancedFind|RequiredForGrid', ime: 'auto', update: 0, create: 1, custom: 0, audit: 0, filterable: 1, retrievable: 1, canModifyRequirement: 0, extra: [], display: t, description: 'Unique identifier for entity instances' },
    { physical: 'statecode', type: 'state', required: 'systemrequired', mask: STD_MASK, ime: 'auto', update: 1, create: 0, custom: 0, audit: 1, filterable: 1, extra: [optionSetXml('state', table, reasons)], display: 'Status', description: `Status of the ${t}` },
    { physical: 'statuscode', type: 'status', required: 'none', mask: STD_MASK, ime: 'auto', update: 1, create: 1, custom: 0, audit: 1, extra: [optionSetXml('status', table, reasons)], display: 'Status Reason', description: `Reason for the status of the ${t}` },
    { physical: 'TimeZoneRuleVersionNumber', type: 'int', required: 'none', ime: 'auto', update: 1, create: 1, custom: 0, audit: 0, extra: int('-1'), display: 'Time Zone Rule Version Number', description: 'For internal use only.' },
    { physical: 'UTCConversionTimeZoneCode', type: 'int', required: 'none', ime: 'auto', update: 1, create: 1, custom: 0, audit: 0, extra: int('-1'), display: 'UTC Conversion Time Zone Code', description: 'Time zone code that was in use when the record was created.' },
    { physical: 'VersionNumber', type: 'bigint', required: 'none', ime: 'auto', update: 0, create: 0, custom: 0, audit: 0, extra: ['<MinValue>-9223372036854775808</MinValue>', '<MaxValue>9223372036854775807</MaxValue>'], display: 'Version Number', description: 'Version Number' },
  ];
  if (hasMoney) {
    attrs.push(
      { physical: 'ExchangeRate', type: 'decimal', required: 'none', mask: STD_MASK, ime: 'disabled', update: 0, create: 0, custom: 0, audit: 0, extra: ['<MinValue>0.000000000001</MinValue>', '<MaxValue>100000000000</MaxValue>', '<Accuracy>12</Accuracy>'], display: 'Exchange Rate', description: 'Exchange rate for the currency associated with the entity with respect to the base currency.' },
      { ...systemLookup('TransactionCurrencyId', 'Currency', 'Unique identifier of the currency associated with the entity.'), update: 1, create: 1, audit: 1, filterable: 1 },
    );
  }
  return attrs;
}

function customAttributes(c: CustomColumn, primary: boolean): Attr[] {
  const base = { physical: c.schemaName, custom: 1 as const, audit: 1 as const, update: 1 as const, create: 1 as const, display: c.display, description: c.description };
  switch (c.kind) {
    case 'text':
      return [{
        ...base, type: 'nvarchar', ime: 'auto',
        required: c.required ? 'required' : 'none',
        mask: primary ? `PrimaryName|${STD_MASK}|RequiredForForm` : c.required ? `${STD_MASK}|RequiredForForm` : STD_MASK,
        searchable: primary ? 1 : 0, retrievable: primary ? 1 : 0,
        extra: ['<Format>text</Format>', `<MaxLength>${c.maxLength}</MaxLength>`, `<Length>${c.maxLength * 2}</Length>`],
      }];
    case 'memo':
      return [{ ...base, type: 'ntext', ime: 'auto', required: c.required ? 'required' : 'none', mask: STD_MASK, extra: ['<Format>textarea</Format>', `<MaxLength>${c.maxLength}</MaxLength>`] }];
    case 'datetime':
      return [{ ...base, type: 'datetime', ime: 'inactive', required: 'none', mask: STD_MASK, extra: dateTime(c.behavior === 'DateOnly' ? 'date' : 'datetime', 1, c.behavior === 'DateOnly' ? 3 : 1) }];
    case 'money':
      return [
        { ...base, type: 'money', ime: 'disabled', required: 'none', mask: STD_MASK, extra: [...MONEY_RANGE, `<Accuracy>${c.precision}</Accuracy>`, '<AccuracySource>0</AccuracySource>', '<IsBaseCurrency>0</IsBaseCurrency>'] },
        {
          ...base, physical: `${c.schemaName}_Base`, type: 'money', ime: 'disabled', required: 'none', mask: STD_MASK, update: 0, create: 0, custom: 1,
          extra: [...MONEY_RANGE, `<Accuracy>${c.precision}</Accuracy>`, '<AccuracySource>2</AccuracySource>', '<IsBaseCurrency>1</IsBaseCurrency>', `<CalculationOf>${logicalName(c.schemaName)}</CalculationOf>`],
          display: `${c.display} (Base)`, description: `Value of the ${c.display} in base currency.`,
        },
      ];
  }
}

/** Every attribute of the table, sorted by physical name as exports list them. */
export function attributesXml(table: TableSpec): string {
  const attrs = [
    ...platformAttributes(table),
    ...customAttributes(table.primaryName, true),
    ...table.columns.flatMap((c) => customAttributes(c, false)),
  ];
  attrs.sort((a, b) => (a.physical.toLowerCase() < b.physical.toLowerCase() ? -1 : 1));
  return attrs.map(render).join('\n');
}
