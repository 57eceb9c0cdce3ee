/**
 * The shape of the three connector files, carried by the repository itself so the lint and the
 * solution validator work in a clone with nothing beside it. Written from what Microsoft documents
 * (connectors.md §1.3, §5.2: Swagger 2.0 skeleton, apiProperties keys, connection parameter types,
 * identity providers, policy template ids, paconn settings keys), including the points where the
 * published schemas are stale: `scriptOperations`, `connectionParameterSets` and the
 * `GlobalPerConnector` redirect mode that certified connectors use. Ajv does the checking.
 */
import { Ajv, type ErrorObject } from 'ajv';
import type { Finding } from './lint-walk.ts';

const swaggerShape = {
  type: 'object',
  required: ['swagger', 'info', 'paths'],
  properties: {
    swagger: { enum: ['2.0'] },
    info: { type: 'object', required: ['title', 'version'], properties: { title: { type: 'string' }, version: { type: 'string' } } },
    host: { type: 'string' },
    basePath: { type: 'string', pattern: '^/' },
    schemes: { type: 'array', items: { enum: ['http', 'https'] } },
    paths: { type: 'object', propertyNames: { type: 'string', pattern: '^/' } },
  },
};

const IDENTITY_PROVIDERS = ['oauth2', 'oauth2generic', 'aad', 'aadcertificate', 'facebook'];
const TEMPLATE_IDS = [
  'convertarraytoobject', 'convertobjecttoarray', 'dynamichosturl', 'encodepropertyvalue', 'pollingtrigger',
  'routerequesttoendpoint', 'setheader', 'setproperty', 'setqueryparameter', 'setvaluefromurl', 'stringreplace',
  'stringtoarray', 'updatenextlink',
];

const apiPropertiesShape = {
  type: 'object',
  required: ['properties'],
  additionalProperties: false,
  properties: {
    properties: {
      type: 'object',
      required: ['iconBrandColor'],
      additionalProperties: false,
      properties: {
        iconBrandColor: { type: 'string' },
        publisher: { type: 'string' },
        stackOwner: { type: 'string' },
        capabilities: { type: 'array', items: { type: 'string' } },
        scriptOperations: { type: 'array', items: { type: 'string' } },
        connectionParameterSets: { type: 'object' },
        connectionParameters: {
          type: 'object',
          propertyNames: { type: 'string', pattern: '^(token:)?[0-9a-zA-Z_]+$' },
          additionalProperties: {
            type: 'object',
            required: ['type'],
            properties: {
              type: { enum: ['string', 'securestring', 'int', 'bool', 'oauthSetting', 'gatewaySetting'] },
              oAuthSettings: {
                type: 'object',
                required: ['identityProvider'],
                properties: {
                  identityProvider: { enum: IDENTITY_PROVIDERS },
                  clientId: { type: 'string' },
                  scopes: { type: 'array', items: { type: 'string' } },
                  redirectMode: { enum: ['Global', 'GlobalPerConnector', 'Direct'] },
                  redirectUrl: { type: 'string' },
                  properties: { type: 'object' },
                  customParameters: { type: 'object' },
                },
              },
              uiDefinition: { type: 'object' },
            },
          },
        },
        policyTemplateInstances: {
          type: 'array',
          items: {
            type: 'object',
            required: ['templateId', 'title', 'parameters'],
            properties: { templateId: { enum: TEMPLATE_IDS }, title: { type: 'string' }, parameters: { type: 'object' } },
          },
        },
      },
    },
  },
};

const settingsShape = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    connectorId: { type: 'string' },
    environment: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
    apiProperties: { type: 'string' },
    apiDefinition: { type: 'string' },
    icon: { type: 'string' },
    script: { type: 'string' },
    powerAppsUrl: { type: 'string' },
    powerAppsApiVersion: { type: 'string' },
    flowUrl: { type: 'string' },
    flowApiVersion: { type: 'string' },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = {
  apiDefinition: ajv.compile(swaggerShape),
  apiProperties: ajv.compile(apiPropertiesShape),
  settings: ajv.compile(settingsShape),
};

export type ShapedFile = keyof typeof validators;

function describe(e: ErrorObject): string {
  const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
  const extra = (e.params as { additionalProperty?: string }).additionalProperty;
  return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${allowed ? ` (${allowed.join(', ')})` : ''}${extra ? ` ("${extra}")` : ''}`;
}

/** Shape problems of one connector file, as `/pointer message` strings. */
export function shapeProblems(file: ShapedFile, value: unknown): string[] {
  const validate = validators[file];
  return validate(value) ? [] : (validate.errors ?? []).map(describe);
}

/** The lint's findings for the files given (rule `shape-<file>`). */
export function lintShapes(files: { swagger: unknown; apiProperties?: unknown; settings?: unknown }): Finding[] {
  const findings: Finding[] = [];
  const add = (file: ShapedFile, value: unknown) => {
    for (const problem of shapeProblems(file, value)) {
      const [where = '/', ...rest] = problem.split(' ');
      findings.push({ rule: `shape-${file}`, where: `${file}: ${where}`, message: rest.join(' ') });
    }
  };
  add('apiDefinition', files.swagger);
  if (files.apiProperties !== undefined) add('apiProperties', files.apiProperties);
  if (files.settings !== undefined) add('settings', files.settings);
  return findings;
}
