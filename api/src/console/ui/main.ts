/// <reference lib="dom" />
/**
 * The console's entry point (bundled by scripts/build-console.ts): Fluent's web components and
 * light theme, sign-in, then the page, kept live by the server-sent overview events.
 */
import '@fluentui/web-components/badge.js';
import '@fluentui/web-components/button.js';
import '@fluentui/web-components/message-bar.js';
import '@fluentui/web-components/progress-bar.js';
import '@fluentui/web-components/spinner.js';
import '@fluentui/web-components/text-input.js';
import { setTheme } from '@fluentui/web-components/theme/set-theme.js';
import { webLightTheme } from '@fluentui/tokens';
import { ApiError } from './api.ts';
import { signIn, type ClientSettings } from './auth.ts';
import { badge, button, fill, h, when } from './dom.ts';
import * as view from './view.ts';

// API payloads: their shapes are openapi.yaml's (see view.ts).
type Json = any;

setTheme(webLightTheme);

const NAV: [string, string][] = [
  ['overview', 'Overview'], ['changes', 'Changes'], ['failures', 'Failures'], ['jobs', 'Jobs'],
  ['webhooks', 'Webhooks'], ['dynamics', 'Dynamics 365'], ['mapping', 'Mapping'], ['settings', 'Settings'],
];

async function start(): Promise<void> {
  const root = document.getElementById('app')!;
  const client = (await (await fetch('/console/client-settings.json')).json()) as ClientSettings;
  const { api, signOut } = await signIn(client, root);
  const who = await api.get<Json>('/console/api/session');

  const notices = h('div', { class: 'notices', role: 'status', 'aria-live': 'polite' });
  const notify = (intent: 'success' | 'error' | 'info', text: string) => {
    const bar = h('fluent-message-bar', { intent, 'data-notice': intent }, text,
      h('fluent-button', { slot: 'dismiss', appearance: 'transparent', size: 'small', 'aria-label': 'Dismiss', onclick: () => bar.remove() }, '✕'));
    notices.prepend(bar);
    while (notices.children.length > 3) notices.lastElementChild?.remove();
  };
  const live = badge('Connecting…', 'subtle');
  live.setAttribute('data-live', 'connecting');
  const updated = h('span', { class: 'subtle', 'data-figure': 'generated-at' });
  const slots = Object.fromEntries(['summary', 'activity', 'changes', 'failures', 'jobs', 'webhooks', 'dynamics', 'mapping', 'settings'].map((k) => [k, h('div', { class: 'slot' })]));

  const user = who.name ?? (who.kind === 'apikey' ? `API key ${who.id.replace('apikey:', '')}` : who.kind === 'anonymous' ? 'Local operator (no sign-in)' : who.id);
  root.replaceChildren(
    h('a', { class: 'skip-link', href: '#main' }, 'Skip to content'),
    h('header', { class: 'top-bar' },
      h('span', { class: 'waffle', 'aria-hidden': 'true' }),
      h('span', { class: 'product' }, 'Energy CMMS'), h('span', { class: 'divider', 'aria-hidden': 'true' }, '|'),
      h('span', { class: 'area' }, 'Dynamics 365 sync console'),
      h('span', { class: 'spacer' }),
      h('span', { class: 'user', 'data-user': who.kind }, user),
      who.canChange ? null : h('span', { class: 'read-only' }, 'Read only'),
      signOut ? h('fluent-button', { appearance: 'transparent', size: 'small', class: 'sign-out', onclick: signOut }, 'Sign out') : null),
    h('div', { class: 'layout' },
      h('nav', { class: 'side-nav', 'aria-label': 'Sections' },
        h('ul', {}, ...NAV.map(([id, label]) => h('li', {}, h('a', { href: `#${id}` }, label))))),
      h('main', { id: 'main', tabindex: '-1' },
        h('div', { class: 'page-head', id: 'overview' },
          h('div', {}, h('h1', { class: 'page-title' }, 'Sync health'),
            h('p', { class: 'subtle' }, 'Change feeds, failures, jobs and webhooks between the CMMS and Dynamics 365.')),
          h('div', { class: 'page-status' }, live, updated, button('Refresh', () => void refresh(), { test: 'refresh' }))),
        who.canChange ? null : h('fluent-message-bar', { intent: 'info' },
          `You can read everything here. Retry, redeliver, start and cancel need the app role ${who.adminRoles.join(' or ')}.`),
        notices,
        slots.summary, slots.activity, slots.changes, slots.failures, slots.jobs, slots.webhooks, slots.dynamics, slots.mapping, slots.settings)));

  const ctx: view.ViewContext = { api, canChange: who.canChange, notify, refresh: () => refresh() };
  let failureList: Json[] = [];
  let deadList: Json[] = [];
  let listsKey = '';

  async function lists(o: Json, force: boolean): Promise<void> {
    // The lists come from the connector's own operations; they are read again only when their counts move.
    const key = `${o.failures.parked}:${o.webhooks.dead}`;
    if (!force && key === listsKey) return;
    listsKey = key;
    const [f, d] = await Promise.all([
      api.get<Json>('/sync/failures?parked=true&limit=200'),
      api.get<Json>('/webhook-deliveries?status=dead&top=100'),
    ]);
    failureList = f.value;
    deadList = d.value;
  }

  async function render(o: Json, force = false): Promise<void> {
    await lists(o, force);
    fill(slots.summary!, view.summary(o));
    fill(slots.activity!, view.activity(o));
    fill(slots.changes!, view.changes(o));
    fill(slots.failures!, view.failures(ctx, failureList));
    fill(slots.jobs!, view.jobs(ctx, o));
    fill(slots.webhooks!, view.webhooks(ctx, o, deadList));
    updated.textContent = `Updated ${when(o.generatedAt)}`;
    document.body.dataset.ready = 'true';
  }

  async function refresh(): Promise<void> {
    try {
      await render(await api.get<Json>('/console/api/overview'), true);
    } catch (e) {
      notify('error', `The figures could not be read: ${(e as Error).message}`);
    }
  }

  fill(slots.dynamics!, view.dynamics(ctx));
  api.get<Json>('/console/api/settings').then((s) => {
    fill(slots.mapping!, view.mapping(s.mapping));
    fill(slots.settings!, view.settings(s.value));
  }, (e: Error) => notify('error', e.message));
  await refresh();

  const stop = new AbortController();
  addEventListener('pagehide', () => stop.abort());
  void api.stream('/console/api/events', (name, data) => {
    if (name === 'overview') void render(JSON.parse(data)).catch((e: Error) => notify('error', e.message));
  }, stop.signal, (on) => {
    live.textContent = on ? 'Live' : 'Reconnecting…';
    live.setAttribute('color', on ? 'success' : 'warning');
    live.setAttribute('data-live', on ? 'live' : 'reconnecting');
  }).catch((e: unknown) => {
    if (e instanceof ApiError) notify('error', `Live updates stopped: ${e.message}`);
  });
}

start().catch((e: unknown) => {
  const root = document.getElementById('app')!;
  fill(root, h('main', { class: 'sign-in-page' }, h('fluent-message-bar', { intent: 'error' }, `The console could not start: ${(e as Error).message}`)));
});
