/**
 * OpenAPI 3.0 Schema Object → Swagger 2.0 Schema Object, limited to what Power Platform accepts
 * (its published apiDefinition schema lists the keys and formats it allows).
 */
import { compact, isObj, msExtensions, obj, resolvePointer, str, type Json } from './json.ts';

/** Formats the Power Platform swagger schema accepts; any other format is dropped rather than rejected. */
export const ALLOWED_FORMATS = new Set([
  'int32', 'int64', 'float', 'double', 'byte', 'binary', 'date', 'date-time',
  'password', 'date-no-tz', 'email', 'html', 'uri', 'uuid',
]);

/** Keys that mean the same in both versions and are copied unchanged (in this order). */
const PLAIN_KEYS = [
  'title', 'description', 'default', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum',
  'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems',
  'maxProperties', 'minProperties', 'enum',
] as const;

export interface ConvertContext {
  /** The whole OpenAPI 3 document, to resolve `$ref`s when a construct must be inlined. */
  readonly doc: Json;
}

export class ConversionError extends Error {
  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = 'ConversionError';
  }
}

/** `#/components/schemas/X` → `#/definitions/X`, and likewise for parameters and responses. */
export function rewriteRef(ref: string): string {
  return ref
    .replace(/^#\/components\/schemas\//, '#/definitions/')
    .replace(/^#\/components\/parameters\//, '#/parameters/')
    .replace(/^#\/components\/responses\//, '#/responses/');
}

/** Follows `$ref` chains inside the OpenAPI 3 document (for constructs 2.0 cannot reference). */
export function deref(node: unknown, ctx: ConvertContext, where: string): Json {
  let current = node;
  for (let hops = 0; isObj(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new ConversionError(where, `$ref loop at ${current.$ref}`);
    const target = resolvePointer(ctx.doc, current.$ref);
    if (target === undefined) throw new ConversionError(where, `$ref ${current.$ref} points nowhere`);
    current = target;
  }
  return obj(current);
}

export function convertSchema(input: unknown, ctx: ConvertContext, where: string): Json {
  if (!isObj(input)) return {};
  if (typeof input.$ref === 'string') {
    const rest = { ...input };
    delete rest.$ref;
    // Power Platform only follows refs to whole definitions; a pointer into one
    // (#/components/schemas/X/properties/y) is inlined instead.
    if (!/^#\/components\/schemas\/[^/]+$/.test(input.$ref)) {
      return convertSchema({ ...deref({ $ref: input.$ref }, ctx, where), ...rest }, ctx, where);
    }
    const ref = { $ref: rewriteRef(input.$ref) };
    const siblings = Object.keys(rest);
    if (siblings.length === 0) return ref;
    // Swagger ignores (and Power Platform rejects) keys next to a $ref, yet a nullable or annotated
    // reference is meaningful: keep the annotations on an allOf wrapper instead of losing them.
    return convertSchema({ ...rest, allOf: [{ $ref: input.$ref }] }, ctx, where);
  }
  if (Array.isArray(input.oneOf) || Array.isArray(input.anyOf)) return flattenAlternatives(input, ctx, where);

  const out: Json = {};
  if (typeof input.type === 'string') out.type = input.type;
  const format = str(input.format);
  if (format && ALLOWED_FORMATS.has(format)) out.format = format;
  for (const key of PLAIN_KEYS) if (input[key] !== undefined) out[key] = input[key];
  if (input.nullable === true) out['x-nullable'] = true;
  // OpenAPI 3.0 lists null among the values of a nullable enum; Power Platform refuses null inside an
  // enum (InvalidEnumValue) and reads nullability from x-nullable alone.
  if (Array.isArray(out.enum) && out.enum.includes(null)) {
    out.enum = out.enum.filter((v) => v !== null);
    out['x-nullable'] = true;
  }
  if (input.readOnly === true) out.readOnly = true;
  if (Array.isArray(input.required) && input.required.length) out.required = input.required;
  if (isObj(input.properties)) {
    const props: Json = {};
    for (const [name, schema] of Object.entries(input.properties)) {
      props[name] = convertSchema(schema, ctx, `${where}.properties.${name}`);
    }
    out.properties = props;
  }
  if (typeof input.additionalProperties === 'boolean') out.additionalProperties = input.additionalProperties;
  else if (isObj(input.additionalProperties)) {
    out.additionalProperties = convertSchema(input.additionalProperties, ctx, `${where}.additionalProperties`);
  }
  if (input.items !== undefined) out.items = convertSchema(input.items, ctx, `${where}.items`);
  if (Array.isArray(input.allOf)) {
    out.allOf = input.allOf.map((s, i) => convertSchema(s, ctx, `${where}.allOf[${i}]`));
  }
  // 3.0's discriminator is an object; 2.0 only names the property.
  const discriminator = isObj(input.discriminator) ? str(input.discriminator.propertyName) : undefined;
  if (discriminator) out.discriminator = discriminator;
  if (input.example !== undefined) out.example = input.example;
  if (isObj(input.externalDocs)) out.externalDocs = input.externalDocs;
  // Dropped on purpose: `not`, `writeOnly` and `deprecated` have no 2.0 equivalent.
  return { ...out, ...msExtensions(input) };
}

/**
 * Swagger 2.0 has no oneOf/anyOf. A lone non-null alternative becomes that schema (nullable); object
 * alternatives merge into one object carrying every property any variant has, required only where
 * all variants require it, so makers see every field that can occur. Mixed primitive alternatives
 * become an untyped schema, which the designer treats as "any".
 */
function flattenAlternatives(input: Json, ctx: ConvertContext, where: string): Json {
  const variants = (input.oneOf ?? input.anyOf) as unknown[];
  const base = { ...input };
  delete base.oneOf;
  delete base.anyOf;
  const nonNull = variants.filter((v) => !(isObj(v) && v.type === 'null'));
  const nullable = nonNull.length < variants.length || input.nullable === true;
  const extra: Json = nullable ? { 'x-nullable': true } : {};
  const own = convertSchema({ ...base, nullable: false }, ctx, where);

  if (nonNull.length === 1) {
    const single = convertSchema(nonNull[0], ctx, `${where}.oneOf[0]`);
    if (Object.keys(own).length === 0) return { ...single, ...extra };
    return { ...own, allOf: [single], ...extra };
  }
  const resolved = nonNull.map((v, i) => deref(v, ctx, `${where}.oneOf[${i}]`));
  const allObjects = resolved.every((v) => v.type === 'object' || isObj(v.properties));
  if (allObjects) {
    const properties: Json = {};
    let required: string[] | undefined;
    resolved.forEach((variant, i) => {
      for (const [name, schema] of Object.entries(obj(variant.properties))) {
        if (!(name in properties)) properties[name] = convertSchema(schema, ctx, `${where}.oneOf[${i}].${name}`);
      }
      const req = Array.isArray(variant.required) ? (variant.required as string[]) : [];
      required = required === undefined ? [...req] : required.filter((r) => req.includes(r));
    });
    return compact({
      ...own,
      type: 'object',
      required: required && required.length ? required : undefined,
      properties,
      ...extra,
    });
  }
  const types = new Set(resolved.map((v) => v.type));
  const firstType = resolved[0]?.type;
  if (types.size === 1 && typeof firstType === 'string') return { ...own, type: firstType, ...extra };
  return { ...own, ...extra };
}
