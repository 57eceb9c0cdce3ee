/** Shared fixtures for the connector tests: the fixture spec, its connector and a matching apiProperties. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { convertOpenApi3ToSwagger2 } from '../../scripts/connector/convert.ts';
import type { Json } from '../../scripts/connector/json.ts';
import { lintConnector, type Finding, type LintOptions } from '../../scripts/connector/lint.ts';
import { connectorProfile } from '../../scripts/connector/profile.ts';

export const FIXTURE_SPEC = resolve(import.meta.dirname, 'fixtures/openapi.fixture.yaml');

export function fixtureSpec(): Json {
  return parse(readFileSync(FIXTURE_SPEC, 'utf8')) as Json;
}

/** The fixture spec converted with the real connector profile: a connector that lints clean. */
export function fixtureSwagger(): any {
  return convertOpenApi3ToSwagger2(fixtureSpec(), { ...connectorProfile, testConnectionOperationId: 'ListSites' });
}

/** The committed apiProperties, with its paging policy pointed at the fixture's pageable operation. */
export function fixtureApiProperties(): any {
  const props = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../connector/apiProperties.json'), 'utf8'));
  for (const policy of props.properties.policyTemplateInstances) {
    if (policy.templateId === 'updatenextlink') policy.parameters['x-ms-apimTemplate-operationName'] = ['ListThings'];
  }
  return props;
}

export const connectorSettings = { apiDefinition: 'apiDefinition.swagger.json', apiProperties: 'apiProperties.json', icon: 'icon.png' };

/** Lints the clean fixture connector after `mutate` breaks it, returning the findings of one rule. */
export function findingsAfter(rule: string, mutate: (swagger: any, props: any) => void, options: LintOptions = {}): Finding[] {
  const swagger = fixtureSwagger();
  const props = fixtureApiProperties();
  mutate(swagger, props);
  return lintConnector({ swagger, apiProperties: props, settings: connectorSettings }, options).filter((f) => f.rule === rule);
}

export function expectFinding(rule: string, pattern: RegExp, mutate: (swagger: any, props: any) => void, options: LintOptions = {}): void {
  const found = findingsAfter(rule, mutate, options);
  expect(found.map((f) => `${f.where} ${f.message}`).join('\n')).toMatch(pattern);
}
