/**
 * `npm start`. Turns on Node's on-disk compile cache before the app's modules load, so a restart
 * reuses their compiled code instead of parsing and compiling them again (the larger part of
 * starting on an existing data folder), then runs the server (server.ts).
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./server.ts');
