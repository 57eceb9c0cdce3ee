import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintConnector, lintConnectorFull } from '../../scripts/connector/lint.ts';
import { connectorSettings, expectFinding, findingsAfter, fixtureApiProperties, fixtureSwagger } from './support.ts';

const settings = connectorSettings;

const op = (s: any, path: string, method: string) => s.paths[path][method];

/**
 * Stand-ins for Microsoft's three schema files, for machines without them: each refuses one thing
 * the published one refuses (a swagger version other than 2.0, a redirectMode outside Global/Direct,
 * an environment that is not a GUID), so the schema path is exercised end to end.
 */
function standInSchemas(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stand-in-schemas-'));
  const write = (name: string, schema: object) => writeFileSync(join(dir, name), JSON.stringify(schema));
  write('apiDefinition.swagger.schema.json', { type: 'object', properties: { swagger: { enum: ['2.0'] } } });
  write('paconn-apiProperties.schema.json', {
    type: 'object',
    properties: { properties: { type: 'object', properties: { connectionParameters: { type: 'object', additionalProperties: {
      type: 'object', properties: { oAuthSettings: { type: 'object', properties: { redirectMode: { enum: ['Global', 'Direct'] } } } },
    } } } } },
  });
  write('paconn-settings.schema.json', { type: 'object', properties: { environment: { type: 'string', pattern: '^[0-9a-f-]{36}$' } } });
  return dir;
}

describe('connector lint', () => {
  it('when the fixture connector is clean, finds nothing (schemas, swagger-parser and rules)', async () => {
    const findings = await lintConnectorFull({ swagger: fixtureSwagger(), apiProperties: fixtureApiProperties(), settings, swaggerBytes: 1000 });
    expect(findings).toEqual([]);
  });

  it('when the title is long or says API/Connector, reports info-title', () => {
    expectFinding('info-title', /at most 30/, (s) => { s.info.title = 'Energy Computerised Maintenance System'; });
    expectFinding('info-title', /"API"/, (s) => { s.info.title = 'Energy CMMS API'; });
    expectFinding('info-title', /end with a letter/, (s) => { s.info.title = 'Energy CMMS!'; });
  });

  it('when the description is under 30 or over 500 characters, reports info-description', () => {
    expectFinding('info-description', /30 to 500/, (s) => { s.info.description = 'Too short.'; });
    expectFinding('info-description', /501 characters/, (s) => { s.info.description = 'x'.repeat(501); });
  });

  it('when contact or connector metadata is incomplete or has a bad category, reports it', () => {
    expectFinding('info-contact', /name, url and email/, (s) => { delete s.info.contact.email; });
    expectFinding('connector-metadata', /"Privacy policy" is missing/, (s) => { s['x-ms-connector-metadata'].splice(1, 1); });
    expectFinding('connector-metadata', /"Maintenance" is not an allowed category/, (s) => { s['x-ms-connector-metadata'][2].propertyValue = 'Maintenance'; });
    expectFinding('connector-metadata', /at most two/, (s) => { s['x-ms-connector-metadata'][2].propertyValue = 'AI;Data;Finance'; });
  });

  it('when host has a scheme or schemes are not http(s), reports host', () => {
    expectFinding('host', /bare host/, (s) => { s.host = 'https://cmms.example.com'; });
    expectFinding('host', /http and\/or https/, (s) => { s.schemes = ['ws']; });
  });

  it('when a security requirement names an undefined scheme or lists scopes, reports security', () => {
    expectFinding('security', /undefined scheme "apiKey"/, (s) => { s.security = [{ apiKey: [] }]; });
    expectFinding('security', /empty scope list/, (s) => { s.security = [{ oauth2_auth: ['user_impersonation'] }]; });
  });

  it('when an operationId is missing, not PascalCase or duplicated, reports operation-id', () => {
    expectFinding('operation-id', /PascalCase/, (s) => { op(s, '/things', 'get').operationId = 'list_things'; });
    expectFinding('operation-id', /also used by/, (s) => { op(s, '/things', 'post').operationId = 'ListThings'; });
    expectFinding('operation-id', /required/, (s) => { delete op(s, '/things', 'post').operationId; });
  });

  it('when a summary is long, ends with punctuation or has restricted characters, reports operation-summary', () => {
    expectFinding('operation-summary', /at most 80/, (s) => { op(s, '/things', 'get').summary = 'List ' + 'things '.repeat(15) + 'now'; });
    expectFinding('operation-summary', /must not end with punctuation/, (s) => { op(s, '/things', 'get').summary = 'List things.'; });
    expectFinding('operation-summary', /only hold letters/, (s) => { op(s, '/things', 'get').summary = 'List things/sites'; });
    expectFinding('operation-summary', /capital letter/, (s) => { op(s, '/things', 'get').summary = 'list things'; });
  });

  it('when a description is missing, not a sentence or repeats the summary, reports operation-description', () => {
    expectFinding('operation-description', /required/, (s) => { delete op(s, '/things', 'get').description; });
    expectFinding('operation-description', /final period/, (s) => { op(s, '/things', 'get').description = 'Lists things'; });
  });

  it('when a parameter lacks x-ms-summary or description, or uses connectionId, reports it', () => {
    expectFinding('parameter-strings', /site x-ms-summary is required/, (s) => { delete op(s, '/things', 'get').parameters[2]['x-ms-summary']; });
    expectFinding('parameter-strings', /site a description is required/, (s) => { delete op(s, '/things', 'get').parameters[2].description; });
    expectFinding('parameter-reserved', /reserved/, (s) => { op(s, '/things', 'get').parameters[2].name = 'connectionId'; });
    expectFinding('parameter-strings', /"site code" must be Title Case \(site, code\)/, (s) => { op(s, '/things', 'get').parameters[2]['x-ms-summary'] = 'site code'; });
    expectFinding('body-property', /body\/note x-ms-summary "Note Text[^"]*" is 81 characters/, (s) => {
      s.definitions.ThingCreate.properties.note['x-ms-summary'] = 'Note' + ' Text'.repeat(15) + ' X';
    });
    expect(findingsAfter('parameter-strings', (s) => { op(s, '/things', 'get').parameters[2]['x-ms-summary'] = 'Site of the Thing'; })).toEqual([]);
    expectFinding('parameter-strings', /site the description must be a sentence/, (s) => { op(s, '/things', 'get').parameters[2].description = 'site code to filter by.'; });
    expectFinding('body-property', /body\/note the description must be a sentence/, (s) => { s.definitions.ThingCreate.properties.note.description = 'A free note'; });
  });

  it('when a path parameter lacks x-ms-url-encoding, reports path-parameter', () => {
    expectFinding('path-parameter', /x-ms-url-encoding is required/, (s) => { delete op(s, '/things/{id}', 'delete').parameters[0]['x-ms-url-encoding']; });
  });

  it('when an internal required parameter or body field has no default, or an internal field is optional, reports internal-required-default', () => {
    expectFinding('internal-required-default', /site an internal required parameter needs a default/, (s) => {
      Object.assign(op(s, '/things', 'get').parameters[2], { required: true, 'x-ms-visibility': 'internal' });
    });
    expectFinding('internal-required-default', /body\/name an internal input field needs a default/, (s) => {
      s.definitions.ThingCreate.properties.name['x-ms-visibility'] = 'internal';
    });
    expectFinding('internal-required-default', /body\/note optional internal fields are ignored/, (s) => {
      Object.assign(s.definitions.ThingCreate.properties.note, { 'x-ms-visibility': 'internal', default: 'n' });
    });
  });

  it('when a body field lacks strings or a required field is read-only, reports body-property', () => {
    expectFinding('body-property', /body\/note x-ms-summary is required/, (s) => { delete s.definitions.ThingCreate.properties.note['x-ms-summary']; });
    expectFinding('body-property', /body\/name a read-only property cannot be required/, (s) => { s.definitions.ThingCreate.properties.name.readOnly = true; });
  });

  it('when a GET has a body or an operation has two bodies, reports body-parameter', () => {
    expectFinding('body-parameter', /GET operation may not have a body/, (s) => {
      op(s, '/sites', 'get').parameters = [{ name: 'body', in: 'body', schema: { type: 'object' } }];
    });
  });

  it('when responses break the designer rules, reports responses', () => {
    expectFinding('responses', /no 2xx response/, (s) => { delete op(s, '/things', 'get').responses['200']; });
    expectFinding('responses', /2 2xx responses have a schema/, (s) => { op(s, '/things', 'get').responses['203'] = { description: 'x', schema: { type: 'object' } }; });
    expectFinding('responses', /success response needs a schema/, (s) => { delete op(s, '/things', 'get').responses['200'].schema; });
    expectFinding('responses', /default response may not have a schema/, (s) => { op(s, '/things', 'get').responses.default.schema = { type: 'object' }; });
    expectFinding('responses', /no 4xx/, (s) => { delete op(s, '/sites', 'get').responses['401']; });
    expectFinding('responses', /no 5xx/, (s) => { delete op(s, '/sites', 'get').responses['500']; });
  });

  it('when a polling trigger lacks its metadata shape, a 202 or an array, reports polling-trigger', () => {
    expectFinding('polling-trigger', /kind: query, mode: polling/, (s) => { op(s, '/triggers/things/poll', 'get')['x-ms-trigger-metadata'].mode = 'push'; });
    expectFinding('polling-trigger', /declare it/, (s) => { delete op(s, '/triggers/things/poll', 'get').responses['202']; });
    expectFinding('polling-trigger', /202 must declare the Location header/, (s) => { delete op(s, '/triggers/things/poll', 'get').responses['202'].headers; });
    expectFinding('polling-trigger', /must return an array/, (s) => { op(s, '/triggers/things/poll', 'get').responses['200'].schema = { type: 'object' }; });
    expectFinding('trigger', /starts with "When"/, (s) => { op(s, '/triggers/things/poll', 'get').summary = 'Poll things'; });
  });

  it('when a webhook trigger misses notification content, an internal required string URL, Location or a DELETE, reports webhook-trigger', () => {
    const sub = (s: any) => op(s, '/webhooks/things', 'post');
    const url = (s: any) => sub(s).parameters[0].schema.properties.callbackUrl;
    expectFinding('webhook-trigger', /x-ms-notification-content/, (s) => { delete s.paths['/webhooks/things']['x-ms-notification-content']; });
    expectFinding('webhook-trigger', /must be internal/, (s) => { delete url(s)['x-ms-visibility']; });
    expectFinding('webhook-trigger', /must be a string/, (s) => { url(s).type = 'integer'; delete url(s).format; });
    expectFinding('webhook-trigger', /required all the way up/, (s) => { sub(s).parameters[0].schema.required = []; });
    expectFinding('webhook-trigger', /no body property carries/, (s) => { delete url(s)['x-ms-notification-url']; });
    expectFinding('webhook-trigger', /Location header/, (s) => { delete sub(s).responses['201'].headers; });
    // A DELETE elsewhere (DELETE /things/{id}) does not remove what the Location names.
    expectFinding('webhook-trigger', /no DELETE \/webhooks\/\{id\} or \/webhooks\/things\/\{id\}/, (s) => { delete s.paths['/webhooks/{subscriptionId}']; });
    expect(findingsAfter('webhook-trigger', (s) => {
      s.paths['/webhooks/things/{subscriptionId}'] = s.paths['/webhooks/{subscriptionId}'];
      delete s.paths['/webhooks/{subscriptionId}'];
    })).toEqual([]);
  });

  it('when x-ms-pageable names another property or the response lacks it, reports pageable', () => {
    expectFinding('pageable', /must be nextLink or @odata.nextLink/, (s) => { op(s, '/things', 'get')['x-ms-pageable'].nextLinkName = 'next'; });
    expectFinding('pageable', /no root property "nextLink"/, (s) => { delete s.definitions.ThingPage.properties.nextLink; });
    expectFinding('pageable', /has "nextLink" but the operation lacks x-ms-pageable/, (s) => { delete op(s, '/things', 'get')['x-ms-pageable']; });
  });

  it('when a pageable operation has no updatenextlink policy, reports pageable on apiProperties', () => {
    expectFinding('pageable', /apiProperties.*no updatenextlink/, (_s, p) => {
      p.properties.policyTemplateInstances = p.properties.policyTemplateInstances.filter((x: any) => x.templateId !== 'updatenextlink');
    });
  });

  it('when a dropdown calls a missing, visible or mis-fed operation, or reads fields it lacks, reports dynamic-reference', () => {
    const dv = (s: any) => op(s, '/things', 'get').parameters[2]['x-ms-dynamic-values'];
    expectFinding('dynamic-reference', /"ListPlaces", which does not exist/, (s) => { dv(s).operationId = 'ListPlaces'; });
    expectFinding('dynamic-reference', /ListSites, which is not internal/, (s) => { delete op(s, '/sites', 'get')['x-ms-visibility']; });
    expectFinding('dynamic-reference', /passes "region", which ListSites does not take/, (s) => { dv(s).parameters = { region: 'eu' }; });
    expectFinding('dynamic-reference', /reads "area", which ListThings does not have/, (s) => {
      op(s, '/sites', 'get').parameters = [{ name: 'area', in: 'query', type: 'string', description: 'A.', 'x-ms-summary': 'Area' }];
      dv(s).parameters = { area: { parameter: 'area' } };
    });
    expectFinding('dynamic-reference', /required parameter "area"/, (s) => {
      op(s, '/sites', 'get').parameters = [{ name: 'area', in: 'query', required: true, type: 'string', description: 'A.', 'x-ms-summary': 'Area' }];
    });
    expectFinding('dynamic-reference', /no array at "items"/, (s) => { dv(s)['value-collection'] = 'items'; });
    expectFinding('dynamic-reference', /items have no "label"/, (s) => { dv(s)['value-title'] = 'label'; });
  });

  it('when x-ms-dynamic-schema points at a missing operation, reports dynamic-reference', () => {
    expectFinding('dynamic-reference', /x-ms-dynamic-schema.*"GetThingSchema", which does not exist/, (s) => {
      s.definitions.ThingCreate['x-ms-dynamic-schema'] = { operationId: 'GetThingSchema', 'value-path': 'schema' };
    });
  });

  it('when x-ms-enum-values disagree with enum, reports enum-values', () => {
    expectFinding('enum-values', /exactly the enum values/, (s) => { s.definitions.Kind.enum.push('tiny'); });
  });

  it('when testConnection names a missing operation or one needing parameters, reports test-connection', () => {
    expectFinding('test-connection', /missing operation/, (s) => { s['x-ms-capabilities'].testConnection.operationId = 'Ping'; });
    expectFinding('test-connection', /must be a GET/, (s) => { s['x-ms-capabilities'].testConnection.operationId = 'CreateThing'; });
  });

  it('when the file exceeds 1 MB or 256 operations, reports the limit', () => {
    const swagger = fixtureSwagger();
    for (let i = 0; i < 256; i++) swagger.paths[`/extra${i}`] = { get: { ...op(swagger, '/sites', 'get'), operationId: `Extra${i}` } };
    const found = lintConnector({ swagger, swaggerBytes: 1024 * 1024 + 1 });
    expect(found.filter((f) => f.rule === 'operation-count')[0]?.message).toMatch(/26[0-9] operations/);
    expect(found.filter((f) => f.rule === 'file-size')[0]?.message).toMatch(/1048577 bytes/);
  });

  it('when two paths differ only in case, reports duplicate-path', () => {
    expectFinding('duplicate-path', /same path as \/things/, (s) => { s.paths['/Things'] = { get: { ...op(s, '/sites', 'get'), operationId: 'ListThings2' } }; });
  });

  it('without a schemas folder, the shape rules the repository carries catch a broken swagger, apiProperties and settings', () => {
    expectFinding('shape-apiDefinition', /\/swagger must be equal to one of the allowed values \(2\.0\)/, (s) => { s.swagger = '3.0'; });
    expectFinding('shape-apiProperties', /\/properties must NOT have additional properties \("bogus"\)/, (_s, p) => { p.properties.bogus = 1; });
    expectFinding('shape-apiProperties', /redirectMode must be equal to one of the allowed values/, (_s, p) => { p.properties.connectionParameters.token.oAuthSettings.redirectMode = 'Sideways'; });
    expectFinding('shape-apiProperties', /templateId must be equal to one of the allowed values/, (_s, p) => { p.properties.policyTemplateInstances[0].templateId = 'rewritehost'; });
    const found = lintConnector({ swagger: fixtureSwagger(), settings: { environment: 'prod' } });
    expect(found.filter((f) => f.rule.startsWith('schema-'))).toEqual([]);
    expect(found.some((f) => f.rule === 'shape-settings' && /\/environment/.test(f.where))).toBe(true);
  });

  it('with a schemas folder, its schemas judge the files too, and GlobalPerConnector passes the stale published redirectMode enum', () => {
    // CI passes Microsoft's schemas in CONNECTOR_SCHEMAS_DIR when they sit beside the repository; a
    // clone without them uses stand-ins written here that keep the published enum's Global/Direct.
    const schemasDir = process.env.CONNECTOR_SCHEMAS_DIR || standInSchemas();
    const lint = (mutate: (s: any, p: any) => void, settingsFile: Record<string, unknown> = settings) => {
      const swagger = fixtureSwagger();
      const props = fixtureApiProperties();
      mutate(swagger, props);
      return lintConnector({ swagger, apiProperties: props, settings: settingsFile }, { schemasDir }).filter((f) => f.rule.startsWith('schema-'));
    };
    expect(lint(() => {})).toEqual([]);
    expect(lint((s) => { s.swagger = '3.0'; }).map((f) => `${f.rule} ${f.where} ${f.message}`).join()).toMatch(/schema-apiDefinition apiDefinition: \/swagger must be equal to one of the allowed values/);
    expect(lint(() => {}, { environment: 'prod' }).some((f) => f.rule === 'schema-settings' && /\/environment/.test(f.where))).toBe(true);
    expect(lint((_s, p) => { p.properties.connectionParameters.token.oAuthSettings.redirectMode = 'Sideways'; }).map((f) => f.rule)).toContain('schema-apiProperties');
  });

  it('when the schemas folder lacks Microsoft\'s files, says which file is missing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-schemas-'));
    expect(() => lintConnector({ swagger: fixtureSwagger() }, { schemasDir: empty })).toThrow(/apiDefinition\.swagger\.schema\.json is not there/);
    rmSync(empty, { recursive: true, force: true });
  });

  it('when the brand colour is white, the default blue or not hex, reports brand-color', () => {
    expectFinding('brand-color', /white or the default blue/, (_s, p) => { p.properties.iconBrandColor = '#007EE5'; });
    expectFinding('brand-color', /white or the default blue/, (_s, p) => { p.properties.iconBrandColor = '#ffffff'; });
    expectFinding('brand-color', /not a #rrggbb/, (_s, p) => { p.properties.iconBrandColor = 'green'; });
  });

  it('when publisher or stackOwner is missing, reports publisher', () => {
    expectFinding('publisher', /stackOwner is required/, (_s, p) => { delete p.properties.stackOwner; });
  });

  it('when the Entra ID sign-in is incomplete or carries a secret, reports auth/secret', () => {
    const oauth = (p: any) => p.properties.connectionParameters.token.oAuthSettings;
    expectFinding('auth', /scopes must include user_impersonation/, (_s, p) => { oauth(p).scopes = ['openid']; });
    expectFinding('auth', /token:TenantId/, (_s, p) => { delete p.properties.connectionParameters['token:TenantId']; });
    expectFinding('auth', /no oauthSetting/, (_s, p) => { delete p.properties.connectionParameters.token; });
    expectFinding('secret', /client secret is committed/, (_s, p) => { oauth(p).clientSecret = 's3cr3t-value'; });
  });

  it('when a policy names a missing operation or connection parameter, reports policy', () => {
    expectFinding('policy', /"ListWidgets", which the swagger lacks/, (_s, p) => { p.properties.policyTemplateInstances[1].parameters['x-ms-apimTemplate-operationName'].push('ListWidgets'); });
    expectFinding('policy', /"instanceUrl", which is not defined/, (_s, p) => {
      p.properties.policyTemplateInstances[0].parameters['x-ms-apimTemplateParameter.urlTemplate'] = "https://@connectionParameters('instanceUrl')";
    });
  });

  it('when capabilities omit triggers the swagger has, reports capabilities', () => {
    expectFinding('capabilities', /"triggers" is missing/, (_s, p) => { p.properties.capabilities = ['actions']; });
  });

  it('when swagger-parser cannot validate the document, reports swagger-parser', async () => {
    const swagger = fixtureSwagger();
    op(swagger, '/things', 'get').responses['200'].schema = { $ref: '#/definitions/Nowhere' };
    const found = await lintConnectorFull({ swagger });
    expect(found.filter((f) => f.rule === 'swagger-parser').map((f) => f.message).join()).toMatch(/Nowhere/);
  });
});
