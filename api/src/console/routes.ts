/**
 * The console's API operations (openapi.yaml, "console paths"). Reads need sign-in only; actions
 * (retry, redeliver, start, cancel) also need `mayChange` (an admin app role for signed-in users)
 * and then run the very handlers of the connector's operations, so a retry from the console is
 * the same retry a flow makes. In `none` mode the console answers loopback callers only.
 */
import type { RequestHandler } from 'express';
import { shownSettings } from '../config/masked.ts';
import { loadMapping } from '../sync/mapping.ts';
import { mappingDirections } from '../sync/ownership.ts';
import { AppError } from '../errors/index.ts';
import { mayChange, principalOf } from '../http/auth.ts';
import type { AppDeps } from '../http/context.ts';
import type { Handlers } from '../http/router.ts';
import { TELEMETRY } from '../observability/events.ts';
import { fromLoopback } from '../observability/loopback.ts';
import { JOB_QUEUED_EVENT } from '../jobs/worker.ts';
import { retryParkedFailures } from '../sync/acknowledge.ts';
import type { Entity } from '../sync/change-log.ts';
import { checkDynamicsConnection } from './dynamics-check.ts';
import { consoleOverview } from './overview.ts';

/** Live updates: at most one overview a second while things happen, and one every few seconds anyway (ages grow). */
const STREAM_MIN_GAP_MS = 1_000;
const STREAM_REFRESH_MS = 5_000;
const STREAM_HEARTBEAT_MS = 15_000;

export function consoleHandlers(deps: AppDeps, base: Handlers): Handlers {
  const { config } = deps;

  const guard = (handler: RequestHandler, change = false): RequestHandler => (req, res, next) => {
    if (config.auth.mode === 'none' && !fromLoopback(req)) {
      throw new AppError('FORBIDDEN', { detail: 'Without sign-in (AUTH_MODE=none) the console answers only on this machine; set AUTH_MODE=entra or apikey to open it to others.' });
    }
    if (change && !mayChange(principalOf(res), config.console.adminRoles)) {
      throw new AppError('FORBIDDEN', {
        detail: `Retry, redeliver, start and cancel need the app role ${config.console.adminRoles.join(' or ')}; an admin assigns it under Enterprise applications → Users and groups.`,
      });
    }
    return handler(req, res, next);
  };
  const reuse = (operationId: string): RequestHandler => {
    const handler = base[operationId];
    if (!handler) throw new Error(`console: no handler for ${operationId}`);
    return guard(handler, true);
  };

  return {
    GetConsoleSession: guard((_req, res) => {
      const p = principalOf(res);
      res.json({
        authMode: config.auth.mode,
        kind: p.kind,
        id: p.id,
        ...(p.name ? { name: p.name } : {}),
        canChange: mayChange(p, config.console.adminRoles),
        adminRoles: [...config.console.adminRoles],
      });
    }),

    GetConsoleOverview: guard(async (_req, res) => {
      res.json(await consoleOverview(deps.db, deps.now()));
    }),

    GetConsoleSettings: guard((_req, res) => {
      res.json({ value: shownSettings(config), mapping: mappingDirections(loadMapping(config)) });
    }),

    CheckDynamicsConnection: guard(async (_req, res) => {
      res.json(await checkDynamicsConnection(deps));
    }),

    StreamConsoleEvents: guard(async (req, res) => {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        // nginx and Azure App Service front ends buffer responses unless told not to.
        'X-Accel-Buffering': 'no',
      });
      let closed = false;
      let sending = false;
      let wanted = false;
      let lastSent = 0;
      let timer: NodeJS.Timeout | undefined;
      const send = async () => {
        if (closed) return;
        if (sending) {
          wanted = true;
          return;
        }
        sending = true;
        try {
          do {
            wanted = false;
            const overview = await consoleOverview(deps.db, deps.now());
            lastSent = Date.now();
            if (!closed) res.write(`event: overview\ndata: ${JSON.stringify(overview)}\n\n`);
          } while (wanted && !closed);
        } catch (err) {
          deps.logger.warn({ err }, 'console stream: the overview could not be read');
        } finally {
          sending = false;
        }
      };
      const soon = () => {
        if (closed || timer) return;
        timer = setTimeout(() => {
          timer = undefined;
          void send();
        }, Math.max(0, STREAM_MIN_GAP_MS - (Date.now() - lastSent)));
      };
      const events = ['changes', JOB_QUEUED_EVENT, TELEMETRY.jobProgress, TELEMETRY.webhookDelivery];
      for (const e of events) deps.events.on(e, soon);
      const refresh = setInterval(soon, STREAM_REFRESH_MS);
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), STREAM_HEARTBEAT_MS);
      refresh.unref();
      heartbeat.unref();
      req.on('close', () => {
        closed = true;
        clearTimeout(timer);
        clearInterval(refresh);
        clearInterval(heartbeat);
        for (const e of events) deps.events.off(e, soon);
      });
      res.write('retry: 3000\n\n');
      await send();
    }),

    ConsoleRetrySyncFailure: reuse('RetrySyncFailure'),
    ConsoleStartSyncJob: reuse('StartSyncJob'),
    ConsoleCancelSyncJob: reuse('CancelSyncJob'),
    ConsoleRedeliverWebhookDelivery: reuse('RedeliverWebhookDelivery'),
    ConsoleRetryParkedFailures: guard(async (req, res) => {
      const body = (req.body ?? {}) as { entity?: Entity; consumer?: string };
      const retried = await retryParkedFailures(deps.db, { entity: body.entity, consumer: body.consumer });
      res.json({ retried });
    }, true),
  };
}
