import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packSolutions } from '../../scripts/solution/pack-lib.ts';
import { readZip, zipEntryHeaders } from '../../scripts/solution/zip.ts';
import { ROOT, buildBoth, entryText } from './helpers.ts';

describe('solution packer', () => {
  it('packs the same sources into the same bytes every time', () => {
    const a = packSolutions({ root: ROOT, outDir: mkdtempSync(join(tmpdir(), 'sol-a-')) });
    const b = packSolutions({ root: ROOT, outDir: mkdtempSync(join(tmpdir(), 'sol-b-')) });
    expect(a.zips).toHaveLength(6);
    for (const [i, z] of a.zips.entries()) expect(Buffer.compare(Buffer.from(z.bytes), Buffer.from(b.zips[i]!.bytes))).toBe(0);
  });

  it('writes managed and unmanaged zips of the three solutions plus deployment settings of those with something to set', () => {
    const out = mkdtempSync(join(tmpdir(), 'sol-out-'));
    packSolutions({ root: ROOT, outDir: out });
    expect(readdirSync(out).sort()).toEqual([
      'EnergyCmmsConnector.settings.json',
      'EnergyCmmsConnector_1_0_0_0.zip',
      'EnergyCmmsConnector_1_0_0_0_managed.zip',
      'EnergyCmmsSync.settings.json',
      'EnergyCmmsSync_1_0_0_0.zip',
      'EnergyCmmsSync_1_0_0_0_managed.zip',
      'EnergyCmmsTables_1_0_0_0.zip',
      'EnergyCmmsTables_1_0_0_0_managed.zip',
    ]);
    const settings = JSON.parse(readFileSync(join(out, 'EnergyCmmsSync.settings.json'), 'utf8'));
    expect(settings.ConnectionReferences.map((c: { LogicalName: string }) => c.LogicalName).sort()).toEqual([
      'cmms_DataverseConnection',
      'cmms_EnergyCmmsConnection',
    ]);
    expect(settings.ConnectionReferences.every((c: { ConnectionId: string }) => c.ConnectionId === '')).toBe(true);
    // Defaults are offered; a variable without one (the optional integration user) is left out, never "".
    expect(settings.EnvironmentVariables).toEqual([
      { SchemaName: 'cmms_SyncConsumer', Value: 'dynamics365' },
      { SchemaName: 'cmms_SyncPageSize', Value: '100' },
    ]);
  });

  it('lays the zip out as the platform does: root files first, deflate with maximum-compression flag, no directories', () => {
    const { sync } = buildBoth();
    const out = packSolutions({ root: ROOT, outDir: mkdtempSync(join(tmpdir(), 'sol-l-')) });
    const zip = out.zips.find((z) => z.solution === 'EnergyCmmsSync' && !z.managed)!;
    const headers = zipEntryHeaders(zip.bytes);
    expect(headers.slice(0, 3).map((h) => h.name)).toEqual(['customizations.xml', '[Content_Types].xml', 'solution.xml']);
    for (const h of headers) {
      expect(h.method).toBe(8);
      expect(h.flags & 2).toBe(2);
      expect(h.versionNeeded).toBe(20);
      expect(h.hostOs).toBe(0);
      expect(h.name.endsWith('/')).toBe(false);
    }
    // Five flows: the default mapping gives Dynamics the book value, so the finance flow is packed too.
    expect(headers.filter((h) => h.name.startsWith('Workflows/'))).toHaveLength(5);
    const ct = sync.entries.get('[Content_Types].xml')!;
    expect([...ct.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(entryText(sync, 'solution.xml').startsWith('<ImportExportXml')).toBe(true);
    expect(entryText(sync, 'customizations.xml').startsWith('<ImportExportXml')).toBe(true);
  });

  it('sets Managed to 1 in the managed zip and 0 in the unmanaged one', () => {
    expect(entryText(buildBoth(true).sync, 'solution.xml')).toContain('<Managed>1</Managed>');
    expect(entryText(buildBoth(false).sync, 'solution.xml')).toContain('<Managed>0</Managed>');
  });

  it('folds each flow data file into customizations.xml and keeps the flow JSON at its JsonFileName', () => {
    const { sync } = buildBoth();
    const custom = entryText(sync, 'customizations.xml');
    const names = [...custom.matchAll(/<JsonFileName>\/([^<]+)<\/JsonFileName>/g)].map((m) => m[1]);
    expect(names).toHaveLength(5);
    for (const n of names) expect(entryText(sync, n!).startsWith('{\r\n')).toBe(true);
  });

  it('produces the connector files from connector/ with host and client id read from environment variables', () => {
    const { connector } = buildBoth();
    const swagger = JSON.parse(entryText(connector, 'Connector/cmms_energycmms_openapidefinition.json'));
    const generated = JSON.parse(readFileSync(join(ROOT, 'connector', 'apiDefinition.swagger.json'), 'utf8'));
    expect(swagger.host).toBe('@environmentVariables("cmms_CmmsApiHost")');
    expect(Object.keys(swagger.paths)).toEqual(Object.keys(generated.paths));
    const params = JSON.parse(entryText(connector, 'Connector/cmms_energycmms_connectionparameters.json'));
    expect(params.token.oAuthSettings.clientId).toBe('@environmentVariables("cmms_CmmsClientId")');
    // Policy instances in the form exports write them (PascalCase), from apiProperties' camelCase.
    const policies = JSON.parse(entryText(connector, 'Connector/cmms_energycmms_policytemplateinstances.json'));
    const source = JSON.parse(readFileSync(join(ROOT, 'connector', 'apiProperties.json'), 'utf8')).properties.policyTemplateInstances;
    expect(policies).toEqual(source.map((p: { templateId: string; title: string; parameters: unknown }) => ({ Parameters: p.parameters, TemplateId: p.templateId, Title: p.title, Type: null })));
    expect(Object.keys(policies[0])).toEqual(['Parameters', 'TemplateId', 'Title', 'Type']);
    const icon = readFileSync(join(ROOT, 'connector', 'icon.png'));
    expect(Buffer.compare(Buffer.from(connector.entries.get('Connector/cmms_energycmms_iconblob.Png')!), icon)).toBe(0);
    expect(entryText(connector, 'customizations.xml')).toContain(`<displayname>${generated.info.title}</displayname>`);
    expect(entryText(connector, '[Content_Types].xml')).toContain('<Default Extension="Png" ContentType="application/octet-stream" />');
  });

  it('swaps the connector API name everywhere when given the environment-specific internal id', () => {
    const out = packSolutions({ root: ROOT, outDir: mkdtempSync(join(tmpdir(), 'sol-id-')), connectorInternalId: 'shared_cmms-5fenergycmms-5f0123456789abcdef' });
    const sync = readZip(out.zips.find((z) => z.solution === 'EnergyCmmsSync' && !z.managed)!.bytes);
    const all = [...sync.values()].map((b) => new TextDecoder().decode(b)).join('\n');
    expect(all).toContain('shared_cmms-5fenergycmms-5f0123456789abcdef');
    expect(all).not.toContain('shared_cmms-5fenergycmms-5f12d631a1822203d9');
  });
});
