/// <reference lib="dom" />
/**
 * The activity chart: changes and webhook deliveries per minute over the last hour, as two bar
 * series in an SVG. Drawn by hand: two series of sixty bars do not need a charting library, and
 * the page must stay small and offline. The figures are also in a hidden table for screen readers.
 */
import { h } from './dom.ts';

const SVG = 'http://www.w3.org/2000/svg';
const W = 720;
const H = 180;
const PAD = { left: 36, right: 8, top: 10, bottom: 24 };

function svg(tag: string, attrs: Record<string, string | number>): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

export function activityChart(activity: { start: string; changes: number[]; deliveries: number[] }): HTMLElement {
  const n = activity.changes.length;
  const max = Math.max(1, ...activity.changes, ...activity.deliveries);
  // At least 0, 1, 2 on the axis, so an idle hour does not print 0, 1, 1.
  const top = niceCeil(Math.max(2, max));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / n;
  const bar = Math.max(1, slot / 2 - 1);
  const total = (a: number[]) => a.reduce((x, y) => x + y, 0);
  const label = `Last hour: ${total(activity.changes)} changes and ${total(activity.deliveries)} webhook deliveries; busiest minute ${max}.`;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, class: 'chart' });
  for (const f of [0, 0.5, 1]) {
    const y = PAD.top + plotH * (1 - f);
    root.appendChild(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, class: 'gridline' }));
    const t = svg('text', { x: PAD.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' });
    t.textContent = String(Math.round(top * f));
    root.appendChild(t);
  }
  activity.changes.forEach((v, i) => {
    const hgt = (v / top) * plotH;
    root.appendChild(svg('rect', { x: PAD.left + i * slot, y: PAD.top + plotH - hgt, width: bar, height: hgt, class: 'bar-changes' }));
  });
  activity.deliveries.forEach((v, i) => {
    const hgt = (v / top) * plotH;
    root.appendChild(svg('rect', { x: PAD.left + i * slot + bar + 1, y: PAD.top + plotH - hgt, width: bar, height: hgt, class: 'bar-deliveries' }));
  });
  const start = new Date(activity.start);
  for (const i of [0, 15, 30, 45, n - 1]) {
    const t = svg('text', { x: PAD.left + i * slot + slot / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis' });
    t.textContent = new Date(start.getTime() + i * 60_000).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
    root.appendChild(t);
  }
  const legend = h('div', { class: 'legend', 'aria-hidden': 'true' },
    h('span', { class: 'key key-changes' }), 'Changes per minute',
    h('span', { class: 'key key-deliveries' }), 'Webhook deliveries per minute');
  const rows = activity.changes.map((c, i) => h('tr', {},
    h('th', { scope: 'row' }, new Date(start.getTime() + i * 60_000).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })),
    h('td', {}, c), h('td', {}, activity.deliveries[i] ?? 0)));
  const data = h('table', { class: 'visually-hidden' }, h('caption', {}, 'Changes and deliveries per minute'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Minute'), h('th', { scope: 'col' }, 'Changes'), h('th', { scope: 'col' }, 'Deliveries'))),
    h('tbody', {}, ...rows));
  const figure = h('figure', { class: 'chart-figure', 'data-figure': 'activity', 'data-changes': total(activity.changes), 'data-deliveries': total(activity.deliveries) });
  figure.append(root, legend, data);
  return figure;
}

function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
