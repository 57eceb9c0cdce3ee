import { describe, expect, it } from 'vitest';
import { validatePackages } from '../../scripts/solution/validate/index.ts';
import { writeZip } from '../../scripts/solution/zip.ts';
import { zipSync } from 'fflate';
import { buildBoth, damageKit, editEntry, entryText, flowEntry, SCHEMAS, setEntryText, validateBuilt } from './helpers.ts';

const { baseline, damage } = damageKit();

const ASSET_FLOW = 'AssetstoDynamicsscheduled';
const STATUS_FLOW = 'PurchaseorderstatustoCMMS';

describe('solution validator', () => {
  it('finds nothing wrong with the real packed solutions', () => {
    expect(baseline).toEqual([]);
  });

  it('when an XML file is not well-formed, reports xml-well-formed', () => {
    const found = damage(({ sync }) => editEntry(sync, 'customizations.xml', (t) => t.replace('</Languages>', '</Language>')));
    expect(found.some((f) => f.startsWith('xml-well-formed'))).toBe(true);
  });

  it('when the version is not four-part, reports it in the manifest', () => {
    const found = damage(({ sync }) => editEntry(sync, 'solution.xml', (t) => t.replace('<Version>1.0.0.0<', '<Version>1.0<')));
    expect(found).toContainEqual(expect.stringMatching(/^manifest: Version "1.0" is not four-part/));
  });

  it('when the publisher prefix is too long, reports the prefix rule', () => {
    const found = damage(({ sync }) => editEntry(sync, 'solution.xml', (t) => t.replace('>cmms<', '>cmmsenergy<')));
    expect(found).toContainEqual(expect.stringMatching(/^manifest: CustomizationPrefix "cmmsenergy"/));
  });

  it('when a workflow file name carries another GUID than its WorkflowId, reports guid-consistent', () => {
    const found = damage(({ sync }) =>
      editEntry(sync, 'customizations.xml', (t) => t.replace('{987fe340-fb2d-462c-ac02-874a7d1eba8d}', '{987fe340-fb2d-462c-ac02-874a7d1eba8e}')),
    );
    expect(found).toContainEqual(expect.stringMatching(/^guid-consistent: JsonFileName GUID 987FE340-.* differs from WorkflowId/));
    expect(found).toContainEqual(expect.stringMatching(/^guid-consistent: RootComponent type 29 \{987fe340-fb2d-462c-ac02-874a7d1eba8d\} has no <Workflow>/));
  });

  it('when two workflows share a GUID, reports guid-unique', () => {
    const found = damage(({ sync }) =>
      editEntry(sync, 'customizations.xml', (t) => t.replace('WorkflowId="{91929aa3-6486-489c-80e8-9676c15dd3a8}"', 'WorkflowId="{987fe340-fb2d-462c-ac02-874a7d1eba8d}"')),
    );
    expect(found.some((f) => f.startsWith('guid-unique'))).toBe(true);
  });

  it('when a flow uses a connection reference the solution does not define, reports connection-reference-undefined', () => {
    const found = damage(({ sync }) => editEntry(sync, flowEntry(sync, ASSET_FLOW), (t) => t.replace('"cmms_DataverseConnection"', '"cmms_OtherDataverse"')));
    expect(found).toContainEqual(expect.stringMatching(/^connection-reference-undefined: connection reference "cmms_OtherDataverse"/));
  });

  it('when a flow reads an environment variable no solution defines, reports environment-variable-undefined', () => {
    const found = damage(({ sync }) => {
      sync.entries.delete('environmentvariabledefinitions/cmms_SyncPageSize/environmentvariabledefinition.xml');
    });
    expect(found).toContainEqual(expect.stringMatching(/^environment-variable-undefined: .*cmms_SyncPageSize/));
  });

  it('when a flow calls an operation the connector lacks, reports connector-operation-missing', () => {
    const found = damage(({ sync }) => editEntry(sync, flowEntry(sync, STATUS_FLOW), (t) => t.replace('"SetPurchaseOrderStatus"', '"SetPOStatus"')));
    expect(found).toContainEqual(expect.stringMatching(/^connector-operation-missing: action "Send_status_to_CMMS": operation SetPOStatus does not exist/));
  });

  it('when a flow passes a parameter name the operation does not have, reports connector-parameter-unknown', () => {
    const found = damage(({ sync }) => editEntry(sync, flowEntry(sync, STATUS_FLOW), (t) => t.replace('"body/modifiedon"', '"body/modifiedOn"')));
    expect(found).toContainEqual(expect.stringMatching(/^connector-parameter-unknown: action "Send_status_to_CMMS": SetPurchaseOrderStatus has no parameter "body\/modifiedOn".*body\/modifiedon/));
  });

  it('when a flow leaves out a required connector parameter, reports connector-parameter-missing', () => {
    const found = damage(({ sync }) => editEntry(sync, flowEntry(sync, STATUS_FLOW), (t) => t.replace('"numero_requisicion":', '"requisition":')));
    expect(found).toContainEqual(expect.stringMatching(/^connector-parameter-missing: .*SetPurchaseOrderStatus requires "numero_requisicion"/));
  });

  it('when an expression does not parse, reports expression-syntax', () => {
    const found = damage(({ sync }) =>
      editEntry(sync, flowEntry(sync, ASSET_FLOW), (t) => t.replace(`"@outputs('Get_changes')?['body/items']"`, `"@outputs('Get_changes')?['body/items'"`)),
    );
    expect(found).toContainEqual(expect.stringMatching(/^expression-syntax: .*expected "\]"/));
  });

  it('when an expression calls an unknown function or with the wrong arity, reports expression-function', () => {
    const found = damage(({ sync }) =>
      editEntry(sync, flowEntry(sync, ASSET_FLOW), (t) => t.replace(`"@not(variables('hasMore'))"`, `"@nott(variables('hasMore'), 1)"`)),
    );
    expect(found).toContainEqual(expect.stringMatching(/^expression-function: .*unknown function nott\(\)/));
  });

  it('when an expression names an action, variable or parameter that does not exist, reports each', () => {
    const found = damage(({ sync }) =>
      editEntry(sync, flowEntry(sync, ASSET_FLOW), (t) =>
        t
          .replace(`"@outputs('Get_changes')?['body/items']"`, `"@outputs('Get_change')?['body/items']"`)
          .replace(`"@not(variables('hasMore'))"`, `"@not(variables('more'))"`)
          .replace(`"@parameters('Sync page size (cmms_SyncPageSize)')"`, `"@parameters('Page size')"`),
      ),
    );
    expect(found).toContainEqual(expect.stringMatching(/^action-undefined: .*outputs\('Get_change'\) names no action/));
    expect(found).toContainEqual(expect.stringMatching(/^variable-undefined: .*'more'/));
    expect(found).toContainEqual(expect.stringMatching(/^parameter-undefined: .*parameters\('Page size'\)/));
  });

  it('when a Dataverse trigger names the entity set instead of the logical name, reports dataverse-trigger-entity', () => {
    const found = damage(({ sync }) =>
      editEntry(sync, flowEntry(sync, STATUS_FLOW), (t) =>
        t.replace('"subscriptionRequest/entityname": "msdyn_purchaseorder"', '"subscriptionRequest/entityname": "msdyn_purchaseorders"'),
      ),
    );
    expect(found).toContainEqual(expect.stringMatching(/^dataverse-trigger-entity: .*"msdyn_purchaseorders" looks like an entity set name/));
  });

  it('when a Dataverse action names the logical name instead of the entity set, reports dataverse-action-entity', () => {
    const found = damage(({ sync }) => editEntry(sync, flowEntry(sync, ASSET_FLOW), (t) => t.replaceAll('"msdyn_customerassets"', '"msdyn_customerasset"')));
    expect(found).toContainEqual(expect.stringMatching(/^dataverse-action-entity: .*"msdyn_customerasset" looks like a logical name.*msdyn_customerassets/));
  });

  it('when a Dataverse write passes the whole row as one item object instead of item/<column> parameters, reports dataverse-item', () => {
    const found = damage(({ sync }) => {
      const name = flowEntry(sync, ASSET_FLOW);
      const flow = JSON.parse(entryText(sync, name)) as Record<string, unknown>;
      const walk = (o: unknown): void => {
        if (!o || typeof o !== 'object') return;
        const p = (o as { parameters?: Record<string, unknown> }).parameters;
        if (p && 'item/msdyn_name' in p) {
          (o as { parameters: Record<string, unknown> }).parameters = { entityName: p.entityName, recordId: p.recordId, item: "@items('For_each_change')?['record']" };
        }
        Object.values(o).forEach(walk);
      };
      walk(flow);
      setEntryText(sync, name, JSON.stringify(flow, null, 2));
    });
    expect(found).toContainEqual(expect.stringMatching(/^dataverse-item: action "Upsert_row": UpdateRecord takes its columns as item\/<logical name> parameters/));
    expect(found).toContainEqual(expect.stringMatching(/^dataverse-item: action "Upsert_row": UpdateRecord writes no column/));
  });

  it('when a flow lacks a retry policy, a bounded Apply to each or a Catch scope, reports each', () => {
    const found = damage(({ sync }) =>
      editEntry(sync, flowEntry(sync, ASSET_FLOW), (t) => {
        const flow = JSON.parse(t);
        const actions = flow.properties.definition.actions;
        const until = actions.Try.actions.Until_no_more_changes.actions;
        delete until.Get_changes.inputs.retryPolicy;
        delete until.For_each_change.runtimeConfiguration;
        actions.Catch.runAfter = { Try: ['Succeeded'] };
        return JSON.stringify(flow);
      }),
    );
    expect(found).toContainEqual(expect.stringMatching(/^retry-policy: action "Get_changes" has no retryPolicy/));
    expect(found).toContainEqual(expect.stringMatching(/^foreach-concurrency: Apply to each "For_each_change"/));
    expect(found).toContainEqual(expect.stringMatching(/^try-catch: /));
  });

  it("when the connector inside breaks Microsoft's swagger schema, reports connector-schema", () => {
    const found = damage(({ connector }) =>
      editEntry(connector, 'Connector/cmms_energycmms_openapidefinition.json', (t) => t.replace('"swagger":"2.0"', '"swagger":"3.0"')),
    );
    expect(found).toContainEqual(expect.stringMatching(/^connector-schema: \/swagger must be equal to one of the allowed values/));
  });

  it('when a flow uses the custom connector but no package carries it, reports connector-missing', () => {
    const { sync } = buildBoth();
    const findings = validateBuilt(sync).map((f) => f.rule);
    expect(findings).toContain('connector-missing');
  });

  it('when the zip has directory entries or stored entries, reports zip-layout', () => {
    const { sync } = buildBoth();
    const files: Record<string, [Uint8Array, { level: 0 | 9 }]> = {};
    for (const [n, b] of sync.entries) files[n] = [b, { level: n === 'solution.xml' ? 0 : 9 }];
    files['Workflows/'] = [new Uint8Array(), { level: 9 }];
    const findings = validatePackages([{ file: 'bad.zip', bytes: zipSync(files) }], SCHEMAS);
    const layout = findings.filter((f) => f.rule === 'zip-layout').map((f) => f.where + ' ' + f.message);
    expect(layout).toContainEqual(expect.stringMatching(/solution\.xml compression method 0/));
    expect(layout).toContainEqual(expect.stringMatching(/Workflows\/ directory entries/));
  });

  it('validates managed packages the same way', () => {
    const { connector, sync } = buildBoth(true);
    const findings = validatePackages([
      { file: 'c_managed.zip', bytes: writeZip(connector.entries) },
      { file: 's_managed.zip', bytes: writeZip(sync.entries) },
    ], SCHEMAS);
    expect(findings.map((f) => f.rule)).toEqual(baseline.map((f) => f.rule));
  });
});
