import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, missingDynamicsSettings } from '../../api/src/config/index.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map((p) => p.variable);
  }
}

describe('configuration', () => {
  it('with nothing set, listens on 127.0.0.1:3000 with the embedded database in ./data and auth none (defaulted)', () => {
    const c = loadConfig({});
    expect(c.server).toMatchObject({ port: 3000, host: '127.0.0.1', rateLimitPerMinute: 1200 });
    expect(c.db).toMatchObject({ url: undefined, dataDir: './data' });
    expect(c.auth).toMatchObject({ mode: 'none', modeDefaulted: true });
  });

  it('is frozen, so nothing can change it after start', () => {
    const c = loadConfig({});
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.server)).toBe(true);
  });

  it('refuses AUTH_MODE none on a non-loopback host, naming AUTH_MODE', () => {
    expect(problems({ HOST: '0.0.0.0', AUTH_MODE: 'none' })).toEqual(['AUTH_MODE']);
    expect(problems({ HOST: '0.0.0.0' })).toEqual(['AUTH_MODE']);
  });

  it('entra mode with an issuer override but no tenant needs ENTRA_JWKS_URI, instead of failing later with a stack trace', () => {
    expect(problems({ AUTH_MODE: 'entra', ENTRA_ISSUER: 'https://sts.example/t/', ENTRA_AUDIENCE: 'api://cmms' })).toEqual(['ENTRA_JWKS_URI']);
    expect(problems({ AUTH_MODE: 'entra', ENTRA_ISSUER: 'https://sts.example/t/', ENTRA_AUDIENCE: 'api://cmms', ENTRA_JWKS_URI: 'https://sts.example/keys' })).toEqual([]);
  });

  it('reports every bad variable at once', () => {
    expect(problems({ PORT: 'eighty', RATE_LIMIT_PER_MINUTE: '-1', LOG_LEVEL: 'loud', DYNAMICS_URL: 'not a url' }).sort()).toEqual(
      ['DYNAMICS_URL', 'LOG_LEVEL', 'PORT', 'RATE_LIMIT_PER_MINUTE'],
    );
  });

  it('entra mode needs a tenant and an audience, and derives v1 and v2 issuers and the JWKS URI', () => {
    expect(problems({ AUTH_MODE: 'entra' }).sort()).toEqual(['ENTRA_AUDIENCE', 'ENTRA_TENANT_ID']);
    const c = loadConfig({ AUTH_MODE: 'entra', ENTRA_TENANT_ID: 'contoso-tenant', ENTRA_AUDIENCE: 'api://energy-cmms' });
    expect(c.auth.issuers).toEqual(['https://login.microsoftonline.com/contoso-tenant/v2.0', 'https://sts.windows.net/contoso-tenant/']);
    expect(c.auth.jwksUri).toBe('https://login.microsoftonline.com/contoso-tenant/discovery/v2.0/keys');
  });

  it('apikey mode is chosen when API_KEYS is set and needs at least one key', () => {
    expect(loadConfig({ API_KEYS: 'a,b', HOST: '0.0.0.0' }).auth).toMatchObject({ mode: 'apikey', apiKeys: ['a', 'b'] });
    expect(problems({ AUTH_MODE: 'apikey' })).toEqual(['API_KEYS']);
  });

  it('names the Dynamics settings still missing', () => {
    expect(missingDynamicsSettings(loadConfig({}))).toEqual([
      'DYNAMICS_URL', 'DYNAMICS_TENANT_ID', 'DYNAMICS_CLIENT_ID', 'DYNAMICS_CLIENT_SECRET or DYNAMICS_CLIENT_CERTIFICATE_PATH',
    ]);
    expect(missingDynamicsSettings(loadConfig({ DYNAMICS_URL: 'https://org.crm.dynamics.com', DYNAMICS_TENANT_ID: 't', DYNAMICS_CLIENT_ID: 'c', DYNAMICS_CLIENT_CERTIFICATE_PATH: '/x.pem' }))).toEqual([]);
  });

  it('caps DYNAMICS_MAX_CONCURRENCY at Dataverse’s 52 concurrent requests', () => {
    expect(problems({ DYNAMICS_MAX_CONCURRENCY: '53' })).toEqual(['DYNAMICS_MAX_CONCURRENCY']);
  });
});
