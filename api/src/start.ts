/**
 * `npm start`. Turns on Node's on-disk compile cache before the app's modules load, so a restart
 * reuses their compiled code instead of parsing and compiling them again (the larger part of
 * starting on an existing data folder), then runs the server (server.ts).
 *
 * package.json starts it with `--max-semi-space-size=2`: V8's young generation stays at 2 MB
 * semi-spaces instead of growing to 16 MB ones under load, which kept ~60 MB of RSS that a request's
 * short-lived garbage never needed (peak 196 → 136 MB in a local run; throughput unchanged).
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./server.ts');
