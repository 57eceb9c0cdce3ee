/**
 * What solution import does to a flow's connector references in the target environment: a
 * standard connector is found by its API name; a custom connector gets an environment-specific
 * id (`shared_<name>-5f<hash>`), so import finds it by `api.logicalName` (the connector row's
 * name) and points the flow at the id it has there (real-exports.md). A reference to an API the
 * environment does not have, with no logical name to find it by, fails as the platform does.
 */
type Json = Record<string, unknown>;
const API_PREFIX = '/providers/Microsoft.PowerApps/apis/';

export interface TargetEnvironment {
  /** Custom connectors by Dataverse name → the internal id this environment gave them. */
  customConnectors: Record<string, string>;
  /** API names every environment has (Dataverse, Office 365 …). */
  standardApis: string[];
}

export class FlowImportError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = 'FlowImportError';
    this.code = code;
  }
}

/** A copy of the flow with every connector reference resolved in `env`; throws when one cannot be. */
export function importFlow(flow: Json, env: TargetEnvironment): Json {
  const copy = structuredClone(flow);
  const props = (copy.properties ?? {}) as Json;
  const refs = (props.connectionReferences ?? {}) as Record<string, { api?: { name?: string; logicalName?: string } }>;
  const resolved = new Map<string, string>();
  for (const [alias, ref] of Object.entries(refs)) {
    const name = ref.api?.name ?? '';
    const logicalName = ref.api?.logicalName;
    let id: string | undefined;
    if (env.standardApis.includes(name)) id = name;
    else if (logicalName !== undefined) {
      id = env.customConnectors[logicalName];
      if (!id) throw new FlowImportError('MissingDependency', `connector ${logicalName} (connection ${alias}) is not in this environment; import its solution first`);
    } else if (Object.values(env.customConnectors).includes(name)) id = name;
    else {
      throw new FlowImportError(
        'WorkflowOperationInputsApiOperationNotFound',
        `connection ${alias} names API '${name}', which this environment does not have, and no api.logicalName to find the connector by`,
      );
    }
    ref.api = { ...ref.api, name: id };
    resolved.set(alias, id);
  }
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const o = node as Json;
    const host = (o.inputs as Json | undefined)?.host as Json | undefined;
    if (host && typeof host.connectionName === 'string') {
      const id = resolved.get(host.connectionName);
      if (!id) throw new FlowImportError('InvalidConnectionReference', `an action uses connection ${host.connectionName}, which the flow does not declare`);
      host.apiId = `${API_PREFIX}${id}`;
    }
    for (const v of Object.values(o)) visit(v);
  };
  visit((props.definition as Json | undefined)?.triggers);
  visit((props.definition as Json | undefined)?.actions);
  return copy;
}
