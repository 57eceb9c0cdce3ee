/**
 * The effective configuration as an operator may see it (the console's Settings tab): every
 * setting by its place in the config, secrets replaced by whether they are set. The secret list
 * sits here beside the config so a new secret is masked where it is declared, not in some page.
 */
import type { Config } from './index.ts';

/** Config paths whose values are secrets: shown as set or not, never as their value. */
export const SECRET_SETTINGS: ReadonlySet<string> = new Set([
  'auth.apiKeys',
  'sync.dataverseWebhookKey',
  'dynamics.clientSecret',
  'observability.metricsToken',
  'observability.appInsightsConnectionString',
]);

export interface ShownSetting {
  /** Where it sits in the config, e.g. `dynamics.timeoutMs`. */
  name: string;
  /** The value as text; secrets read `(set)` or `(not set)`. */
  value: string;
  secret: boolean;
}

/** A database URL without its password (user and host help an operator; the password does not). */
function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '*****';
    return u.toString();
  } catch {
    return '(set)';
  }
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '(not set)';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(none)';
  return String(value);
}

export function shownSettings(config: Config): ShownSetting[] {
  const out: ShownSetting[] = [];
  for (const [section, values] of Object.entries(config)) {
    for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
      const name = `${section}.${key}`;
      const empty = value === undefined || (Array.isArray(value) && value.length === 0);
      if (SECRET_SETTINGS.has(name)) out.push({ name, value: empty ? '(not set)' : '(set)', secret: true });
      else if (name === 'db.url' && typeof value === 'string') out.push({ name, value: withoutPassword(value), secret: true });
      else out.push({ name, value: text(value), secret: false });
    }
  }
  return out;
}
