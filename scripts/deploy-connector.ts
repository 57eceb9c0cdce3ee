/**
 * `npm run deploy:connector -- [--connector-id <id>] [--environment <id|url>] [--solution <name>]
 *   [--client-id <guid>] [--resource-uri <api://…>]`
 *
 * Creates the custom connector with `pac connector create`, or updates it with `pac connector update`
 * when a connector id is given. The committed apiProperties.json carries a placeholder client id;
 * `--client-id` / `--resource-uri` write a deployment copy with the real values into a temp folder.
 * The OAuth client secret is never passed here: pac has no option for it, and it is entered once in
 * the maker portal (Security tab), so it never sits in a file or a process list.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PacNotFoundError, redactArgs, runPac, type PacOptions, type PacResult } from './pac.ts';

export const CONNECTOR_DIR = resolve(import.meta.dirname, '../connector');

export interface DeployOptions {
  readonly connectorDir?: string;
  readonly connectorId?: string;
  readonly environment?: string;
  readonly solution?: string;
  readonly clientId?: string;
  readonly resourceUri?: string;
}

/** The pac arguments for a create (no id) or an update (with `--connector-id`). */
export function pacConnectorArgs(options: DeployOptions, apiPropertiesPath: string): string[] {
  const dir = options.connectorDir ?? CONNECTOR_DIR;
  const args = [
    'connector', options.connectorId ? 'update' : 'create',
    '--api-definition-file', join(dir, 'apiDefinition.swagger.json'),
    '--api-properties-file', apiPropertiesPath,
    '--icon-file', join(dir, 'icon.png'),
  ];
  if (options.connectorId) args.push('--connector-id', options.connectorId);
  if (options.environment) args.push('--environment', options.environment);
  if (options.solution) args.push('--solution-unique-name', options.solution);
  return args;
}

/**
 * apiProperties as the deploy sends it: the deployment's Entra app registration filled in, and
 * `stackOwner` left out. stackOwner belongs to the certification package only; paconn and pac
 * updates fail when apiProperties carries it (PowerPlatformConnectors tools/paconn-cli README,
 * "Limitations"; issue #614).
 */
export function deploymentApiProperties(source: Record<string, unknown>, options: DeployOptions): Record<string, unknown> {
  const copy = structuredClone(source) as {
    properties?: { stackOwner?: unknown; connectionParameters?: Record<string, { oAuthSettings?: Record<string, unknown> }> };
  };
  delete copy.properties?.stackOwner;
  const oauth = copy.properties?.connectionParameters?.token?.oAuthSettings;
  if (oauth) {
    if (options.clientId) oauth.clientId = options.clientId;
    if (options.resourceUri) {
      (oauth.properties as Record<string, unknown>).AzureActiveDirectoryResourceId = options.resourceUri;
      (oauth.customParameters as Record<string, { value: string }>).resourceUri = { value: options.resourceUri };
    }
  }
  return copy;
}

/** What any deploy sends for the committed apiProperties, before deployment-specific values. */
export function deployedApiProperties(source: Record<string, unknown>): Record<string, unknown> {
  return deploymentApiProperties(source, {});
}

export async function deployConnector(options: DeployOptions, pac: PacOptions): Promise<PacResult & { args: string[] }> {
  const dir = options.connectorDir ?? CONNECTOR_DIR;
  const source = JSON.parse(readFileSync(join(dir, 'apiProperties.json'), 'utf8')) as Record<string, unknown>;
  const temp = mkdtempSync(join(tmpdir(), 'cmms-connector-'));
  try {
    const propertiesPath = join(temp, 'apiProperties.json');
    writeFileSync(propertiesPath, JSON.stringify(deploymentApiProperties(source, options), null, 2) + '\n');
    const args = pacConnectorArgs(options, propertiesPath);
    const result = await runPac(args, pac);
    return { ...result, args: redactArgs(args) };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'connector-id': { type: 'string' },
      environment: { type: 'string' },
      solution: { type: 'string' },
      'client-id': { type: 'string' },
      'resource-uri': { type: 'string' },
    },
  });
  try {
    const result = await deployConnector(
      {
        connectorId: values['connector-id'],
        environment: values.environment,
        solution: values.solution,
        clientId: values['client-id'],
        resourceUri: values['resource-uri'],
      },
      { env },
    );
    console.log(`pac ${result.args.join(' ')}`);
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    if (result.code === 0 && !values['connector-id']) {
      console.log('Created. Next: open the connector in the maker portal, Security tab, enter the client secret and update the connector;');
      console.log('then add the Redirect URL it shows (https://global.consent.azure-apim.net/redirect/<connector API name>) to the client app registration.');
    }
    return result.code;
  } catch (e) {
    if (e instanceof PacNotFoundError) {
      console.error(e.message);
      return 127;
    }
    throw e;
  }
}

// The CLI entry point hands the process environment to pac (it needs PATH and its own profile dirs).
if (import.meta.main) process.exitCode = await main(process.argv.slice(2), process.env);
