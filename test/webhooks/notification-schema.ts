/**
 * The payload schemas the triggers declare in x-ms-notification-content, compiled from
 * openapi.yaml: Power Automate validates each delivery against them, so the tests do too.
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { loadSpec, resolveRef } from '../../api/src/http/openapi.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const doc = loadSpec();
const ajv = addFormats(new Ajv({ allErrors: true, strict: false, multipleOfPrecision: 6 }));
ajv.addSchema({ ...doc, $id: 'spec' });

/** The problems of `payload` against the notification schema of the trigger at `path`; empty when valid. */
export function notificationProblems(path: string, payload: unknown): string[] {
  const item = doc.paths[path] as Record<string, { schema?: { $ref?: string } }>;
  const ref = item['x-ms-notification-content']?.schema?.$ref;
  if (!ref) return [`${path} declares no x-ms-notification-content schema`];
  resolveRef(doc, { $ref: ref }); // throws when the ref is dangling
  const validate = ajv.getSchema(`spec${ref}`)!;
  return validate(payload) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
