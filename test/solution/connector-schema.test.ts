/**
 * The connector inside a packed solution is checked against the shape rules the repository carries
 * and, when a folder of Microsoft's published schemas is given, against those too.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePackages, type Finding } from '../../scripts/solution/validate/index.ts';
import { writeZip } from '../../scripts/solution/zip.ts';
import type { BuiltSolution } from '../../scripts/solution/build.ts';
import { buildBoth, editEntry, entryText } from './helpers.ts';

const CONNECTION_PARAMETERS = 'Connector/cmms_energycmms_connectionparameters.json';
const POLICIES = 'Connector/cmms_energycmms_policytemplateinstances.json';

function validate(connector: BuiltSolution, schemaDir?: string): Finding[] {
  return validatePackages([{ file: 'connector.zip', bytes: writeZip(connector.entries) }], { schemaDir }).filter((f) => f.rule === 'connector-schema');
}

/** Stand-ins keeping the published schemas' Global/Direct redirectMode enum, for machines without them. */
function standInSchemas(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stand-in-schemas-'));
  writeFileSync(join(dir, 'apiDefinition.swagger.schema.json'), JSON.stringify({ type: 'object', properties: { swagger: { enum: ['2.0'] } } }));
  writeFileSync(join(dir, 'paconn-apiProperties.schema.json'), JSON.stringify({
    type: 'object',
    properties: { properties: { type: 'object', properties: {
      connectionParameters: { type: 'object', additionalProperties: { type: 'object', properties: { oAuthSettings: { type: 'object', properties: { redirectMode: { enum: ['Global', 'Direct'] } } } } } },
      policyTemplateInstances: { type: 'array', items: { type: 'object', required: ['templateId'] } },
    } } },
  }));
  writeFileSync(join(dir, 'paconn-settings.schema.json'), '{}');
  return dir;
}

const schemaDir = process.env.CONNECTOR_SCHEMAS_DIR || standInSchemas();

describe('connector schema check of a packed solution', () => {
  it('finds nothing in the packed connector, with or without a schemas folder (GlobalPerConnector included)', () => {
    const { connector } = buildBoth();
    expect(validate(connector)).toEqual([]);
    expect(validate(connector, schemaDir)).toEqual([]);
  });

  it('without a schemas folder, reports a redirectMode or policy template the platform does not know', () => {
    const { connector } = buildBoth();
    editEntry(connector, CONNECTION_PARAMETERS, (t) => t.replace('"GlobalPerConnector"', '"Sideways"'));
    expect(validate(connector).map((f) => f.message).join('\n')).toMatch(/apiProperties\/properties\/connectionParameters\/token\/oAuthSettings\/redirectMode must be equal to one of the allowed values/);
  });

  it('with a schemas folder, reports what its schemas refuse as well', () => {
    const { connector } = buildBoth();
    editEntry(connector, CONNECTION_PARAMETERS, (t) => t.replace('"GlobalPerConnector"', '"Sideways"'));
    const messages = validate(connector, schemaDir).map((f) => f.message);
    expect(messages.filter((m) => /redirectMode must be equal to one of the allowed values$/.test(m))).not.toEqual([]);
  });

  it('reads exported-casing policies (TemplateId, Title, Parameters) and a null policy file as apiProperties would', () => {
    const { connector } = buildBoth();
    // The pack writes the exported casing itself.
    expect(JSON.parse(entryText(connector, POLICIES))[0]).toHaveProperty('TemplateId');
    expect(validate(connector, schemaDir)).toEqual([]);
    editEntry(connector, POLICIES, (t) => t.replace(/"TemplateId":"dynamichosturl"/, '"TemplateId":"rewritehost"'));
    expect(validate(connector).map((f) => f.message).join('\n')).toMatch(/policyTemplateInstances\/0\/templateId must be equal to one of the allowed values/);
    const none = buildBoth().connector;
    editEntry(none, POLICIES, () => 'null');
    expect(validate(none, schemaDir)).toEqual([]);
  });
});
