import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { isConnectorOperation, listOperations } from '../../scripts/connector/convert.ts';
import { generateAll, loadSpec, SWAGGER_PATH } from '../../scripts/connector/generate.ts';
import { formatFindings, lintConnectorFull, readConnectorFiles } from '../../scripts/connector/lint.ts';
import { MAX_BYTES, MAX_OPERATIONS } from '../../scripts/connector/lint-swagger.ts';
import { createTestApp } from '../support/app.ts';

const CONNECTOR = resolve(import.meta.dirname, '../../connector');
const committed = JSON.parse(readFileSync(SWAGGER_PATH, 'utf8'));

/** operationIds of openapi.yaml's maker-facing operations (those not marked x-cmms-connector: false). */
function makerFacingOperationIds(): string[] {
  const ids: string[] = [];
  for (const item of Object.values(loadSpec().paths as Record<string, Record<string, any>>)) {
    for (const [method, op] of Object.entries(item)) {
      if (['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(method) && isConnectorOperation(op)) ids.push(op.operationId);
    }
  }
  return ids.sort();
}

describe('the committed connector', () => {
  it('is not stale: every generated file equals what openapi.yaml generates now', () => {
    for (const file of generateAll()) expect(readFileSync(file.path, 'utf8'), `${file.path} is stale; run npm run connector`).toBe(file.text);
  });

  it('parses and validates as Swagger 2.0 with swagger-parser', async () => {
    const api: any = await SwaggerParser.validate(structuredClone(committed));
    expect(api.swagger).toBe('2.0');
  });

  it('has zero findings from the lint, Microsoft\'s schemas and swagger-parser', async () => {
    const findings = await lintConnectorFull(readConnectorFiles(CONNECTOR));
    expect(formatFindings(findings)).toBe('');
  });

  it('lists exactly the maker-facing operations of openapi.yaml, with the same operationIds', () => {
    const inConnector = listOperations(committed).map((o) => o.operationId).sort();
    expect(inConnector).toEqual(makerFacingOperationIds());
    expect(inConnector).not.toContain('GetHealth');
  });

  it('serves each operation at the same method and path as the API', () => {
    const spec: any = loadSpec();
    for (const { operationId, method, path } of listOperations(committed)) {
      expect(spec.paths[path]?.[method]?.operationId, `${method} ${path}`).toBe(operationId);
    }
  });

  it('asks nothing of the API it does not serve: every operation reaches its route and meets Entra ID sign-in', async () => {
    const props = JSON.parse(readFileSync(resolve(CONNECTOR, 'apiProperties.json'), 'utf8')).properties;
    const audience = props.connectionParameters.token.oAuthSettings.customParameters.resourceUri.value;
    const noNetwork = (() => Promise.reject(new Error('no network in this test'))) as typeof fetch;
    const { request } = await createTestApp({
      env: { AUTH_MODE: 'entra', ENTRA_TENANT_ID: '11111111-2222-3333-4444-555555555555', ENTRA_AUDIENCE: audience },
      fetch: noNetwork,
    });
    const answers: string[] = [];
    for (const { operationId, method, path } of listOperations(committed)) {
      const res = await (request as any)[method](path.replace(/\{[^}]+\}/g, '1'));
      answers.push(`${operationId} ${res.status} ${String(res.headers['www-authenticate'] ?? '').split(' ')[0]}`);
    }
    // An unsigned call is refused by sign-in (401 Bearer) only when a route exists for it; an
    // operation the API lacked would answer 404 "no operation answers".
    expect(answers).toEqual(listOperations(committed).map((o) => `${o.operationId} 401 Bearer`));
    expect((await request.get('/no-such-operation')).status).toBe(404);
  });

  it('stays within 1 MB and 256 operations', () => {
    expect(statSync(SWAGGER_PATH).size).toBeLessThanOrEqual(MAX_BYTES);
    expect(listOperations(committed).length).toBeLessThanOrEqual(MAX_OPERATIONS);
  });

  it('is titled "Energy CMMS" and signs in with Entra ID user_impersonation only', () => {
    expect(committed.info.title).toBe('Energy CMMS');
    expect(committed.securityDefinitions).toEqual({ oauth2_auth: expect.objectContaining({ type: 'oauth2', flow: 'accessCode', scopes: { user_impersonation: expect.any(String) } }) });
    const props = JSON.parse(readFileSync(resolve(CONNECTOR, 'apiProperties.json'), 'utf8')).properties;
    expect(props.connectionParameters.token.oAuthSettings).toMatchObject({ identityProvider: 'aad', scopes: ['user_impersonation'] });
    expect(props.policyTemplateInstances.map((p: any) => p.templateId)).toEqual(expect.arrayContaining(['dynamichosturl', 'updatenextlink']));
  });
});
