/**
 * The validator's rules for a solution that imports into any environment and arrives working
 * (issue 10): each test plants one defect real exports never have and expects its rule.
 */
import { describe, expect, it } from 'vitest';
import { checkSettingsFile } from '../../scripts/solution/validate/import-rules.ts';
import type { Finding } from '../../scripts/solution/validate/index.ts';
import { damageKit, editEntry, flowEntry } from './helpers.ts';

const { baseline, damage } = damageKit();

const ASSET_FLOW = 'AssetstoDynamicsscheduled';
const STATUS_FLOW = 'PurchaseorderstatustoCMMS';
const POLICIES = 'Connector/cmms_energycmms_policytemplateinstances.json';

describe('solution validator: import into another environment, nothing half-done', () => {
  it('the packed solutions of every check below start clean', () => {
    expect(baseline).toEqual([]);
  });

  it('when a flow names the custom connector without api.logicalName, reports connector-logical-name', () => {
    const found = damage(({ sync }) => editEntry(sync, flowEntry(sync, ASSET_FLOW), (t) => t.replace(/,\s*"logicalName": "cmms_energycmms"/, '')));
    expect(found).toContainEqual(expect.stringMatching(/^connector-logical-name: alias shared_cmms-5fenergycmms-5f12d631a1822203d9 names custom connector .* without api\.logicalName/));
  });

  it("when api.logicalName is not the connector's name, reports connector-logical-name", () => {
    const found = damage(({ sync }) => editEntry(sync, flowEntry(sync, ASSET_FLOW), (t) => t.replace('"logicalName": "cmms_energycmms"', '"logicalName": "cmms_other"')));
    expect(found).toContainEqual('connector-logical-name: alias shared_cmms-5fenergycmms-5f12d631a1822203d9: api.logicalName "cmms_other" is not the connector\'s name "cmms_energycmms"');
  });

  it('when a Dataverse action takes its table from an expression, reports dataverse-literal', () => {
    const found = damage(({ sync }) =>
      editEntry(sync, flowEntry(sync, ASSET_FLOW), (t) => t.replace('"entityName": "msdyn_customerassets"', `"entityName": "@parameters('Sync consumer name (cmms_SyncConsumer)')"`)),
    );
    expect(found).toContainEqual(expect.stringMatching(/^dataverse-literal: action "Delete_row": entityName is the expression/));
  });

  it('when the Dataverse trigger filters on a column named by an expression, reports dataverse-literal', () => {
    const found = damage(({ sync }) =>
      editEntry(sync, flowEntry(sync, STATUS_FLOW), (t) =>
        t.replace('"subscriptionRequest/filteringattributes": "statuscode"', `"subscriptionRequest/filteringattributes": "@parameters('Integration user id (cmms_IntegrationUserId)')"`),
      ),
    );
    expect(found).toContainEqual(expect.stringMatching(/^dataverse-literal: trigger "When_a_purchase_order_status_changes": subscriptionRequest\/filteringattributes is the expression/));
  });

  it('when a flow reads a column whose name comes from a parameter, or puts a parameter in the key, reports dataverse-literal', () => {
    const found = damage(({ sync }) =>
      editEntry(sync, flowEntry(sync, STATUS_FLOW), (t) =>
        t.replace(`"@triggerOutputs()?['body/statuscode']"`, `"@triggerOutputs()?['body']?[parameters('Integration user id (cmms_IntegrationUserId)')]"`),
      ),
    );
    expect(found).toContainEqual(expect.stringMatching(/^dataverse-literal: .*body\/statuscode: reads a column named by parameters\('Integration user id/));
    const keyed = damage(({ sync }) =>
      editEntry(sync, flowEntry(sync, ASSET_FLOW), (t) => t.replace(`concat('msdyn_assetnumber='''`, `concat(parameters('Sync consumer name (cmms_SyncConsumer)'), '='''`)),
    );
    expect(keyed).toContainEqual(expect.stringMatching(/^dataverse-literal: action "Delete_row": recordId .* takes part of its key from parameters\(\)/));
  });

  it('when the Recurrence interval is an expression, reports recurrence-literal', () => {
    const found = damage(({ sync }) =>
      editEntry(sync, flowEntry(sync, ASSET_FLOW), (t) => t.replace('"interval": 15', `"interval": "@parameters('Sync page size (cmms_SyncPageSize)')"`)),
    );
    expect(found).toContainEqual(expect.stringMatching(/^recurrence-literal: trigger "Recurrence"/));
  });

  it('when a flow ships off, reports flow-state', () => {
    const found = damage(({ sync }) =>
      editEntry(sync, 'customizations.xml', (t) => t.replace('<StateCode>1</StateCode>\r\n      <StatusCode>2</StatusCode>', '<StateCode>0</StateCode>\r\n      <StatusCode>1</StatusCode>')),
    );
    expect(found).toEqual([expect.stringMatching(/^flow-state: ships off \(StateCode 0 \/ StatusCode 1\)/)]);
  });

  it("when the policy instances are in apiProperties' camelCase, reports policy-casing", () => {
    const found = damage(({ connector }) => editEntry(connector, POLICIES, (t) => t.replaceAll('"TemplateId"', '"templateId"')));
    expect(found).toContainEqual(expect.stringMatching(/^policy-casing: \[0\] has templateId; the solution form is TemplateId\/Title\/Parameters\/Type/));
  });

  it('when MissingDependencies leaves out the connector, reports missing-dependencies naming it and its solution', () => {
    const found = damage(({ sync }) => editEntry(sync, 'solution.xml', (t) => t.replaceAll('type="372"', 'type="371"')));
    expect(found).toContainEqual(
      'missing-dependencies: MissingDependencies does not name the custom connector cmms_energycmms (type 372) that connection reference cmms_EnergyCmmsConnection needs from EnergyCmmsConnector',
    );
  });

  it('when MissingDependencies leaves out a Field Service table a flow uses, reports missing-dependencies naming the table', () => {
    const found = damage(({ sync }) => editEntry(sync, 'solution.xml', (t) => t.replaceAll('schemaName="msdyn_customerasset"', 'schemaName="msdyn_other"')));
    expect(found).toContainEqual(expect.stringMatching(/^missing-dependencies: flows .* use table msdyn_customerasset from FieldService/));
  });

  it('when an environment variable ships an empty default, reports settings-empty-value', () => {
    const found = damage(({ sync }) =>
      editEntry(sync, 'environmentvariabledefinitions/cmms_IntegrationUserId/environmentvariabledefinition.xml', (t) =>
        t.replace('<description', '<defaultvalue></defaultvalue>\r\n  <description'),
      ),
    );
    expect(found).toContainEqual(expect.stringMatching(/^settings-empty-value: has an empty <defaultvalue>/));
  });

  it('when a deployment-settings file holds an empty variable value, reports settings-empty-value naming the variable', () => {
    const findings: Finding[] = [];
    const settings = { EnvironmentVariables: [{ SchemaName: 'cmms_SyncPageSize', Value: '100' }, { SchemaName: 'cmms_IntegrationUserId', Value: '' }], ConnectionReferences: [] };
    checkSettingsFile('EnergyCmmsSync.settings.json', JSON.stringify(settings), findings);
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'settings-empty-value', where: 'EnergyCmmsSync.settings.json', message: expect.stringMatching(/^EnvironmentVariables cmms_IntegrationUserId has an empty value/) }),
    ]);
  });
});
