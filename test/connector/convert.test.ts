import { describe, expect, it } from 'vitest';
import { ConversionError, convertOpenApi3ToSwagger2 } from '../../scripts/connector/convert.ts';
import { fixtureSpec, fixtureSwagger } from './support.ts';

/** A minimal 3.0 document around the given paths/components. */
function doc(paths: object, components: object = {}, extra: object = {}): any {
  return { openapi: '3.0.3', info: { title: 'T', version: '1' }, servers: [{ url: 'https://h.example.com' }], paths, components, ...extra };
}

const ok = { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } } };

describe('convertOpenApi3ToSwagger2', () => {
  const swagger = fixtureSwagger();

  it('turns the single server into host (with port), basePath without trailing slash and schemes', () => {
    const plain: any = convertOpenApi3ToSwagger2(fixtureSpec());
    expect(plain.swagger).toBe('2.0');
    expect(plain.host).toBe('fixture.example.com:8443');
    expect(plain.basePath).toBe('/api/v1');
    expect(plain.schemes).toEqual(['https']);
  });

  it("when the profile names the publisher's host, uses it instead of the server's and keeps the server's basePath", () => {
    const out: any = convertOpenApi3ToSwagger2(fixtureSpec(), { host: 'cmms.contoso-energy.com' });
    expect(out.host).toBe('cmms.contoso-energy.com');
    expect(out.basePath).toBe('/api/v1');
    expect(swagger.host).toBe('cmms.example.com');
  });

  it('uses "/" as basePath for a root server and substitutes server variables with their defaults', () => {
    const out: any = convertOpenApi3ToSwagger2(doc({}, {}, { servers: [{ url: 'https://{region}.example.com', variables: { region: { default: 'eu' } } }] }));
    expect(out.host).toBe('eu.example.com');
    expect(out.basePath).toBe('/');
  });

  it('refuses a document that is not OpenAPI 3.0 or has no single server', () => {
    expect(() => convertOpenApi3ToSwagger2({ ...doc({}), openapi: '3.1.0' })).toThrow(ConversionError);
    expect(() => convertOpenApi3ToSwagger2({ ...doc({}), servers: [] })).toThrow(/exactly one server/);
  });

  it('leaves out operations marked x-cmms-connector: false, and paths left empty by that', () => {
    expect(swagger.paths['/health']).toBeUndefined();
    expect(JSON.stringify(swagger)).not.toContain('GetHealth');
  });

  it('strips x-cmms-* extensions everywhere and carries x-ms-* ones unchanged', () => {
    const text = JSON.stringify(swagger);
    expect(text).not.toContain('x-cmms');
    expect(swagger.paths['/things'].get['x-ms-pageable']).toEqual({ nextLinkName: 'nextLink' });
    expect(swagger.paths['/sites'].get['x-ms-visibility']).toBe('internal');
    expect(swagger.paths['/triggers/things/poll'].get['x-ms-trigger-metadata']).toEqual({ kind: 'query', mode: 'polling' });
  });

  it('converts path-level x-ms-notification-content and rewrites the $ref in its schema', () => {
    expect(swagger.paths['/webhooks/things']['x-ms-notification-content']).toEqual({
      description: 'The changed thing.',
      schema: { $ref: '#/definitions/Thing' },
    });
  });

  it('turns requestBody into one body parameter carrying its description, required flag and x-ms-* keys', () => {
    const body = swagger.paths['/things'].post.parameters.find((p: any) => p.in === 'body');
    expect(body).toEqual({
      name: 'body', in: 'body', description: 'The new thing.', required: true,
      schema: { $ref: '#/definitions/ThingCreate' }, 'x-ms-summary': 'Thing',
    });
  });

  it('turns a form requestBody into formData parameters, a binary property into a file', () => {
    const out: any = convertOpenApi3ToSwagger2(doc({
      '/upload': { post: { operationId: 'Upload', requestBody: { content: { 'multipart/form-data': { schema: {
        type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, note: { type: 'string', description: 'N.' } },
      } } } }, responses: ok } },
    }));
    const op = out.paths['/upload'].post;
    expect(op.consumes).toEqual(['multipart/form-data']);
    expect(op.parameters).toEqual([
      { name: 'file', in: 'formData', required: true, type: 'file' },
      { name: 'note', in: 'formData', description: 'N.', required: false, type: 'string' },
    ]);
  });

  it('merges path-level parameters into each operation and keeps their x-ms-url-encoding', () => {
    const params = swagger.paths['/things/{id}'].delete.parameters;
    expect(params).toEqual([{
      name: 'id', in: 'path', description: "The thing's id.", required: true, type: 'string',
      'x-ms-summary': 'Thing ID', 'x-ms-url-encoding': 'single',
    }]);
    expect(swagger.paths['/things/{id}'].parameters).toBeUndefined();
  });

  it('hoists a parameter schema (also through a $ref) into 2.0 primitive fields with its enum display names', () => {
    const [, kind, , tags] = swagger.paths['/things'].get.parameters;
    expect(kind).toMatchObject({ type: 'string', enum: ['big', 'small'], 'x-ms-enum-values': [{ value: 'big', displayName: 'Big' }, { value: 'small', displayName: 'Small' }] });
    expect(tags).toMatchObject({ type: 'array', items: { type: 'string' }, collectionFormat: 'csv' });
  });

  it('keeps component parameters as #/parameters refs and converts the component', () => {
    expect(swagger.paths['/things'].get.parameters[0]).toEqual({ $ref: '#/parameters/Top' });
    expect(swagger.parameters.Top).toEqual({
      name: 'top', in: 'query', description: 'Page size.', required: false, type: 'integer', format: 'int32',
      default: 100, maximum: 1000, minimum: 1, 'x-ms-summary': 'Page Size', 'x-ms-visibility': 'advanced',
    });
  });

  it('converts components.schemas to definitions, keeping only the ones the connector reaches', () => {
    expect(Object.keys(swagger.definitions)).toEqual(['Problem', 'Kind', 'ThingCreate', 'Thing', 'ThingPage', 'SiteList', 'Subscription']);
    expect(swagger.responses).toEqual({ Problem: { description: 'A problem.', schema: { $ref: '#/definitions/Problem' } } });
  });

  it('maps nullable to x-nullable and keeps readOnly', () => {
    expect(swagger.definitions.Problem.properties.detail['x-nullable']).toBe(true);
    expect(swagger.definitions.Problem.properties.detail.nullable).toBeUndefined();
    expect(swagger.definitions.Thing.allOf[1].properties.id.readOnly).toBe(true);
  });

  it('inlines a $ref pointing inside a definition and wraps an annotated $ref in allOf', () => {
    const props = swagger.definitions.ThingCreate.properties;
    expect(props.name).toEqual({ type: 'string', description: "The thing's name.", maxLength: 80, 'x-ms-summary': 'Name' });
    expect(props.kind).toEqual({ description: 'The kind.', allOf: [{ $ref: '#/definitions/Kind' }], 'x-ms-summary': 'Kind' });
  });

  it('drops writeOnly and formats Power Platform does not allow', () => {
    expect(swagger.definitions.ThingCreate.properties.note.writeOnly).toBeUndefined();
    expect(swagger.paths['/things'].get.parameters[3].items.format).toBeUndefined();
    expect(swagger.definitions.Thing.allOf[1].properties.id.format).toBe('uuid');
  });

  it('flattens oneOf of objects into one object with every property, required only where all variants require it', () => {
    const owner = swagger.definitions.Thing.allOf[1].properties.owner;
    expect(owner.type).toBe('object');
    expect(Object.keys(owner.properties)).toEqual(['name', 'email', 'members']);
    expect(owner.required).toEqual(['name']);
    expect(owner.oneOf).toBeUndefined();
  });

  it('turns oneOf with a single non-null variant into that schema marked x-nullable', () => {
    const out: any = convertOpenApi3ToSwagger2(doc({}, { schemas: { A: { oneOf: [{ type: 'string' }, { type: 'null' }] } } }));
    expect(out.definitions).toBeUndefined(); // unreachable, so pruned
    const reached: any = convertOpenApi3ToSwagger2(doc({ '/a': { get: { operationId: 'A', responses: {
      '200': { description: 'A', content: { 'application/json': { schema: { oneOf: [{ type: 'string' }, { type: 'null' }] } } } },
    } } } }));
    expect(reached.paths['/a'].get.responses['200'].schema).toEqual({ type: 'string', 'x-nullable': true });
  });

  it('converts response headers, a JSON example and picks the JSON (or problem+json) schema', () => {
    const list = swagger.paths['/things'].get.responses['200'];
    expect(list.headers).toEqual({ 'X-Total': { description: 'How many things match.', type: 'integer', format: 'int32' } });
    expect(list.examples).toEqual({ 'application/json': { value: [], nextLink: null } });
    expect(swagger.paths['/things'].post.responses['201'].schema).toEqual({ $ref: '#/definitions/Thing' });
    expect(swagger.paths['/things'].post.responses['201'].headers.Location).toEqual({
      description: 'Where the new resource lives.', type: 'string', format: 'uri',
    });
  });

  it('inlines a shared response used as default without its schema', () => {
    expect(swagger.paths['/things'].get.responses.default).toEqual({ description: 'A problem.' });
    expect(swagger.paths['/things'].get.responses['400']).toEqual({ $ref: '#/responses/Problem' });
  });

  it('converts oauth2 authorizationCode to accessCode and apiKey as is when no profile replaces them', () => {
    const out: any = convertOpenApi3ToSwagger2(fixtureSpec());
    expect(out.securityDefinitions).toEqual({
      entra: {
        type: 'oauth2', flow: 'accessCode',
        authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
        tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
        scopes: { user_impersonation: 'Act as the user.' },
      },
      apiKey: { type: 'apiKey', name: 'X-API-Key', in: 'header' },
    });
    expect(out.security).toEqual([{ entra: [] }, { apiKey: [] }]);
    expect(out.info.title).toBe('Fixture CMMS');
  });

  it('applies the connector profile: title, metadata, security and testConnection', () => {
    expect(swagger.info.title).toBe('Energy CMMS');
    expect(swagger.info.version).toBe('2.1.0');
    expect(swagger.securityDefinitions.oauth2_auth.flow).toBe('accessCode');
    expect(swagger.security).toEqual([{ oauth2_auth: [] }]);
    expect(swagger['x-ms-capabilities']).toEqual({ testConnection: { operationId: 'ListSites', parameters: {} } });
    expect(swagger['x-ms-connector-metadata'].map((m: any) => m.propertyName)).toEqual(['Website', 'Privacy policy', 'Categories']);
  });

  it('refuses constructs Swagger 2.0 cannot hold, naming where they are', () => {
    const cookie = doc({ '/c': { get: { operationId: 'C', parameters: [{ name: 's', in: 'cookie', schema: { type: 'string' } }], responses: ok } } });
    expect(() => convertOpenApi3ToSwagger2(cookie)).toThrow(/GET \/c parameter s.*cookie/);
    const objectQuery = doc({ '/o': { get: { operationId: 'O', parameters: [{ name: 'f', in: 'query', schema: { type: 'object' } }], responses: ok } } });
    expect(() => convertOpenApi3ToSwagger2(objectQuery)).toThrow(/object cannot be a non-body parameter/);
  });

  it('is deterministic: the same input gives byte-identical output', () => {
    expect(JSON.stringify(fixtureSwagger())).toBe(JSON.stringify(fixtureSwagger()));
  });
});
