/**
 * The flow runner's own reader and evaluator of Workflow Definition Language values, written apart
 * from the validator's parser (scripts/solution/wdl.ts) so that a parser bug cannot pass both the
 * validator and the flow tests. It tokenizes, then evaluates while it reads (no shared syntax
 * tree); no maintained library reads WDL, hence this one.
 */
import { asString, ExpressionError, FUNCTIONS, member, type EvalScope } from './functions.ts';

export { ExpressionError, member, type EvalScope } from './functions.ts';

type Token =
  | { kind: 'string'; text: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'name'; text: string; at: number }
  | { kind: 'mark'; text: '(' | ')' | '[' | ']' | ',' | '.' | '?'; at: number };

function tokenize(source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === "'") {
      // A quote inside a string literal is written twice.
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= source.length) throw new ExpressionError(`unterminated string in ${JSON.stringify(source)}`);
        if (source[j] === "'" && source[j + 1] === "'") {
          text += "'";
          j += 2;
        } else if (source[j] === "'") break;
        else text += source[j++];
      }
      out.push({ kind: 'string', text, at: i });
      i = j + 1;
    } else if ('()[],.?'.includes(c)) {
      out.push({ kind: 'mark', text: c as '(' | ')' | '[' | ']' | ',' | '.' | '?', at: i });
      i++;
    } else if (/^-?[0-9]/.test(source.slice(i, i + 2))) {
      const text = /^-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(source.slice(i))![0];
      out.push({ kind: 'number', value: Number(text), at: i });
      i += text.length;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < source.length && /[A-Za-z0-9_]/.test(source[j]!)) j++;
      out.push({ kind: 'name', text: source.slice(i, j), at: i });
      i = j;
    } else {
      throw new ExpressionError(`unexpected "${c}" at ${i} in ${JSON.stringify(source)}`);
    }
  }
  return out;
}

/** Evaluates one expression (without its leading `@`) against the run's state. */
export function evaluateExpression(source: string, scope: EvalScope): unknown {
  const tokens = tokenize(source);
  let p = 0;
  const peek = (text?: string) => {
    const t = tokens[p];
    return t && t.kind === 'mark' && (text === undefined || t.text === text) ? t : undefined;
  };
  const take = (text: string) => {
    if (!peek(text)) throw new ExpressionError(`expected "${text}" at token ${p} in ${JSON.stringify(source)}`);
    p++;
  };

  const value = (): unknown => {
    const t = tokens[p++];
    if (!t) throw new ExpressionError(`unexpected end of ${JSON.stringify(source)}`);
    let v: unknown;
    if (t.kind === 'string') v = t.text;
    else if (t.kind === 'number') v = t.value;
    else if (t.kind === 'name' && peek('(')) {
      p++;
      const args: unknown[] = [];
      if (!peek(')')) {
        args.push(value());
        while (peek(',')) {
          p++;
          args.push(value());
        }
      }
      take(')');
      const fn = FUNCTIONS[t.text];
      if (!fn) throw new ExpressionError(`the flow runner does not implement ${t.text}()`);
      v = fn(args, scope);
    } else if (t.kind === 'name' && ['true', 'false', 'null'].includes(t.text)) {
      v = t.text === 'null' ? null : t.text === 'true';
    } else {
      throw new ExpressionError(`unexpected ${t.kind} at ${t.at} in ${JSON.stringify(source)}`);
    }
    // Property reads: [key], ?[key], .name, ?.name; without "?" reading from null is an error.
    for (;;) {
      const safe = Boolean(peek('?'));
      if (safe) p++;
      let key: unknown;
      if (peek('[')) {
        p++;
        key = value();
        take(']');
      } else if (peek('.')) {
        p++;
        const name = tokens[p++];
        if (name?.kind !== 'name') throw new ExpressionError(`expected a property name in ${JSON.stringify(source)}`);
        key = name.text;
      } else {
        if (safe) throw new ExpressionError(`"?" must be followed by [ or . in ${JSON.stringify(source)}`);
        return v;
      }
      if ((v === null || v === undefined) && !safe) {
        throw new ExpressionError(`cannot read property '${String(key)}' of ${v === null ? 'null' : 'undefined'}`);
      }
      v = member(v, key) ?? null;
    }
  };

  const result = value();
  if (p !== tokens.length) throw new ExpressionError(`unexpected text after the expression in ${JSON.stringify(source)}`);
  return result;
}

/** The end of an `@{…}` block: the first `}` outside a string literal. */
function blockEnd(text: string, from: number): number {
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    if (text[i] === "'") quoted = !quoted; // a doubled quote toggles twice: still right
    else if (text[i] === '}' && !quoted) return i;
  }
  throw new ExpressionError(`unclosed @{ in ${JSON.stringify(text)}`);
}

/** A JSON value of a definition with every expression and interpolation in it evaluated. */
export function resolveValue(value: unknown, scope: EvalScope): unknown {
  if (typeof value === 'string') {
    if (value.startsWith('@@')) return value.slice(1);
    if (value.startsWith('@') && !value.startsWith('@{')) return evaluateExpression(value.slice(1), scope);
    if (!value.includes('@{')) return value;
    let out = '';
    let i = 0;
    for (let at = value.indexOf('@{'); at >= 0; at = value.indexOf('@{', i)) {
      out += value.slice(i, at);
      const end = blockEnd(value, at + 2);
      out += asString(evaluateExpression(value.slice(at + 2, end), scope));
      i = end + 1;
    }
    return out + value.slice(i);
  }
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, scope));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, scope)]));
  }
  return value;
}

/** The designer's object form of a condition (`{"equals": [a, b]}`, `{"and": [...]}`) or an expression string. */
export function evaluateCondition(condition: unknown, scope: EvalScope): boolean {
  if (typeof condition === 'string') return Boolean(resolveValue(condition, scope));
  if (!condition || typeof condition !== 'object') return Boolean(condition);
  const [op, raw] = Object.entries(condition as Record<string, unknown>)[0] ?? [];
  if (!op) throw new ExpressionError('empty condition');
  if (op === 'and') return (raw as unknown[]).every((c) => evaluateCondition(c, scope));
  if (op === 'or') return (raw as unknown[]).some((c) => evaluateCondition(c, scope));
  if (op === 'not') return !evaluateCondition(raw, scope);
  const args = (raw as unknown[]).map((a) => resolveValue(a, scope));
  const fn = FUNCTIONS[op];
  if (!fn) throw new ExpressionError(`the flow runner does not implement condition ${op}`);
  return Boolean(fn(args, scope));
}
