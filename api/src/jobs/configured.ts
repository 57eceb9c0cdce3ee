/** Whether a sync of an entity can run at all: the shared check of the API and the CLI. */
import { ConfigError, missingDynamicsSettings, type Config } from '../config/index.ts';
import { AppError } from '../errors/index.ts';
import type { Entity } from '../sync/change-log.ts';
import { loadMapping, tableFor } from '../sync/mapping.ts';

/** The problem an operator sees when Dynamics or the target table is not configured, naming what to set. */
export function checkSyncConfigured(deps: { config: Config }, entity: Entity): void {
  const missing = missingDynamicsSettings(deps.config);
  if (missing.length) {
    throw new AppError('NOT_CONFIGURED', {
      detail: `Dynamics 365 is not configured: set ${missing.join(', ')} and restart.`,
      extensions: { missingSettings: missing },
    });
  }
  try {
    tableFor(loadMapping(deps.config), entity);
  } catch (e) {
    if (e instanceof ConfigError) {
      throw new AppError('NOT_CONFIGURED', { detail: e.message, extensions: { missingSettings: e.problems.map((p) => p.variable) } });
    }
    throw e;
  }
}

