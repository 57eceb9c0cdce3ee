/**
 * The one place that reads the environment. Every setting is declared once below with its type,
 * default and rule; `loadConfig` validates them all, reports every problem at once naming the
 * variable, and returns a deeply frozen object. Nothing else in the code base reads `process.env`.
 */
import { readSettings, type SettingProblem } from './settings.ts';

export type AuthMode = 'entra' | 'apikey' | 'none';
export type DynamicsWriteMode = 'auto' | 'batch' | 'upsertmultiple';
/** The built-in mappings (api/src/sync/mappings/<name>.json); cmms-tables writes to the tables the solutions ship. */
export const MAPPING_PRESETS = ['cmms-tables', 'documented', 'field-service'] as const;
export type MappingPreset = (typeof MAPPING_PRESETS)[number];

export interface Config {
  readonly server: {
    readonly port: number;
    readonly host: string;
    readonly logLevel: string;
    /** Largest accepted request body, in bytes. */
    readonly bodyLimitBytes: number;
    /** Requests per minute per client; 0 turns rate limiting off. */
    readonly rateLimitPerMinute: number;
    /** Express `trust proxy` setting: hops of reverse proxies to trust for the client address. */
    readonly trustProxy: number;
    /** Load demo data into an empty database at start. */
    readonly seedDemoData: boolean;
    /** Run background workers (webhook deliveries, sync jobs) in this process. */
    readonly runWorkers: boolean;
  };
  readonly db: {
    /** PostgreSQL connection string; when absent the embedded PGlite database in `dataDir` is used. */
    readonly url: string | undefined;
    readonly dataDir: string;
    readonly poolSize: number;
  };
  readonly auth: {
    readonly mode: AuthMode;
    /** True when AUTH_MODE was not set and `none` was chosen because the server listens on loopback. */
    readonly modeDefaulted: boolean;
    readonly tenantId: string | undefined;
    readonly audience: readonly string[];
    readonly issuers: readonly string[];
    readonly jwksUri: string | undefined;
    readonly requiredScope: string;
    readonly appRoles: readonly string[];
    readonly apiKeys: readonly string[];
  };
  readonly sync: {
    /** Path of a JSON mapping file replacing the built-in CMMS → Dynamics mapping. */
    readonly mappingFile: string | undefined;
    /** Which built-in mapping to use when no file is given. */
    readonly mappingPreset: MappingPreset;
    readonly purchaseOrderTable: string | undefined;
    readonly purchaseOrderEntitySet: string | undefined;
    /** The account (GUID) a mapping's `vendorAccount` lookup binds every purchase order to (Field Service's msdyn_vendor). */
    readonly vendorAccountId: string | undefined;
    /** ISO 4217 code of the currency a mapping's `currency` lookup binds (transactioncurrencyid), looked up once. */
    readonly currencyCode: string | undefined;
    /** Attempts before a failed record is parked for an operator. */
    readonly maxAttempts: number;
    readonly feedPageSize: number;
    readonly pollRetryAfterSeconds: number;
    readonly dataverseWebhookKey: string | undefined;
  };
  readonly webhooks: {
    readonly allowedHosts: readonly string[];
    readonly maxAttempts: number;
    readonly maxAgeHours: number;
    readonly timeoutMs: number;
    readonly concurrency: number;
  };
  readonly dynamics: {
    readonly url: string | undefined;
    readonly tenantId: string | undefined;
    readonly clientId: string | undefined;
    readonly clientSecret: string | undefined;
    readonly clientCertificatePath: string | undefined;
    readonly authorityHost: string;
    readonly timeoutMs: number;
    readonly batchSize: number;
    readonly maxConcurrency: number;
    readonly maxRetries: number;
    readonly writeMode: DynamicsWriteMode;
  };
  readonly observability: {
    /** Serve Prometheus text at /metrics. */
    readonly metricsEnabled: boolean;
    /** Bearer token /metrics asks of callers that are not on loopback. */
    readonly metricsToken: string | undefined;
    /** Send traces, metrics and logs to Azure Monitor; nothing is loaded without it. */
    readonly appInsightsConnectionString: string | undefined;
  };
  readonly console: {
    /** Serve the operator console at /console. */
    readonly enabled: boolean;
    /** The app registration whose SPA platform holds the console's redirect URI (entra mode). */
    readonly clientId: string | undefined;
    /** Where the console signs users in: Entra ID's authority for the tenant. */
    readonly authority: string | undefined;
    /** The delegated scope the console asks for; derived from ENTRA_AUDIENCE by default. */
    readonly scope: string | undefined;
    /** App roles that let a signed-in user (delegated token) retry, redeliver, start and cancel. */
    readonly adminRoles: readonly string[];
  };
}

export class ConfigError extends Error {
  readonly problems: readonly SettingProblem[];
  constructor(problems: readonly SettingProblem[]) {
    super(
      'Invalid configuration:\n' + problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const POWER_AUTOMATE_HOSTS = [
  '*.logic.azure.com',
  '*.logic.azure.us',
  '*.logic.azure.cn',
  '*.flow.microsoft.com',
  '*.powerautomate.com',
  '*.azure-apim.net',
];

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const s = readSettings(env);
  const host = s.string('HOST', '127.0.0.1');
  const explicitMode = s.optionalEnum('AUTH_MODE', ['entra', 'apikey', 'none'] as const);
  const tenantId = s.optionalString('ENTRA_TENANT_ID');
  const apiKeys = s.list('API_KEYS');
  let mode: AuthMode = explicitMode ?? (apiKeys.length ? 'apikey' : tenantId ? 'entra' : 'none');
  const modeDefaulted = explicitMode === undefined && mode === 'none';
  if (mode === 'none' && !isLoopbackHost(host)) {
    s.problem(
      'AUTH_MODE',
      `must be "entra" or "apikey" when HOST (${host}) is not a loopback address; "none" is only for local use`,
    );
  }
  if (mode === 'entra') {
    if (!tenantId && !s.optionalString('ENTRA_ISSUER')) s.problem('ENTRA_TENANT_ID', 'is required when AUTH_MODE is "entra"');
    if (!s.optionalString('ENTRA_AUDIENCE')) s.problem('ENTRA_AUDIENCE', 'is required when AUTH_MODE is "entra"');
  }
  if (mode === 'apikey' && apiKeys.length === 0) s.problem('API_KEYS', 'needs at least one key when AUTH_MODE is "apikey"');
  const issuerOverride = s.list('ENTRA_ISSUER');
  const issuers = issuerOverride.length
    ? issuerOverride
    : tenantId
      ? [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`]
      : [];
  const jwksUri =
    s.optionalUrl('ENTRA_JWKS_URI') ??
    (tenantId ? `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys` : undefined);
  // With an issuer override but no tenant there is nowhere to derive the signing keys from.
  if (mode === 'entra' && !tenantId && s.optionalString('ENTRA_ISSUER') && !s.optionalString('ENTRA_JWKS_URI')) {
    s.problem('ENTRA_JWKS_URI', 'is required when AUTH_MODE is "entra" with ENTRA_ISSUER and no ENTRA_TENANT_ID');
  }

  const config: Config = {
    server: {
      port: s.int('PORT', 3000, { min: 0, max: 65535 }),
      host,
      logLevel: s.enum('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
      bodyLimitBytes: s.int('BODY_LIMIT_BYTES', 1_048_576, { min: 1024, max: 104_857_600 }),
      rateLimitPerMinute: s.int('RATE_LIMIT_PER_MINUTE', 1200, { min: 0 }),
      trustProxy: s.int('TRUST_PROXY', 0, { min: 0, max: 10 }),
      seedDemoData: s.bool('SEED_DEMO_DATA', true),
      runWorkers: s.bool('RUN_WORKERS', true),
    },
    db: {
      url: s.optionalString('DATABASE_URL'),
      dataDir: s.string('DATA_DIR', './data'),
      poolSize: s.int('DATABASE_POOL_SIZE', 10, { min: 1, max: 100 }),
    },
    auth: {
      mode,
      modeDefaulted,
      tenantId,
      audience: s.list('ENTRA_AUDIENCE'),
      issuers,
      jwksUri,
      requiredScope: s.string('ENTRA_REQUIRED_SCOPE', 'user_impersonation'),
      appRoles: s.list('ENTRA_APP_ROLES', ['CMMS.Sync']),
      apiKeys,
    },
    sync: {
      mappingFile: s.optionalString('MAPPING_FILE'),
      mappingPreset: s.enum('MAPPING_PRESET', MAPPING_PRESETS, 'cmms-tables'),
      purchaseOrderTable: s.optionalString('DYNAMICS_PURCHASE_ORDER_TABLE'),
      purchaseOrderEntitySet: s.optionalString('DYNAMICS_PURCHASE_ORDER_ENTITY_SET'),
      vendorAccountId: s.optionalString('DYNAMICS_VENDOR_ACCOUNT_ID'),
      currencyCode: s.optionalString('DYNAMICS_CURRENCY_CODE'),
      maxAttempts: s.int('SYNC_MAX_ATTEMPTS', 5, { min: 1, max: 100 }),
      feedPageSize: s.int('SYNC_FEED_PAGE_SIZE', 100, { min: 1, max: 1000 }),
      pollRetryAfterSeconds: s.int('POLL_RETRY_AFTER_SECONDS', 60, { min: 1, max: 86_400 }),
      dataverseWebhookKey: s.optionalString('DATAVERSE_WEBHOOK_KEY'),
    },
    webhooks: {
      allowedHosts: s.list('WEBHOOK_ALLOWED_HOSTS', POWER_AUTOMATE_HOSTS),
      maxAttempts: s.int('WEBHOOK_MAX_ATTEMPTS', 20, { min: 1, max: 1000 }),
      maxAgeHours: s.int('WEBHOOK_MAX_AGE_HOURS', 24, { min: 1, max: 720 }),
      timeoutMs: s.int('WEBHOOK_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
      concurrency: s.int('WEBHOOK_CONCURRENCY', 8, { min: 1, max: 100 }),
    },
    dynamics: {
      url: s.optionalUrl('DYNAMICS_URL'),
      tenantId: s.optionalString('DYNAMICS_TENANT_ID'),
      clientId: s.optionalString('DYNAMICS_CLIENT_ID'),
      clientSecret: s.optionalString('DYNAMICS_CLIENT_SECRET'),
      clientCertificatePath: s.optionalString('DYNAMICS_CLIENT_CERTIFICATE_PATH'),
      authorityHost: s.string('DYNAMICS_AUTHORITY_HOST', 'login.microsoftonline.com'),
      timeoutMs: s.int('DYNAMICS_TIMEOUT_MS', 30_000, { min: 100, max: 600_000 }),
      batchSize: s.int('DYNAMICS_BATCH_SIZE', 200, { min: 1, max: 1000 }),
      maxConcurrency: s.int('DYNAMICS_MAX_CONCURRENCY', 8, { min: 1, max: 52 }),
      maxRetries: s.int('DYNAMICS_MAX_RETRIES', 6, { min: 0, max: 20 }),
      writeMode: s.enum('DYNAMICS_WRITE_MODE', ['auto', 'batch', 'upsertmultiple'] as const, 'auto'),
    },
    observability: {
      metricsEnabled: s.bool('METRICS_ENABLED', false),
      metricsToken: s.optionalSecret('METRICS_TOKEN', 16),
      appInsightsConnectionString: s.optionalConnectionString('APPLICATIONINSIGHTS_CONNECTION_STRING', 'InstrumentationKey'),
    },
    console: {
      enabled: s.bool('CONSOLE_ENABLED', true),
      clientId: s.optionalGuid('CONSOLE_CLIENT_ID'),
      authority: s.optionalUrl('CONSOLE_AUTHORITY') ?? (tenantId ? `https://login.microsoftonline.com/${tenantId}` : undefined),
      scope: s.optionalString('CONSOLE_SCOPE') ?? consoleScope(s.list('ENTRA_AUDIENCE'), s.string('ENTRA_REQUIRED_SCOPE', 'user_impersonation')),
      adminRoles: s.list('CONSOLE_ADMIN_ROLES', ['CMMS.Admin']),
    },
  };
  s.done();
  if (config.observability.metricsEnabled && !config.observability.metricsToken && !isLoopbackHost(host)) {
    s.problem('METRICS_TOKEN', `is required when METRICS_ENABLED is true and HOST (${host}) is not a loopback address`);
  }
  if (s.problems.length) throw new ConfigError(s.problems);
  return deepFreeze(config);
}

/** `<application id URI>/<scope>` for MSAL: a bare client id as audience means `api://<id>`. */
function consoleScope(audience: readonly string[], scope: string): string | undefined {
  const first = audience[0];
  if (!first) return undefined;
  const uri = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(first) ? `api://${first}` : first.replace(/\/+$/, '');
  return `${uri}/${scope}`;
}

/** The Dynamics settings that must all be present before anything is pushed to Dataverse. */
export function missingDynamicsSettings(config: Config): string[] {
  const d = config.dynamics;
  const missing: string[] = [];
  if (!d.url) missing.push('DYNAMICS_URL');
  if (!d.tenantId) missing.push('DYNAMICS_TENANT_ID');
  if (!d.clientId) missing.push('DYNAMICS_CLIENT_ID');
  if (!d.clientSecret && !d.clientCertificatePath) missing.push('DYNAMICS_CLIENT_SECRET or DYNAMICS_CLIENT_CERTIFICATE_PATH');
  return missing;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
