/**
 * Small JSON helpers shared by the connector converter, lint and generator. Documents are handled as
 * plain parsed JSON/YAML trees, so everything here works on `unknown` and narrows explicitly.
 */
export type Json = Record<string, unknown>;

export function isObj(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function obj(value: unknown): Json {
  return isObj(value) ? value : {};
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Copies `x-ms-*` keys in their source order; every other vendor extension is ours or foreign and is dropped. */
export function msExtensions(source: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(source)) if (k.startsWith('x-ms-')) out[k] = v;
  return out;
}

/** Drops `undefined` members so the written JSON has no holes and key order stays as built. */
export function compact(source: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined) out[k] = v;
  return out;
}

/** Resolves a local JSON pointer (`#/a/b`) against a document; undefined when it leads nowhere. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObj(node)) node = node[key];
    else return undefined;
  }
  return node;
}

/** Every string value of a `$ref` key anywhere in the tree. */
export function collectRefs(node: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) for (const v of node) collectRefs(v, into);
  else if (isObj(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') into.add(v);
      else collectRefs(v, into);
    }
  }
  return into;
}

/** Pretty, deterministic JSON text: two-space indent, trailing newline, key order as built. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/**
 * Parses JSON that carries `//` line comments and trailing commas (Microsoft's published connector
 * schemas do both). One string-aware pass rather than a regex, because `//` also occurs inside URL
 * strings: comments are dropped, and a comma followed only by blanks or comments before } or ] too.
 */
export function parseJsonWithComments(text: string): unknown {
  let out = '';
  let inString = false;
  let comma = -1; // where in `out` the last comma stands while no value has followed it
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else {
      if ((c === '}' || c === ']') && comma >= 0) out = out.slice(0, comma) + out.slice(comma + 1);
      if (c === ',') comma = out.length;
      else if (!/\s/.test(c)) comma = -1;
      if (c === '"') inString = true;
      out += c;
    }
  }
  return JSON.parse(out);
}
