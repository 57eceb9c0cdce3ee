/**
 * Every capability's handlers, keyed by operationId. The router refuses to start when openapi.yaml
 * declares an operation that no capability handles, so the spec and the API cannot drift apart.
 */
import { assetHandlers } from './assets/routes.ts';
import { consoleHandlers } from './console/routes.ts';
import type { AppDeps } from './http/context.ts';
import { healthHandlers } from './http/health.ts';
import { jobHandlers } from './jobs/routes.ts';
import type { Handlers } from './http/router.ts';
import { purchaseOrderHandlers } from './purchase-orders/routes.ts';
import { syncHandlers } from './sync/routes.ts';
import { webhookHandlers } from './webhooks/routes.ts';

export function allHandlers(deps: AppDeps): Handlers {
  const base: Handlers = {
    ...healthHandlers(deps),
    ...assetHandlers(deps),
    ...purchaseOrderHandlers(deps),
    ...syncHandlers(deps),
    ...webhookHandlers(deps),
    ...jobHandlers(deps),
  };
  // The console's actions run the handlers above behind its role check.
  return { ...base, ...consoleHandlers(deps, base) };
}
