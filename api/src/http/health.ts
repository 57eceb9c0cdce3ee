import type { AppDeps } from './context.ts';
import { AppError } from '../errors/index.ts';
import type { Handlers } from './router.ts';

const VERSION = '1.0.0';

export function healthHandlers(deps: AppDeps): Handlers {
  return {
    GetHealth(_req, res) {
      res.json({ status: 'ok', version: VERSION });
    },
    async GetReadiness(_req, res) {
      try {
        await deps.db.query('SELECT 1');
      } catch (cause) {
        throw new AppError('UNAVAILABLE', { detail: 'The database does not answer.', cause, headers: { 'Retry-After': '5' } });
      }
      res.json({ status: 'ok', database: deps.db.kind, version: VERSION });
    },
  };
}
