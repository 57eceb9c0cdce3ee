/**
 * A real browser for the console tests: Debian's Chromium (CHROMIUM_PATH, else /usr/bin/chromium)
 * driven by playwright-core through executablePath, with a fresh profile each time; nothing
 * downloads a browser. Screenshots go to test-artifacts/console/ (gitignored) for people to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Express } from 'express';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts/console');

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface Browser {
  page: Page;
  context: BrowserContext;
  /** Requests that left 127.0.0.1 (there must be none: the console works offline). */
  external: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  const profile = mkdtempSync(join(tmpdir(), 'cmms-console-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1440, height: 900 }, locale: 'en-GB', timezoneId: 'UTC',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const external: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol.startsWith('http') && url.hostname !== '127.0.0.1') external.push(r.url());
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    page, context, external,
    async screenshot(name) {
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Listens on a free loopback port; returns the base URL and a closer. */
export async function listen(app: Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((ok, fail) => server.once('listening', ok).once('error', fail));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

/** The text of an element marked data-figure=name, once the console has rendered. */
export async function figure(page: Page, name: string): Promise<string> {
  return (await page.locator(`[data-figure="${name}"]`).first().textContent())?.trim() ?? '';
}
