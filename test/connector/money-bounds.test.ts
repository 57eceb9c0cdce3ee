import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const swagger = JSON.parse(readFileSync(new URL('../../connector/apiDefinition.swagger.json', import.meta.url), 'utf8')) as { definitions: Record<string, { properties?: Record<string, Record<string, unknown>> }> };

const MONEY = new Set(['valor_adquisicion', 'valor_libros', 'total', 'cantidad', 'precio_unitario']);

/** Every decimal property of the connector's definitions (a money field or one with multipleOf), as `Definition.property`. */
function decimals(): [string, Record<string, unknown>][] {
  return Object.entries(swagger.definitions).flatMap(([name, def]) =>
    Object.entries(def.properties ?? {}).filter(([prop, p]) => (MONEY.has(prop) && p.type === 'number') || 'multipleOf' in p).map(([prop, p]) => [`${name}.${prop}`, p] as [string, Record<string, unknown>]));
}

describe('the connector carries the money bounds to Power Automate', () => {
  it('gives every decimal 4 places and the Dataverse money maximum 922337203685477', () => {
    const found = decimals();
    expect(found.map(([name]) => name)).toEqual(expect.arrayContaining(['AssetCreate.valor_adquisicion', 'AssetUpdate.valor_libros', 'PurchaseOrderCreate.total', 'PurchaseOrderLine.cantidad', 'PurchaseOrderLine.precio_unitario']));
    for (const [name, p] of found) {
      expect(p.maximum, name).toBe(922337203685477);
      expect(p.multipleOf, name).toBe(0.0001);
      expect(p.minimum, name).toBeGreaterThanOrEqual(0);
    }
  });
});
