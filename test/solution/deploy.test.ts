import { describe, expect, it } from 'vitest';
import { findZip, importPlan, settingsProblems, variablesTheFlowsNeed } from '../../scripts/solution/deploy.ts';
import { writeZip } from '../../scripts/solution/zip.ts';
import { buildBoth } from './helpers.ts';

const files = [
  'EnergyCmmsConnector_1_0_0_0.zip',
  'EnergyCmmsConnector_1_0_0_0_managed.zip',
  'EnergyCmmsConnector_1_2_0_0_managed.zip',
  'EnergyCmmsTables_1_0_0_0.zip',
  'EnergyCmmsTables_1_0_0_0_managed.zip',
  'EnergyCmmsSync_1_0_0_0.zip',
  'EnergyCmmsSync_1_0_0_0_managed.zip',
];

describe('solution deployment helper', () => {
  it('imports the connector solution, then the tables, then the sync solution, without the deprecated activate-after-import flag', () => {
    const plan = importPlan({ distDir: '/d', managed: true, environment: 'https://org.crm.dynamics.com' }, files);
    expect(plan.map((p) => p.solution)).toEqual(['EnergyCmmsConnector', 'EnergyCmmsTables', 'EnergyCmmsSync']);
    expect(plan[0]!.args).toEqual([
      'solution', 'import', '--path', '/d/EnergyCmmsConnector_1_2_0_0_managed.zip',
      '--settings-file', '/d/EnergyCmmsConnector.settings.json', '--publish-changes', '--environment', 'https://org.crm.dynamics.com',
    ]);
    expect(plan[1]!.args).toEqual(['solution', 'import', '--path', '/d/EnergyCmmsTables_1_0_0_0_managed.zip', '--publish-changes', '--environment', 'https://org.crm.dynamics.com']);
    for (const step of plan) expect(step.args).not.toContain('--activate-plugins');
  });

  it('picks the newest version and the requested kind of zip', () => {
    expect(findZip('/d', 'EnergyCmmsConnector', true, files)).toBe('/d/EnergyCmmsConnector_1_2_0_0_managed.zip');
    expect(findZip('/d', 'EnergyCmmsConnector', false, files)).toBe('/d/EnergyCmmsConnector_1_0_0_0.zip');
  });

  it('when a zip is missing, says to pack first', () => {
    expect(() => importPlan({ distDir: '/d', managed: true }, files.slice(0, 5))).toThrow(/no managed zip of EnergyCmmsSync .*npm run solution/);
    expect(() => importPlan({ distDir: '/d', managed: true }, files.slice(0, 3))).toThrow(/no managed zip of EnergyCmmsTables .*npm run solution/);
  });

  it('when settings still have empty connection ids or required values, names each one', () => {
    const problems = settingsProblems(
      {
        EnvironmentVariables: [{ SchemaName: 'cmms_CmmsApiHost', Value: '' }],
        ConnectionReferences: [
          { LogicalName: 'cmms_DataverseConnection', ConnectionId: '', ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps' },
          { LogicalName: 'cmms_EnergyCmmsConnection', ConnectionId: '0123456789abcdef0123456789abcdef', ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_x' },
        ],
      },
      ['cmms_CmmsApiHost'],
    );
    expect(problems).toEqual([
      'EnvironmentVariables cmms_CmmsApiHost: needs a value',
      "ConnectionReferences cmms_DataverseConnection: ConnectionId must be the 32-hex connection name from the connection's URL",
    ]);
  });

  it('asks for the vendor account and currency variables only when the packed flows bind them (the Field Service mapping)', () => {
    const needs = (mapping: string) => variablesTheFlowsNeed(writeZip(buildBoth(true, { mapping }).sync.entries));
    expect(needs('field-service').sort()).toEqual(['cmms_CurrencyCode', 'cmms_VendorAccountId']);
    expect(needs('cmms-tables')).toEqual([]);
    expect(settingsProblems({ EnvironmentVariables: [{ SchemaName: 'cmms_CurrencyCode', Value: 'EUR' }], ConnectionReferences: [] }, needs('field-service'))).toEqual([
      'EnvironmentVariables cmms_VendorAccountId: needs a value',
    ]);
  });
});
