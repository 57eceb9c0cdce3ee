import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployConnector, deploymentApiProperties, pacConnectorArgs } from '../../scripts/deploy-connector.ts';
import { findPac, PacNotFoundError, redactArgs, runPac } from '../../scripts/pac.ts';

let bin: string;
let log: string;

beforeAll(() => {
  // A stand-in `pac`: records its arguments and the apiProperties it was given, then answers like pac.
  bin = mkdtempSync(join(tmpdir(), 'fake-pac-'));
  log = join(bin, 'calls.log');
  writeFileSync(join(bin, 'pac'), [
    '#!/bin/sh',
    `printf '%s\\n' "$@" > "${log}"`,
    'while [ $# -gt 0 ]; do if [ "$1" = "--api-properties-file" ]; then cp "$2" "' + bin + '/props.json"; fi; shift; done',
    'echo "Connector created with id 11111111-2222-3333-4444-555555555555"',
    'echo "a warning" >&2',
    'exit ${FAKE_PAC_EXIT:-0}',
  ].join('\n'));
  chmodSync(join(bin, 'pac'), 0o755);
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

const env = () => ({ PATH: `${bin}:/usr/bin:/bin` });

describe('pac wrapper', () => {
  it('finds pac on PATH, and nothing on an empty PATH', () => {
    expect(findPac(env().PATH)).toBe(join(bin, 'pac'));
    expect(findPac('')).toBeUndefined();
  });

  it('when pac is missing, rejects with how to install it', async () => {
    const error = await runPac(['--version'], { env: { PATH: '' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PacNotFoundError);
    expect((error as Error).message).toMatch(/dotnet tool install --global Microsoft\.PowerApps\.CLI\.Tool/);
    expect((error as Error).message).toMatch(/MSI|Visual Studio Code/);
  });

  it('runs pac with the arguments as given and returns exit code, stdout and stderr', async () => {
    const result = await runPac(['connector', 'list', '--environment', 'a b'], { env: { ...env(), FAKE_PAC_EXIT: '3' } });
    expect(result).toEqual({ code: 3, stdout: 'Connector created with id 11111111-2222-3333-4444-555555555555\n', stderr: 'a warning\n' });
    expect(readFileSync(log, 'utf8')).toBe('connector\nlist\n--environment\na b\n');
  });

  it('redacts values of secret-bearing flags for display', () => {
    expect(redactArgs(['auth', 'create', '--clientSecret', 'abc', '--secret=xyz', '--name', 'n'])).toEqual(['auth', 'create', '--clientSecret', '***', '--secret=***', '--name', 'n']);
  });
});

describe('deploy-connector', () => {
  it('without a connector id, runs pac connector create with the definition, properties and icon', async () => {
    const result = await deployConnector({ environment: 'env-1', solution: 'EnergyCmms' }, { env: env() });
    expect(result.code).toBe(0);
    const args = readFileSync(log, 'utf8').trim().split('\n');
    expect(args.slice(0, 2)).toEqual(['connector', 'create']);
    expect(args[args.indexOf('--api-definition-file') + 1]).toMatch(/connector\/apiDefinition\.swagger\.json$/);
    expect(args[args.indexOf('--icon-file') + 1]).toMatch(/connector\/icon\.png$/);
    expect(args[args.indexOf('--environment') + 1]).toBe('env-1');
    expect(args[args.indexOf('--solution-unique-name') + 1]).toBe('EnergyCmms');
    expect(args).not.toContain('--connector-id');
  });

  it('with a connector id, runs pac connector update --connector-id', async () => {
    await deployConnector({ connectorId: 'abc-123' }, { env: env() });
    const args = readFileSync(log, 'utf8').trim().split('\n');
    expect(args.slice(0, 2)).toEqual(['connector', 'update']);
    expect(args[args.indexOf('--connector-id') + 1]).toBe('abc-123');
  });

  it('passes an apiProperties copy with the deployment client id and resource URI, leaving the committed file alone', async () => {
    await deployConnector({ clientId: 'c1d2', resourceUri: 'api://contoso-cmms' }, { env: env() });
    const sent = JSON.parse(readFileSync(join(bin, 'props.json'), 'utf8'));
    const oauth = sent.properties.connectionParameters.token.oAuthSettings;
    expect(oauth.clientId).toBe('c1d2');
    expect(oauth.customParameters.resourceUri).toEqual({ value: 'api://contoso-cmms' });
    expect(oauth.properties.AzureActiveDirectoryResourceId).toBe('api://contoso-cmms');
    const committed = JSON.parse(readFileSync(join(import.meta.dirname, '../../connector/apiProperties.json'), 'utf8'));
    expect(committed.properties.connectionParameters.token.oAuthSettings.clientId).toBe('00000000-0000-0000-0000-000000000000');
    const { stackOwner, ...withoutStackOwner } = committed.properties;
    expect(stackOwner).toBeTruthy();
    expect(deploymentApiProperties(committed, {})).toEqual({ properties: withoutStackOwner });
  });

  it('sends apiProperties without stackOwner (pac and paconn updates fail with it), keeping publisher', async () => {
    await deployConnector({ connectorId: 'abc-123' }, { env: env() });
    const sent = JSON.parse(readFileSync(join(bin, 'props.json'), 'utf8'));
    expect(sent.properties).not.toHaveProperty('stackOwner');
    expect(sent.properties.publisher).toBe('Energy CMMS');
  });

  it('when pac is missing, the deploy rejects with the install message', async () => {
    await expect(deployConnector({}, { env: { PATH: '' } })).rejects.toThrow(/dotnet tool install/);
  });

  it('builds update arguments only when an id is given', () => {
    expect(pacConnectorArgs({ connectorDir: '/c' }, '/t/p.json')).toEqual([
      'connector', 'create', '--api-definition-file', '/c/apiDefinition.swagger.json', '--api-properties-file', '/t/p.json', '--icon-file', '/c/icon.png',
    ]);
  });
});
