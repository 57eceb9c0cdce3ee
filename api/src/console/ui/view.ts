/// <reference lib="dom" />
/**
 * The console's sections, each rendered from API data: figures at a glance, changes per consumer,
 * parked failures, jobs, webhooks, the Dynamics check and the settings. Every figure carries a
 * data-figure attribute so the browser tests read exactly what the operator sees.
 */
import type { Api } from './api.ts';
import { activityChart } from './chart.ts';
import { badge, button, duration, ENTITY_LABEL, fill, fmt, h, table, when } from './dom.ts';

// API payloads: their shapes are openapi.yaml's, checked by the server and the tests, not re-declared here.
type Json = any;

export interface ViewContext {
  api: Api;
  canChange: boolean;
  notify: (intent: 'success' | 'error' | 'info', text: string) => void;
  refresh: () => Promise<void>;
}

function card(id: string, title: string, ...content: (Node | string | null)[]): HTMLElement {
  return h('section', { class: 'card', id, 'aria-labelledby': `${id}-title` },
    h('h2', { class: 'card-title', id: `${id}-title` }, title), ...content.filter((c): c is Node | string => c !== null));
}

function tile(label: string, value: string, figure: string, tone?: 'danger' | 'warning' | 'success'): HTMLElement {
  return h('div', { class: `tile${tone ? ` tile-${tone}` : ''}` },
    h('div', { class: 'tile-label' }, label),
    h('div', { class: 'tile-value', 'data-figure': figure }, value));
}

/** Runs an action, says how it went, and refreshes the figures. */
async function act(ctx: ViewContext, what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
    ctx.notify('success', `${what}: done.`);
  } catch (e) {
    ctx.notify('error', `${what} failed: ${(e as Error).message}`);
  }
  await ctx.refresh();
}

export function summary(o: Json): HTMLElement {
  const pending = o.consumers.reduce((n: number, c: Json) => n + c.pending, 0);
  const lag = Math.max(0, ...o.consumers.map((c: Json) => c.lagSeconds));
  const running = (o.jobs.byStatus.running ?? 0) + (o.jobs.byStatus.queued ?? 0);
  return h('div', { class: 'tiles', role: 'group', 'aria-label': 'At a glance' },
    tile('Pending changes', fmt(pending), 'pending-total', pending ? 'warning' : 'success'),
    tile('Largest lag', o.consumers.length ? duration(lag) : '—', 'lag-max', lag > 3600 ? 'danger' : undefined),
    tile('Parked failures', fmt(o.failures.parked), 'parked-total', o.failures.parked ? 'danger' : 'success'),
    tile('Jobs running or queued', fmt(running), 'jobs-active'),
    tile('Dead letters', fmt(o.webhooks.dead), 'dead-total', o.webhooks.dead ? 'danger' : 'success'));
}

export function activity(o: Json): HTMLElement {
  return card('activity', 'Activity in the last hour', activityChart(o.activity));
}

export function changes(o: Json): HTMLElement {
  const heads = h('p', { class: 'subtle' }, ...o.entities.map((e: Json) => `${ENTITY_LABEL[e.entity]}: latest change ${when(e.lastChangeAt)} (position ${fmt(e.headSeq)}). `));
  const rows = o.consumers.map((c: Json) => [
    h('td', { 'data-consumer': c.consumer, 'data-entity': c.entity }, c.consumer),
    ENTITY_LABEL[c.entity],
    h('td', { 'data-figure': `pending:${c.entity}:${c.consumer}`, class: 'num' }, fmt(c.pending)),
    h('td', { class: 'num' }, fmt(c.retrying)),
    h('td', { class: 'num', 'data-figure': `parked:${c.entity}:${c.consumer}` }, fmt(c.parked)),
    c.oldestPendingAt ? `${duration(c.lagSeconds)} (since ${when(c.oldestPendingAt)})` : badge('Up to date', 'success'),
    when(c.lastAcknowledgedAt),
  ]);
  return card('changes', 'Changes per consumer', heads,
    table('Change-feed consumers', ['Consumer', 'Records', 'Pending', 'Retrying', 'Parked', 'Lag (oldest unacknowledged)', 'Last acknowledgement'], rows,
      'No consumer has read a change feed yet. Flows and changes-mode jobs appear here once they read.'));
}

export function failures(ctx: ViewContext, list: Json[]): HTMLElement {
  const rows = list.map((f: Json) => [
    h('td', { 'data-failure': f.id }, f.key), ENTITY_LABEL[f.entity], f.consumer, h('td', { class: 'num' }, f.attempts),
    h('td', { class: 'error-text' }, f.lastError), when(f.lastFailedAt),
    button('Retry', () => void act(ctx, `Retry ${f.key}`, () => ctx.api.post(`/console/api/failures/${encodeURIComponent(f.id)}/retry`)),
      { ariaLabel: `Retry ${f.key}`, disabled: !ctx.canChange, test: `retry-${f.id}` }),
  ]);
  const all = button('Retry all', () => void act(ctx, 'Retry all parked failures', () => ctx.api.post('/console/api/failures/retry', {})),
    { appearance: 'primary', disabled: !ctx.canChange || !list.length, test: 'retry-all' });
  return card('failures', 'Parked failures',
    h('div', { class: 'toolbar' }, h('span', { class: 'subtle' }, 'Records past the attempt limit wait here; a retry puts them back in their feed.'), all),
    table('Parked failures', ['Key', 'Records', 'Consumer', 'Attempts', 'Error and hint', 'Last failed', ''], rows, 'No parked failures.', { 'data-list': 'failures' }));
}

const JOB_COLORS: Record<string, 'success' | 'danger' | 'warning' | 'informative' | 'brand' | 'subtle'> = {
  queued: 'informative', running: 'brand', succeeded: 'success', completed_with_errors: 'warning', failed: 'danger', cancelled: 'subtle',
};

export function jobs(ctx: ViewContext, o: Json): HTMLElement {
  const start = (entity: string, mode: string) => () =>
    void act(ctx, `Start ${mode} sync of ${ENTITY_LABEL[entity]!.toLowerCase()}`, () => ctx.api.post('/console/api/jobs', { entity, mode }));
  const toolbar = h('div', { class: 'toolbar' }, ...['assets', 'purchaseOrders'].flatMap((entity) => ['changes', 'full'].map((mode) =>
    button(`${mode === 'full' ? 'Full sync' : 'Sync changes'}: ${ENTITY_LABEL[entity]!.toLowerCase()}`, start(entity, mode),
      { appearance: mode === 'changes' ? 'primary' : 'secondary', disabled: !ctx.canChange, test: `start-${entity}-${mode}` }))));
  const rows = o.jobs.recent.map((j: Json) => {
    const done = j.written + j.deleted + j.failed;
    const rate = j.durationSeconds ? done / j.durationSeconds : 0;
    const active = j.status === 'queued' || j.status === 'running';
    const eta = active && rate > 0 ? duration((j.total - done) / rate) : '—';
    return [
      h('td', { 'data-job': j.id }, `${ENTITY_LABEL[j.entity]} · ${j.mode}`),
      h('td', {}, badge(j.status.replaceAll('_', ' '), JOB_COLORS[j.status] ?? 'subtle'), j.cancelRequested && active ? ' stopping…' : ''),
      h('td', { class: 'progress-cell' },
        h('fluent-progress-bar', { value: j.percentComplete, max: 100, 'aria-label': `Job ${j.id} progress`, ...(j.status === 'failed' ? { 'validation-state': 'error' } : {}) }),
        h('span', { class: 'subtle' }, `${j.percentComplete}% · ${fmt(done)} of ${fmt(j.total)}`)),
      h('td', { class: 'num' }, `${fmt(j.written)} / ${fmt(j.deleted)} / ${fmt(j.failed)}`),
      h('td', { class: 'num' }, rate ? `${fmt(Math.round(rate))}/s` : '—'),
      eta,
      when(j.createdAt),
      active ? button('Cancel', () => void act(ctx, 'Cancel job', () => ctx.api.post(`/console/api/jobs/${encodeURIComponent(j.id)}/cancel`)),
        { ariaLabel: `Cancel job ${j.id}`, disabled: !ctx.canChange || j.cancelRequested, test: `cancel-${j.id}` }) : '',
    ];
  });
  return card('jobs', 'Sync jobs', toolbar,
    table('Sync jobs', ['Job', 'State', 'Progress', 'Written / deleted / failed', 'Throughput', 'ETA', 'Queued', ''], rows, 'No sync jobs yet.', { 'data-list': 'jobs' }));
}

export function webhooks(ctx: ViewContext, o: Json, dead: Json[]): HTMLElement {
  const subs = o.webhooks.subscriptions.map((s: Json) => [
    h('td', { 'data-subscription': s.id }, s.kind === 'assetChanges' ? 'Asset changes' : 'Purchase-order status'),
    s.callbackHost,
    h('td', { class: 'num' }, fmt(s.pending)), h('td', { class: 'num' }, fmt(s.delivered)),
    h('td', { class: 'num', 'data-figure': `dead:${s.id}` }, s.dead ? badge(fmt(s.dead), 'danger') : '0'),
    when(s.lastDeliveredAt), h('td', { class: 'error-text' }, s.lastError ?? '—'),
  ]);
  const letters = dead.map((d: Json) => [
    h('td', { 'data-delivery': d.id }, `#${d.id}`), `${ENTITY_LABEL[d.entity] ?? d.entity} ${d.key}`, d.operation, d.callbackHost,
    h('td', { class: 'num' }, d.attempts), h('td', { class: 'error-text' }, d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : '—')), when(d.createdAt),
    button('Redeliver', () => void act(ctx, `Redeliver #${d.id}`, () => ctx.api.post(`/console/api/webhook-deliveries/${d.id}/redeliver`)),
      { ariaLabel: `Redeliver delivery ${d.id}`, disabled: !ctx.canChange, test: `redeliver-${d.id}` }),
  ]);
  return card('webhooks', 'Webhooks',
    h('h3', { class: 'sub-title' }, 'Subscriptions'),
    table('Webhook subscriptions', ['Trigger', 'Delivers to', 'Pending', 'Delivered', 'Dead', 'Last delivered', 'Last error'], subs, 'No webhook subscriptions. Flows with a webhook trigger subscribe when they are turned on.'),
    h('h3', { class: 'sub-title' }, 'Dead letters'),
    table('Dead letters', ['Delivery', 'Record', 'Event', 'Delivers to', 'Attempts', 'Last error', 'Created', ''], letters, 'No dead letters.', { 'data-list': 'dead' }));
}

export function dynamics(ctx: ViewContext): HTMLElement {
  const result = h('div', { role: 'status', 'aria-live': 'polite', 'data-result': 'dynamics' });
  const run = async () => {
    fill(result, h('fluent-spinner', { size: 'tiny', 'aria-label': 'Checking' }), ' Getting a token and calling WhoAmI…');
    try {
      const c = await ctx.api.post<Json>('/console/api/dynamics/check');
      if (c.ok) {
        fill(result, h('fluent-message-bar', { intent: 'success', 'data-outcome': 'ok' },
          `Connected to ${c.environmentUrl} in ${c.durationMs} ms: token issued, WhoAmI answered user ${c.userId} of organization ${c.organizationId}.`));
      } else {
        fill(result, h('fluent-message-bar', { intent: 'error', 'data-outcome': 'failed', layout: 'multiline' },
          h('strong', {}, c.token === 'failed' ? 'No token from Entra ID. ' : c.token === 'skipped' ? 'Not configured. ' : 'Token issued, WhoAmI failed. '),
          `${c.message ?? ''} `, h('span', { class: 'hint', 'data-hint': '' }, c.hint ?? '')));
      }
    } catch (e) {
      fill(result, h('fluent-message-bar', { intent: 'error' }, `The check could not run: ${(e as Error).message}`));
    }
  };
  return card('dynamics', 'Dynamics 365 connection',
    h('div', { class: 'toolbar' }, h('span', { class: 'subtle' }, 'Gets a token from Entra ID with the DYNAMICS_* settings and calls WhoAmI.'),
      button('Check connection', () => void run(), { appearance: 'primary', test: 'check-dynamics' })),
    result);
}

const ARROW: Record<string, string> = { 'to-dynamics': '→', 'from-dynamics': '←', 'both-ways': '⇄' };
const FLOW: Record<string, string> = { 'to-dynamics': 'CMMS to Dynamics', 'from-dynamics': 'Dynamics to CMMS', 'both-ways': 'Both ways, newest wins' };
const OWNER: Record<string, string> = { cmms: 'CMMS', dynamics: 'Dynamics 365', both: 'Both' };

/** The mapping in force: each CMMS field, the way its values flow, its Dynamics column and its owner. */
export function mapping(m: Json): HTMLElement {
  const entities: [string, string][] = [['assets', 'Assets'], ['purchaseOrders', 'Purchase orders']];
  const groups = entities.map(([entity, label]) => h('div', { class: 'settings-group' },
    h('h3', { class: 'sub-title' }, label),
    table(`${label}: direction of each column`, ['CMMS field', 'Direction', 'Dynamics column', 'Owner'],
      m.columns.filter((c: Json) => c.entity === entity).map((c: Json) => [
        h('td', { class: 'mono' }, c.field),
        h('td', { 'data-direction': `${entity}.${c.field}`, 'aria-label': FLOW[c.direction] }, `${ARROW[c.direction]} ${FLOW[c.direction]}`),
        h('td', { class: 'mono' }, c.column),
        h('td', {}, OWNER[c.owner]),
      ]), '')));
  return card('mapping', `Column mapping (${m.name})`,
    h('p', { class: 'subtle' }, 'A column Dynamics owns is never written to Dynamics and comes back from it; the CMMS refuses changes to it.'),
    h('div', { class: 'settings-grid' }, ...groups));
}

const SECTION_LABEL: Record<string, string> = {
  server: 'Server', db: 'Database', auth: 'Sign-in', sync: 'Sync', webhooks: 'Webhooks', dynamics: 'Dynamics 365',
  observability: 'Metrics and Azure Monitor', console: 'Console',
};

export function settings(list: Json[]): HTMLElement {
  const sections = new Map<string, Json[]>();
  for (const s of list) {
    const [section] = s.name.split('.');
    sections.set(section, [...(sections.get(section) ?? []), s]);
  }
  const groups = [...sections].map(([section, items]) => h('div', { class: 'settings-group' },
    h('h3', { class: 'sub-title' }, SECTION_LABEL[section] ?? section),
    table(`${SECTION_LABEL[section] ?? section} settings`, ['Setting', 'Value'],
      items.map((s: Json) => [h('td', { class: 'mono' }, s.name.slice(section.length + 1)), h('td', { class: s.secret ? 'mono secret' : 'mono', 'data-setting': s.name }, s.value)]), '')));
  return card('settings', 'Effective settings', h('p', { class: 'subtle' }, 'Secrets show only whether they are set.'),
    h('div', { class: 'settings-grid' }, ...groups));
}
