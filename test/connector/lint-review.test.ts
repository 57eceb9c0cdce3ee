import { describe, expect, it } from 'vitest';
import { deployedApiProperties } from '../../scripts/deploy-connector.ts';
import { lintConnector } from '../../scripts/connector/lint.ts';
import { connectorProfileFor, DEVELOPMENT_PUBLISHER } from '../../scripts/connector/profile.ts';
import { convertOpenApi3ToSwagger2 } from '../../scripts/connector/convert.ts';
import { connectorSettings, expectFinding, findingsAfter, fixtureApiProperties, fixtureSpec, fixtureSwagger } from './support.ts';

const op = (s: any, path: string, method: string) => s.paths[path][method];

/** The fixture's CreateThing turned into the original StartSyncJob shape: 202 + Location + schema, no 200. */
function asQueuedAction(s: any): void {
  const responses = op(s, '/things', 'post').responses;
  const created = responses['201'];
  delete responses['201'];
  responses['202'] = { ...created, headers: { Location: { type: 'string', description: 'Where to poll.' } } };
}

describe('connector lint: what certification review stops', () => {
  it('when a title, description, summary or sign-in text names a Power Platform product, reports restricted-words', () => {
    expectFinding('restricted-words', /\/info\/description names the product "Power Automate" and "Power Apps"/, (s) => {
      s.info.description = 'Work with CMMS things from Power Automate and Power Apps: list and create them.';
    });
    expectFinding('restricted-words', /\/paths\/\/things\/get\/description names the product "Power Automate"/, (s) => {
      op(s, '/things', 'get').description = "Lists things; Power Automate's pagination follows nextLink.";
    });
    expectFinding('restricted-words', /x-ms-summary names the product "Power BI"/, (s) => { s.definitions.ThingCreate.properties.note['x-ms-summary'] = 'Power BI Note'; });
    expectFinding('restricted-words', /\/tags\/0\/description names the product "Microsoft Flow"/, (s) => { s.tags[0].description = 'Things for Microsoft Flow.'; });
    expectFinding('restricted-words', /apiProperties: connectionParameters.*tooltip names the product "PowerApps"/, (_s, p) => {
      p.properties.connectionParameters.cmmsHost.uiDefinition.tooltip = 'The host your PowerApps call.';
    });
    // Dynamics 365 and the word "flow" are not product names the review refuses.
    expect(findingsAfter('restricted-words', (s) => { op(s, '/things', 'get').description = 'Lists things for a flow that keeps Dynamics 365 in step.'; })).toEqual([]);
  });

  it('when the OAuth sign-in uses the shared Global redirect or another redirect host, reports redirect-mode', () => {
    const oauth = (p: any) => p.properties.connectionParameters.token.oAuthSettings;
    expectFinding('redirect-mode', /redirectMode is "Global"; certification asks for GlobalPerConnector/, (_s, p) => { oauth(p).redirectMode = 'Global'; });
    expectFinding('redirect-mode', /redirectMode is null/, (_s, p) => { delete oauth(p).redirectMode; });
    expectFinding('redirect-mode', /redirectUrl "https:\/\/login\.contoso\.com\/cb" is not under/, (_s, p) => { oauth(p).redirectUrl = 'https://login.contoso.com/cb'; });
  });

  it("when the README's app-registration steps register only the shared redirect URI, reports redirect-mode on README.md", () => {
    const lint = (readme: string) =>
      lintConnector({ swagger: fixtureSwagger(), apiProperties: fixtureApiProperties(), readme }).filter((f) => f.rule === 'redirect-mode').map((f) => `${f.where} ${f.message}`);
    // The steps as they stood: the connector client registered the shared URI.
    const shared = 'The connector client: a client secret, the permission user_impersonation, and the redirect URI\n   `https://global.consent.azure-apim.net/redirect`.';
    expect(lint(shared).join('\n')).toMatch(/README\.md the app-registration steps do not register the per-connector redirect URI/);
    expect(lint(shared).join('\n')).toMatch(/README\.md the steps register the shared/);
    const own = 'Add the Redirect URL of the Security tab, `https://global.consent.azure-apim.net/redirect/<connector API name>`, to the registration.';
    expect(lint(own)).toEqual([]);
  });

  it('when null sits inside an enum or its x-ms-enum-values, reports enum-null', () => {
    expectFinding('enum-null', /\/definitions\/Kind null is inside the enum/, (s) => { s.definitions.Kind.enum.push(null); });
    expectFinding('enum-null', /\/definitions\/Kind x-ms-enum-values names null/, (s) => { s.definitions.Kind['x-ms-enum-values'].push({ value: null, displayName: 'None' }); });
    expectFinding('enum-null', /\/definitions\/ThingCreate\/properties\/size null is inside the enum/, (s) => {
      s.definitions.ThingCreate.properties.size = { type: 'string', enum: ['a', null], 'x-nullable': true, description: 'Size.', 'x-ms-summary': 'Size' };
    });
  });

  it('when an action answers 202 without the final schema on 200, reports async-action-output', () => {
    expectFinding('async-action-output', /POST \/things \(CreateThing\) answers 202 but has no schema on 200/, asQueuedAction);
    expectFinding('async-action-output', /POST \/things \(CreateThing\) 202 the 202 carries a schema/, asQueuedAction);
    // The certified shape: the final schema on 200, a schemaless 202 with Location.
    expect(findingsAfter('async-action-output', (s) => {
      asQueuedAction(s);
      const responses = op(s, '/things', 'post').responses;
      responses['200'] = { description: 'Done.', schema: responses['202'].schema };
      delete responses['202'].schema;
    })).toEqual([]);
  });

  it('when the converter meets a 202 action with a schema, it moves the schema to 200 and leaves the 202 with its Location', () => {
    const spec: any = fixtureSpec();
    const post = spec.paths['/things'].post;
    post.responses['202'] = { ...post.responses['201'], headers: { Location: { description: 'Where to poll.', schema: { type: 'string' } } } };
    delete post.responses['201'];
    const converted: any = convertOpenApi3ToSwagger2(spec, connectorProfileFor(DEVELOPMENT_PUBLISHER));
    const responses = converted.paths['/things'].post.responses;
    expect(Object.keys(responses).slice(0, 2)).toEqual(['200', '202']);
    expect(responses['200'].schema).toEqual({ $ref: '#/definitions/Thing' });
    expect(responses['202']).not.toHaveProperty('schema');
    expect(responses['202'].headers).toHaveProperty('Location');
  });

  it('when the converter meets a nullable enum listing null (OpenAPI 3.0 form), it writes the values without null and x-nullable', () => {
    const spec: any = fixtureSpec();
    spec.components.schemas.Kind = { type: 'string', nullable: true, enum: ['big', 'small', null] };
    const converted: any = convertOpenApi3ToSwagger2(spec, connectorProfileFor(DEVELOPMENT_PUBLISHER));
    expect(converted.definitions.Kind).toMatchObject({ type: 'string', enum: ['big', 'small'], 'x-nullable': true });
  });

  it('in a certification build, when the host or a public URL is a reserved example name, reports placeholder-url', () => {
    const certification = { certification: true };
    expectFinding('placeholder-url', /host "cmms\.example\.com" is a placeholder/, () => {}, certification);
    expectFinding('placeholder-url', /info\.contact\.email "support@energy-cmms\.example\.com"/, () => {}, certification);
    expectFinding('placeholder-url', /Privacy policy "https:\/\/energy-cmms\.example\.com\/privacy"/, () => {}, certification);
    expectFinding('placeholder-url', /Website "https:\/\/cmms\.test"/, (s) => { s['x-ms-connector-metadata'][0].propertyValue = 'https://cmms.test'; }, certification);
    expectFinding('placeholder-url', /Website null/, (s) => { s['x-ms-connector-metadata'].splice(0, 1); }, certification);
    // The development build may carry them; a certification build with published values passes.
    expect(findingsAfter('placeholder-url', () => {})).toEqual([]);
    const published = convertOpenApi3ToSwagger2(fixtureSpec(), connectorProfileFor({
      host: 'cmms.contoso-energy.com', contactName: 'Support', contactUrl: 'https://contoso-energy.com/support',
      contactEmail: 'cmms@contoso-energy.com', website: 'https://contoso-energy.com', privacyPolicy: 'https://contoso-energy.com/privacy',
      licenseUrl: 'https://contoso-energy.com/license',
    }));
    expect(lintConnector({ swagger: published }, certification).filter((f) => f.rule === 'placeholder-url')).toEqual([]);
  });

  it('when the deploy would send stackOwner to pac, reports deploy-stack-owner', () => {
    const lint = (deployedProperties: (p: any) => any) =>
      lintConnector({ swagger: fixtureSwagger(), apiProperties: fixtureApiProperties(), settings: connectorSettings }, { deployedProperties })
        .filter((f) => f.rule === 'deploy-stack-owner');
    // The original deploy passed apiProperties through as committed.
    expect(lint((p) => structuredClone(p)).map((f) => f.message).join()).toMatch(/sends stackOwner to pac/);
    expect(lint(deployedApiProperties)).toEqual([]);
  });
});
