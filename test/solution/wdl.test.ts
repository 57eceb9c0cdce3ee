/** The validator's Workflow Definition Language parser, on literal inputs with literal expected trees. */
import { describe, expect, it } from 'vitest';
import { calls, isExpressionValue, parseExpression, parseTemplate, templateExpressions, WdlSyntaxError } from '../../scripts/solution/wdl.ts';

const lit = (value: string | number | boolean | null) => ({ kind: 'literal', value });

describe('WDL parser', () => {
  it('reads plain text, @@ escapes, whole-value expressions and interpolations', () => {
    expect(parseTemplate('hello')).toEqual({ kind: 'text', value: 'hello' });
    expect(parseTemplate('a@b.com')).toEqual({ kind: 'text', value: 'a@b.com' });
    expect(parseTemplate('@@x')).toEqual({ kind: 'text', value: '@x' });
    expect(parseTemplate("@variables('hasMore')")).toEqual({ kind: 'expression', expr: { kind: 'call', name: 'variables', args: [lit('hasMore')] } });
    expect(parseTemplate("n=@{length(variables('r'))}!")).toEqual({
      kind: 'interpolation',
      parts: ['n=', { kind: 'call', name: 'length', args: [{ kind: 'call', name: 'variables', args: [lit('r')] }] }, '!'],
    });
  });

  it('reads literals: strings with doubled quotes, numbers, booleans and null', () => {
    expect(parseExpression("'it''s'")).toEqual(lit("it's"));
    expect(parseExpression('-12.5e2')).toEqual(lit(-1250));
    expect(parseExpression('404')).toEqual(lit(404));
    expect(parseExpression('true')).toEqual(lit(true));
    expect(parseExpression('false')).toEqual(lit(false));
    expect(parseExpression('null')).toEqual(lit(null));
  });

  it('reads property access as index nodes: ?[..] and ?. are safe, [..] and . are not', () => {
    expect(parseExpression("triggerOutputs()?['body/key']")).toEqual({
      kind: 'index', target: { kind: 'call', name: 'triggerOutputs', args: [] }, index: lit('body/key'), safe: true,
    });
    expect(parseExpression('body(\'A\').items[0]')).toEqual({
      kind: 'index',
      target: { kind: 'index', target: { kind: 'call', name: 'body', args: [lit('A')] }, index: lit('items'), safe: false },
      index: lit(0),
      safe: false,
    });
    expect(parseExpression("x()?.y")).toEqual({ kind: 'index', target: { kind: 'call', name: 'x', args: [] }, index: lit('y'), safe: true });
    expect(parseExpression("a()?[b('k')]")).toEqual({
      kind: 'index', target: { kind: 'call', name: 'a', args: [] }, index: { kind: 'call', name: 'b', args: [lit('k')] }, safe: true,
    });
  });

  it('reads nested calls with spaces between arguments', () => {
    expect(parseExpression("replace( string(items('L')?['key']) , '''' , '''''' )")).toEqual({
      kind: 'call',
      name: 'replace',
      args: [
        { kind: 'call', name: 'string', args: [{ kind: 'index', target: { kind: 'call', name: 'items', args: [lit('L')] }, index: lit('key'), safe: true }] },
        lit("'"),
        lit("''"),
      ],
    });
  });

  it('keeps a } inside a string literal within the @{…} block', () => {
    expect(parseTemplate("@{concat('}', 'a')}z")).toEqual({ kind: 'interpolation', parts: [{ kind: 'call', name: 'concat', args: [lit('}'), lit('a')] }, 'z'] });
  });

  it('lists every call depth first and the expressions of a template', () => {
    const expr = parseExpression("coalesce(outputs('A')?['body'], concat('x', string(1)))");
    expect([...calls(expr)].map((c) => `${c.name}/${c.args.length}`)).toEqual(['coalesce/2', 'outputs/1', 'concat/2', 'string/1']);
    expect(templateExpressions(parseTemplate('a @{x()} b @{y()}'))).toEqual([
      { kind: 'call', name: 'x', args: [] },
      { kind: 'call', name: 'y', args: [] },
    ]);
    expect(templateExpressions(parseTemplate('plain'))).toEqual([]);
  });

  it('tells expression values from text', () => {
    expect(isExpressionValue('@x()')).toBe(true);
    expect(isExpressionValue('a @{x()}')).toBe(true);
    expect(isExpressionValue('@@x()')).toBe(false);
    expect(isExpressionValue('msdyn_customerassets')).toBe(false);
  });

  it('refuses malformed expressions with the position of the fault', () => {
    const fault = (s: string) => {
      try {
        parseTemplate(s);
      } catch (e) {
        expect(e).toBeInstanceOf(WdlSyntaxError);
        return { message: (e as Error).message, position: (e as WdlSyntaxError).position };
      }
      throw new Error(`${s} parsed`);
    };
    expect(fault("@concat('a'")).toEqual({ message: `expected ")" at position 10 in "concat('a'"`, position: 10 });
    expect(fault("@concat('a)")).toEqual({ message: `unterminated string literal at position 10 in "concat('a)"`, position: 10 });
    expect(fault('@foo')).toEqual({ message: '"foo" is not a function call or literal at position 0 in "foo"', position: 0 });
    expect(fault("x @{concat('a')")).toEqual({ message: `unterminated @{ at position 2 in "x @{concat('a')"`, position: 2 });
    expect(fault('@a() b()')).toEqual({ message: 'unexpected "b()" at position 4 in "a() b()"', position: 4 });
    expect(fault('@a(1,)')).toEqual({ message: 'expected a function, literal or property access at position 4 in "a(1,)"', position: 4 });
  });
});
