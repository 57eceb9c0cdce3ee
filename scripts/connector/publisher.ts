/**
 * The publisher settings of a connector build: the production host and the public URLs
 * certification asks for ("published, publicly accessible"). They come from a JSON file
 * (`--publisher FILE`, keys as in PublisherSettings) and/or single flags, over the development
 * values; each is checked for form here, and a certification build also refuses placeholders
 * (lint rule placeholder-url).
 */
import { readFileSync } from 'node:fs';
import { DEVELOPMENT_PUBLISHER, type PublisherSettings } from './profile.ts';

/** CLI flag → setting. */
export const PUBLISHER_FLAGS = {
  host: 'host',
  'contact-name': 'contactName',
  'contact-url': 'contactUrl',
  'contact-email': 'contactEmail',
  website: 'website',
  'privacy-url': 'privacyPolicy',
  'license-url': 'licenseUrl',
} as const satisfies Record<string, keyof PublisherSettings>;

export class PublisherSettingsError extends Error {}

function checkForm(key: keyof PublisherSettings, value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) throw new PublisherSettingsError(`${key} must be a non-empty string`);
  if (key === 'host' && !/^[a-z0-9.-]+(:\d+)?$/i.test(value)) throw new PublisherSettingsError(`host "${value}" must be a bare host name, without scheme or path`);
  if (key === 'contactEmail' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) throw new PublisherSettingsError(`contactEmail "${value}" is not an email address`);
  if (['contactUrl', 'website', 'privacyPolicy', 'licenseUrl'].includes(key)) {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (url?.protocol !== 'https:') throw new PublisherSettingsError(`${key} "${value}" must be an absolute https URL`);
  }
  return value;
}

/** Development values, then the file's, then the flags' (each checked for form). */
export function publisherSettings(file: string | undefined, flags: Partial<Record<keyof typeof PUBLISHER_FLAGS, string | undefined>>): PublisherSettings {
  const merged: Record<string, unknown> = { ...DEVELOPMENT_PUBLISHER };
  if (file) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new PublisherSettingsError(`${file} must hold a JSON object`);
    for (const [key, value] of Object.entries(parsed)) {
      if (!(key in DEVELOPMENT_PUBLISHER)) throw new PublisherSettingsError(`${file}: unknown setting "${key}" (known: ${Object.keys(DEVELOPMENT_PUBLISHER).join(', ')})`);
      merged[key] = value;
    }
  }
  for (const [flag, key] of Object.entries(PUBLISHER_FLAGS)) {
    const value = flags[flag as keyof typeof PUBLISHER_FLAGS];
    if (value !== undefined) merged[key] = value;
  }
  const out = {} as Record<keyof PublisherSettings, string>;
  for (const key of Object.keys(DEVELOPMENT_PUBLISHER) as (keyof PublisherSettings)[]) out[key] = checkForm(key, merged[key]);
  return Object.freeze(out);
}
