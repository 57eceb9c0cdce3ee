/**
 * The console's connection check: get a token from Entra ID and call WhoAmI, as the sync does,
 * and say in the operator's language what to fix when either fails (the hints of
 * api/src/dynamics/diagnose.ts). A fresh client each time, so the check really asks for a token
 * rather than showing a cached one, and at most one retry, so a dead service answers promptly.
 */
import { missingDynamicsSettings } from '../config/index.ts';
import { createDataverseClient, environmentUrl, isDataverseError } from '../dynamics/index.ts';
import type { AppDeps } from '../http/context.ts';
import { TELEMETRY } from '../observability/events.ts';

export interface ConnectionCheck {
  ok: boolean;
  checkedAt: string;
  durationMs: number;
  environmentUrl: string | null;
  token: 'ok' | 'failed' | 'skipped';
  whoAmI: 'ok' | 'failed' | 'skipped';
  userId?: string;
  organizationId?: string;
  businessUnitId?: string;
  code?: string;
  message?: string;
  hint?: string;
}

export async function checkDynamicsConnection(deps: Pick<AppDeps, 'config' | 'fetch' | 'logger' | 'events' | 'now'>): Promise<ConnectionCheck> {
  const started = performance.now();
  const settings = deps.config.dynamics;
  const base = { checkedAt: deps.now().toISOString(), environmentUrl: settings.url ? environmentUrl(settings.url) : null };
  const took = () => Math.round(performance.now() - started);
  const missing = missingDynamicsSettings(deps.config);
  if (missing.length) {
    return {
      ...base, ok: false, durationMs: took(), token: 'skipped', whoAmI: 'skipped', code: 'NotConfigured',
      message: 'Dynamics 365 is not configured.',
      hint: `Set ${missing.join(', ')} and restart the API.`,
    };
  }
  const client = createDataverseClient({
    settings: { ...settings, maxRetries: Math.min(settings.maxRetries, 1) },
    fetch: deps.fetch,
    logger: deps.logger,
    onRequest: (e) => deps.events.emit(TELEMETRY.dataverseRequest, e),
  });
  try {
    const who = await client.getJson<{ UserId?: string; OrganizationId?: string; BusinessUnitId?: string }>('WhoAmI');
    return {
      ...base, ok: true, durationMs: took(), token: 'ok', whoAmI: 'ok',
      ...(who.UserId ? { userId: who.UserId } : {}),
      ...(who.OrganizationId ? { organizationId: who.OrganizationId } : {}),
      ...(who.BusinessUnitId ? { businessUnitId: who.BusinessUnitId } : {}),
    };
  } catch (e) {
    if (!isDataverseError(e)) throw e;
    // Every token failure says so first (api/src/dynamics/token.ts), whether Entra refused or was unreachable.
    const tokenFailed = e.source === 'entra' || e.message.startsWith('Token request');
    return {
      ...base, ok: false, durationMs: took(),
      token: tokenFailed ? 'failed' : 'ok', whoAmI: tokenFailed ? 'skipped' : 'failed',
      code: e.code, message: e.message, hint: e.hint,
    };
  }
}
