/**
 * A parser for the subset of the Workflow Definition Language our flows use: whole-value
 * expressions (`@fn(...)`), string interpolation (`…@{fn(...)}…`), `@@` escapes, function calls,
 * property access (`.name`, `['name']`, `?['name']`, `[expr]`) and string/number/boolean/null
 * literals, for the validator (does it parse, are the functions known, what does it read). The
 * flow runner in test/ reads expressions with its own evaluator, so a bug here cannot pass both.
 * No library parses WDL, hence this one.
 */
export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'index'; target: Expr; index: Expr; safe: boolean };

/** How a JSON string value in a definition is read. */
export type Template =
  | { kind: 'text'; value: string }
  | { kind: 'expression'; expr: Expr }
  | { kind: 'interpolation'; parts: (string | Expr)[] };

export class WdlSyntaxError extends Error {
  readonly position: number;
  constructor(message: string, source: string, position: number) {
    super(`${message} at position ${position} in ${JSON.stringify(source)}`);
    this.name = 'WdlSyntaxError';
    this.position = position;
  }
}

export function parseTemplate(value: string): Template {
  if (value.startsWith('@@')) return { kind: 'text', value: value.slice(1) };
  if (value.startsWith('@') && !value.startsWith('@{')) return { kind: 'expression', expr: parseExpression(value.slice(1)) };
  if (!value.includes('@{')) return { kind: 'text', value };
  const parts: (string | Expr)[] = [];
  let text = '';
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('@{', i)) {
      const end = closingBrace(value, i + 2);
      if (text) parts.push(text);
      text = '';
      parts.push(parseExpression(value.slice(i + 2, end)));
      i = end + 1;
    } else {
      text += value[i];
      i++;
    }
  }
  if (text) parts.push(text);
  return { kind: 'interpolation', parts };
}

/** True when the value is read as an expression or interpolation rather than plain text. */
export function isExpressionValue(value: string): boolean {
  return parseTemplateKind(value) !== 'text';
}

function parseTemplateKind(value: string): Template['kind'] {
  if (value.startsWith('@@')) return 'text';
  if (value.startsWith('@') && !value.startsWith('@{')) return 'expression';
  return value.includes('@{') ? 'interpolation' : 'text';
}

function closingBrace(s: string, from: number): number {
  let inString = false;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === "'") {
        if (s[i + 1] === "'") i++;
        else inString = false;
      }
    } else if (c === "'") inString = true;
    else if (c === '}') return i;
  }
  throw new WdlSyntaxError('unterminated @{', s, from - 2);
}

export function parseExpression(source: string): Expr {
  const p = new Parser(source);
  const expr = p.expression();
  p.skipSpace();
  if (!p.atEnd()) p.fail(`unexpected "${source.slice(p.pos, p.pos + 10)}"`);
  return expr;
}

class Parser {
  pos = 0;
  readonly src: string;
  constructor(src: string) {
    this.src = src;
  }

  atEnd(): boolean {
    return this.pos >= this.src.length;
  }
  fail(message: string): never {
    throw new WdlSyntaxError(message, this.src, this.pos);
  }
  skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.src[this.pos]!)) this.pos++;
  }
  eat(token: string): boolean {
    this.skipSpace();
    if (this.src.startsWith(token, this.pos)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }
  expect(token: string): void {
    if (!this.eat(token)) this.fail(`expected "${token}"`);
  }

  expression(): Expr {
    let expr = this.primary();
    for (;;) {
      if (this.eat('?[')) expr = this.indexTail(expr, true);
      else if (this.eat('[')) expr = this.indexTail(expr, false);
      else if (this.eat('?.')) expr = { kind: 'index', target: expr, index: this.member(), safe: true };
      else if (this.eat('.')) expr = { kind: 'index', target: expr, index: this.member(), safe: false };
      else return expr;
    }
  }

  private indexTail(target: Expr, safe: boolean): Expr {
    const index = this.expression();
    this.expect(']');
    return { kind: 'index', target, index, safe };
  }

  private member(): Expr {
    const m = /^[A-Za-z_$][\w$]*/.exec(this.src.slice(this.pos));
    if (!m) this.fail('expected a property name');
    this.pos += m[0].length;
    return { kind: 'literal', value: m[0] };
  }

  private primary(): Expr {
    this.skipSpace();
    const rest = this.src.slice(this.pos);
    if (rest.startsWith("'")) return this.string();
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (num) {
      this.pos += num[0].length;
      return { kind: 'literal', value: Number(num[0]) };
    }
    const ident = /^[A-Za-z_][\w]*/.exec(rest);
    if (!ident) this.fail('expected a function, literal or property access');
    this.pos += ident[0].length;
    const name = ident[0];
    this.skipSpace();
    if (this.src[this.pos] !== '(') {
      if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
      if (name === 'null') return { kind: 'literal', value: null };
      this.pos -= name.length;
      this.fail(`"${name}" is not a function call or literal`);
    }
    this.pos++;
    const args: Expr[] = [];
    if (!this.eat(')')) {
      do args.push(this.expression());
      while (this.eat(','));
      this.expect(')');
    }
    return { kind: 'call', name, args };
  }

  private string(): Expr {
    let out = '';
    this.pos++;
    for (;;) {
      if (this.atEnd()) this.fail('unterminated string literal');
      const c = this.src[this.pos]!;
      if (c === "'") {
        if (this.src[this.pos + 1] === "'") {
          out += "'";
          this.pos += 2;
          continue;
        }
        this.pos++;
        return { kind: 'literal', value: out };
      }
      out += c;
      this.pos++;
    }
  }
}

/** Every call in a tree, depth first (for function and reference checks). */
export function* calls(expr: Expr): Generator<{ name: string; args: Expr[] }> {
  if (expr.kind === 'call') {
    yield expr;
    for (const a of expr.args) yield* calls(a);
  } else if (expr.kind === 'index') {
    yield* calls(expr.target);
    yield* calls(expr.index);
  }
}

export function templateExpressions(t: Template): Expr[] {
  if (t.kind === 'expression') return [t.expr];
  if (t.kind === 'interpolation') return t.parts.filter((p): p is Expr => typeof p !== 'string');
  return [];
}
