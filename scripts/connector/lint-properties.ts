/**
 * Rules for apiProperties.json beyond its JSON schema: brand colour, publisher, the Entra ID sign-in,
 * no committed secrets, and policies that name real operations and connection parameters.
 */
import { isObj, obj, str, type Json } from './json.ts';
import { operations, type Finding } from './lint-walk.ts';

const DEFAULT_COLOURS = new Set(['#ffffff', '#007ee5']);

export function lintApiProperties(apiProperties: Json, swagger: Json): Finding[] {
  const findings: Finding[] = [];
  const add = (rule: string, where: string, message: string) => findings.push({ rule, where: `apiProperties: ${where}`, message });
  const props = obj(apiProperties.properties);
  const colour = str(props.iconBrandColor) ?? '';
  if (!/^#[0-9a-fA-F]{6}$/.test(colour)) add('brand-color', 'iconBrandColor', `"${colour}" is not a #rrggbb colour`);
  else if (DEFAULT_COLOURS.has(colour.toLowerCase())) add('brand-color', 'iconBrandColor', `${colour} is white or the default blue`);
  for (const key of ['publisher', 'stackOwner'] as const) if (!str(props[key])?.trim()) add('publisher', key, `${key} is required`);

  const params = obj(props.connectionParameters);
  const defs = Object.values(obj(swagger.securityDefinitions)).map(obj);
  const oauth = Object.entries(params).find(([, p]) => obj(p).type === 'oauthSetting');
  if (defs.some((d) => d.type === 'oauth2')) {
    if (!oauth) add('auth', 'connectionParameters', 'the swagger uses OAuth 2.0 but no oauthSetting parameter exists');
    else lintOAuth(obj(obj(oauth[1]).oAuthSettings), params, add);
  }
  if (defs.some((d) => d.type === 'apiKey') && !Object.values(params).some((p) => obj(p).type === 'securestring')) {
    add('auth', 'connectionParameters', 'the swagger uses an API key but no securestring parameter exists');
  }

  const ops = operations(swagger);
  const ids = new Set(ops.map((o) => o.operationId));
  const policies = Array.isArray(props.policyTemplateInstances) ? props.policyTemplateInstances.map(obj) : [];
  policies.forEach((policy, i) => {
    const parameters = obj(policy.parameters);
    const named = parameters['x-ms-apimTemplate-operationName'];
    for (const id of Array.isArray(named) ? named : []) {
      if (!ids.has(String(id))) add('policy', `policyTemplateInstances[${i}]`, `names operation "${String(id)}", which the swagger lacks`);
    }
    if (policy.templateId === 'dynamichosturl') {
      const template = str(parameters['x-ms-apimTemplateParameter.urlTemplate']) ?? '';
      if (!template.startsWith('https://')) add('policy', `policyTemplateInstances[${i}]`, 'the host URL template must start with https://');
      for (const m of template.matchAll(/@connectionParameters\('([^']+)'\)/g)) {
        if (!(m[1]! in params)) add('policy', `policyTemplateInstances[${i}]`, `uses connection parameter "${m[1]}", which is not defined`);
      }
    }
  });
  for (const op of ops) {
    const name = str(obj(op.operation['x-ms-pageable']).nextLinkName);
    if (!name) continue;
    const covered = policies.some((p) => {
      const parameters = obj(p.parameters);
      const named = parameters['x-ms-apimTemplate-operationName'];
      return p.templateId === 'updatenextlink' &&
        parameters['x-ms-apimTemplateParameter.nextLinkPropertyName'] === name &&
        (!Array.isArray(named) || named.includes(op.operationId));
    });
    if (!covered) add('pageable', op.where, `pageable, but no updatenextlink policy rewrites its "${name}"`);
  }
  const capabilities = Array.isArray(props.capabilities) ? props.capabilities : [];
  const hasTriggers = ops.some((o) => o.operation['x-ms-trigger'] !== undefined);
  if (capabilities.length && hasTriggers !== capabilities.includes('triggers')) {
    add('capabilities', 'capabilities', hasTriggers ? '"triggers" is missing though the swagger has triggers' : '"triggers" is listed but the swagger has none');
  }
  return findings;
}

function lintOAuth(settings: Json, params: Json, add: (rule: string, where: string, message: string) => void): void {
  const where = 'connectionParameters.token.oAuthSettings';
  if (settings.identityProvider !== 'aad') add('auth', where, 'identityProvider must be aad (Entra ID)');
  const resourceUri = str(obj(obj(settings.customParameters).resourceUri).value);
  if (!resourceUri) add('auth', where, 'customParameters.resourceUri must name the API (its application ID URI)');
  const scopes = Array.isArray(settings.scopes) ? settings.scopes : [];
  if (!scopes.includes('user_impersonation')) add('auth', where, 'scopes must include user_impersonation');
  if (!isObj(params['token:TenantId'])) add('auth', 'connectionParameters', 'token:TenantId is required for Entra ID');
  const secret = settings.clientSecret ?? settings.ClientSecret;
  if (typeof secret === 'string' && secret && !/^\[\[.*\]\]$/.test(secret)) {
    add('secret', where, 'a client secret is committed; leave it out and set it when deploying');
  }
}
