/** The flow runner's own expression evaluator, on literal inputs with literal expected values. */
import { describe, expect, it } from 'vitest';
import { evaluateCondition, ExpressionError, resolveValue, type EvalScope } from '../support/flow-runner/expressions.ts';

const scope: EvalScope = {
  parameter: (n) => ({ 'Page size (cmms_SyncPageSize)': 25, 'Empty (x)': '' } as Record<string, unknown>)[n],
  variable: (n) => ({ results: [{ key: 'A-1' }], hasMore: true } as Record<string, unknown>)[n],
  triggerOutputs: () => ({ body: { key: "O'Brien-7", record: { msdyn_name: 'Pump', nested: { deep: 3 } }, statuscode: 613540002 } }),
  outputs: (n) => (n === 'Get_changes' ? { statusCode: 200, body: { items: [{ key: 'K1' }, { key: 'K2' }], hasMore: false } } : null),
  item: (loop) => (loop === 'For_each_change' ? { key: 'K9', operation: 'delete' } : undefined),
};
const value = (v: unknown) => resolveValue(v, scope);

describe('flow runner expressions', () => {
  it('reads plain text, @@ escapes and whole-value expressions with their types', () => {
    expect(value('just text')).toBe('just text');
    expect(value('someone@example.com')).toBe('someone@example.com');
    expect(value('@@not an expression')).toBe('@not an expression');
    expect(value("@parameters('Page size (cmms_SyncPageSize)')")).toBe(25);
    expect(value('@true')).toBe(true);
    expect(value('@null')).toBe(null);
    expect(value('@-12.5')).toBe(-12.5);
    expect(value("@variables('results')")).toEqual([{ key: 'A-1' }]);
  });

  it('reads properties with [..], ?[..], . and ?. and path keys like body/items', () => {
    expect(value("@triggerOutputs()?['body']?['record']?['msdyn_name']")).toBe('Pump');
    expect(value("@triggerBody()?['record'].nested.deep")).toBe(3);
    expect(value("@triggerOutputs()?['body/statuscode']")).toBe(613540002);
    expect(value("@outputs('Get_changes')?['body/items']")).toEqual([{ key: 'K1' }, { key: 'K2' }]);
    expect(value("@outputs('Missing')?['body/items']")).toBe(null);
    expect(value("@first(outputs('Get_changes')?['body/items'])?['key']")).toBe('K1');
    expect(value("@items('For_each_change')?['operation']")).toBe('delete');
  });

  it('without ?, reading a property of null is an error, as in the engine', () => {
    expect(() => value("@outputs('Missing')['body']")).toThrow(ExpressionError);
    expect(() => value("@outputs('Missing')['body']")).toThrow("cannot read property 'body' of null");
  });

  it('interpolates @{…} as text, with quotes doubled inside string literals and braces inside strings', () => {
    expect(value("msdyn_assetnumber='@{replace(string(triggerBody()?['key']), '''', '''''')}'")).toBe("msdyn_assetnumber='O''Brien-7'");
    expect(value("n=@{length(variables('results'))}; more=@{variables('hasMore')}")).toBe('n=1; more=true');
    expect(value("@{concat('{', 'x', '}')}!")).toBe('{x}!');
    expect(value("obj: @{triggerBody()?['record']?['nested']}")).toBe('obj: {"deep":3}');
    expect(value("empty: [@{parameters('Empty (x)')}]")).toBe('empty: []');
  });

  it('evaluates the functions the flows use to literal results', () => {
    expect(value("@coalesce(null, outputs('Missing'), 'fallback')")).toBe('fallback');
    expect(value("@if(equals(triggerOutputs()?['body/statuscode'], 613540002), 'approved', 'other')")).toBe('approved');
    expect(value("@or(empty(parameters('Empty (x)')), not(equals(1, 1)))")).toBe(true);
    expect(value("@and(greater(3, 2), less(2, 3))")).toBe(true);
    expect(value("@concat('HTTP ', string(404))")).toBe('HTTP 404');
    expect(value("@int('42')")).toBe(42);
    expect(value('@add(2, 3)')).toBe(5);
    expect(value("@json('{\"a\":[1,2]}')")).toEqual({ a: [1, 2] });
    expect(value("@createArray(1, 'two')")).toEqual([1, 'two']);
    expect(value("@toLower('ABC')")).toBe('abc');
  });

  it('resolves objects and arrays member by member', () => {
    expect(value({ key: "@items('For_each_change')?['key']", list: ['@true', 'x'], n: 1 })).toEqual({ key: 'K9', list: [true, 'x'], n: 1 });
  });

  it("evaluates the designer's object conditions", () => {
    expect(evaluateCondition({ equals: ["@items('For_each_change')?['operation']", 'delete'] }, scope)).toBe(true);
    expect(evaluateCondition({ and: [{ equals: [1, 1] }, { not: { equals: ['a', 'b'] } }] }, scope)).toBe(true);
    expect(evaluateCondition("@not(variables('hasMore'))", scope)).toBe(false);
  });

  it('refuses what it cannot read: unknown functions, unclosed blocks and strings, trailing text', () => {
    expect(() => value('@guid()')).toThrow('the flow runner does not implement guid()');
    expect(() => value("x @{concat('a'")).toThrow(/unclosed @\{/);
    expect(() => value("@concat('a)")).toThrow(/unterminated string/);
    expect(() => value("@concat('a') extra")).toThrow(/unexpected/);
    expect(() => value('@concat(,)')).toThrow(ExpressionError);
  });
});
