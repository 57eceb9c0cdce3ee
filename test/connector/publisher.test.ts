import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPackage } from '../../scripts/connector/generate.ts';
import { lintConnectorFull, readConnectorFiles } from '../../scripts/connector/lint.ts';
import { DEVELOPMENT_PUBLISHER, type PublisherSettings } from '../../scripts/connector/profile.ts';
import { PublisherSettingsError, publisherSettings } from '../../scripts/connector/publisher.ts';

const work = mkdtempSync(join(tmpdir(), 'connector-build-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const published: PublisherSettings = {
  host: 'cmms.contoso-energy.com',
  contactName: 'Contoso Energy CMMS support',
  contactUrl: 'https://contoso-energy.com/cmms/support',
  contactEmail: 'cmms-support@contoso-energy.com',
  website: 'https://contoso-energy.com/cmms',
  privacyPolicy: 'https://contoso-energy.com/privacy',
  licenseUrl: 'https://contoso-energy.com/cmms/license',
};

describe('publisher settings of a connector build', () => {
  it('take the development values, then a settings file, then single flags', () => {
    const file = join(work, 'publisher.json');
    writeFileSync(file, JSON.stringify({ host: 'cmms.contoso-energy.com', website: 'https://contoso-energy.com' }));
    const settings = publisherSettings(file, { website: 'https://www.contoso-energy.com' });
    expect(settings.host).toBe('cmms.contoso-energy.com');
    expect(settings.website).toBe('https://www.contoso-energy.com');
    expect(settings.privacyPolicy).toBe(DEVELOPMENT_PUBLISHER.privacyPolicy);
  });

  it('refuse a host with a scheme, a URL that is not https, a bad email and unknown keys, naming the setting', () => {
    expect(() => publisherSettings(undefined, { host: 'https://cmms.contoso.com' })).toThrow(/host "https:\/\/cmms\.contoso\.com" must be a bare host name/);
    expect(() => publisherSettings(undefined, { 'privacy-url': 'http://contoso.com/privacy' })).toThrow(/privacyPolicy .* must be an absolute https URL/);
    expect(() => publisherSettings(undefined, { 'contact-email': 'support' })).toThrow(/contactEmail "support" is not an email address/);
    const file = join(work, 'unknown.json');
    writeFileSync(file, JSON.stringify({ privacy: 'https://contoso.com/privacy' }));
    expect(() => publisherSettings(file, {})).toThrow(PublisherSettingsError);
  });
});

describe('a certification build', () => {
  it('with the placeholder values, is refused with placeholder-url findings and writes nothing', () => {
    const out = join(work, 'refused');
    const refused = buildPackage(out, DEVELOPMENT_PUBLISHER, { certification: true });
    expect(refused.join('\n')).toMatch(/placeholder-url {2}apiDefinition: host {2}"cmms\.example\.com"/);
    expect(refused.join('\n')).toMatch(/Privacy policy/);
    expect(existsSync(out)).toBe(false);
  });

  it("with the publisher's values, writes a whole package carrying them that lints clean as a certification build", async () => {
    const out = join(work, 'certified');
    expect(buildPackage(out, published, { certification: true })).toEqual([]);
    expect(readdirSync(out).sort()).toEqual(['README.md', 'apiDefinition.swagger.json', 'apiProperties.json', 'icon.png', 'settings.json']);
    const swagger = JSON.parse(readFileSync(join(out, 'apiDefinition.swagger.json'), 'utf8'));
    expect(swagger.host).toBe('cmms.contoso-energy.com');
    expect(swagger.info.contact).toEqual({ name: published.contactName, url: published.contactUrl, email: published.contactEmail });
    expect(swagger['x-ms-connector-metadata']).toEqual(expect.arrayContaining([
      { propertyName: 'Website', propertyValue: published.website },
      { propertyName: 'Privacy policy', propertyValue: published.privacyPolicy },
    ]));
    expect(JSON.stringify(swagger)).not.toMatch(/example\.com/);
    expect(await lintConnectorFull(readConnectorFiles(out), { certification: true })).toEqual([]);
  });
});
