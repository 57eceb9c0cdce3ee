/**
 * The console's and metrics' settings: validated where they are read, and the effective settings
 * an operator sees never carry a secret's value.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../api/src/config/index.ts';
import { shownSettings } from '../../api/src/config/masked.ts';

function problems(env: Record<string, string>): Record<string, string> {
  try {
    loadConfig(env);
    return {};
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return Object.fromEntries(e.problems.map((p) => [p.variable, p.message]));
  }
}

describe('console and metrics settings', () => {
  it('metrics are off unless METRICS_ENABLED, and need METRICS_TOKEN on a non-loopback host', () => {
    expect(loadConfig({}).observability).toEqual({ metricsEnabled: false, metricsToken: undefined, appInsightsConnectionString: undefined });
    const far = { HOST: '0.0.0.0', AUTH_MODE: 'apikey', API_KEYS: 'k'.repeat(20) };
    expect(problems({ ...far, METRICS_ENABLED: 'true' })).toEqual({ METRICS_TOKEN: expect.stringContaining('METRICS_ENABLED') });
    expect(problems({ ...far, METRICS_ENABLED: 'true', METRICS_TOKEN: 't'.repeat(32) })).toEqual({});
    expect(problems({ METRICS_ENABLED: 'true' })).toEqual({});
  });

  it('when METRICS_TOKEN is short, names it without echoing it', () => {
    const p = problems({ METRICS_TOKEN: 'short-secret' });
    expect(p).toEqual({ METRICS_TOKEN: 'must be at least 16 characters long' });
  });

  it('when the Application Insights connection string has no InstrumentationKey, names it without echoing it', () => {
    const p = problems({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'IngestionEndpoint=https://x.example/;Secretish=abc' });
    expect(Object.keys(p)).toEqual(['APPLICATIONINSIGHTS_CONNECTION_STRING']);
    expect(p.APPLICATIONINSIGHTS_CONNECTION_STRING).not.toContain('Secretish=abc');
    expect(problems({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://x.example/' })).toEqual({});
  });

  it('CONSOLE_CLIENT_ID must be a GUID; the scope comes from ENTRA_AUDIENCE', () => {
    expect(problems({ CONSOLE_CLIENT_ID: 'my-app' })).toEqual({ CONSOLE_CLIENT_ID: expect.stringContaining('GUID') });
    const guid = '0e8b2f4c-1111-4a2b-9c3d-5e6f7a8b9c0d';
    expect(loadConfig({ ENTRA_AUDIENCE: guid }).console.scope).toBe(`api://${guid}/user_impersonation`);
    expect(loadConfig({ ENTRA_AUDIENCE: 'api://energy-cmms/' }).console.scope).toBe('api://energy-cmms/user_impersonation');
    expect(loadConfig({ CONSOLE_SCOPE: 'api://x/Console.Read' }).console.scope).toBe('api://x/Console.Read');
    expect(loadConfig({}).console).toMatchObject({ enabled: true, adminRoles: ['CMMS.Admin'], scope: undefined });
  });
});

describe('effective settings shown to operators', () => {
  const SECRETS = {
    API_KEYS: 'apikey-secret-value-1,apikey-secret-value-2',
    DATAVERSE_WEBHOOK_KEY: 'dataverse-webhook-secret-value',
    DYNAMICS_CLIENT_SECRET: 'dynamics-client-secret-value',
    METRICS_TOKEN: 'metrics-token-secret-value',
    APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=ikey-secret-value;IngestionEndpoint=https://x.example/',
    DATABASE_URL: 'postgres://cmms:db-password-secret@db.example:5432/cmms',
  };

  it('carry no secret value, only whether each is set', () => {
    const shown = shownSettings(loadConfig({ ...SECRETS, AUTH_MODE: 'apikey' }));
    const text = JSON.stringify(shown);
    for (const value of ['apikey-secret-value', 'dataverse-webhook-secret-value', 'dynamics-client-secret-value', 'metrics-token-secret-value', 'ikey-secret-value', 'db-password-secret']) {
      expect(text).not.toContain(value);
    }
    const byName = Object.fromEntries(shown.map((s) => [s.name, s]));
    expect(byName['dynamics.clientSecret']).toEqual({ name: 'dynamics.clientSecret', value: '(set)', secret: true });
    expect(byName['observability.metricsToken']!.value).toBe('(set)');
    expect(byName['db.url']!.value).toBe('postgres://cmms:*****@db.example:5432/cmms');
    expect(byName['dynamics.timeoutMs']).toEqual({ name: 'dynamics.timeoutMs', value: '30000', secret: false });
  });

  it('say (not set) for secrets that are not set', () => {
    const byName = Object.fromEntries(shownSettings(loadConfig({})).map((s) => [s.name, s.value]));
    expect(byName['auth.apiKeys']).toBe('(not set)');
    expect(byName['dynamics.clientSecret']).toBe('(not set)');
  });
});
