/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * A few DOM helpers for the console: elements are built with textContent, never innerHTML, so
 * nothing from the API (record keys, error texts) can become markup.
 */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces an element's content. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

const number = new Intl.NumberFormat('en-US');
export const fmt = (n: number): string => number.format(n);

/** "3 min", "2 h 5 min": how long ago or how long for, in words an operator reads at a glance. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60 ? `${s % 60} s` : ''}`.trim();
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString('en-GB', { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export const ENTITY_LABEL: Record<string, string> = { assets: 'Assets', purchaseOrders: 'Purchase orders' };

export function badge(text: string, color: 'success' | 'danger' | 'warning' | 'informative' | 'brand' | 'subtle'): HTMLElement {
  return h('fluent-badge', { appearance: 'tint', color, size: 'medium' }, text);
}

export function button(label: string, onClick: () => void, options: { appearance?: string; ariaLabel?: string; disabled?: boolean; test?: string } = {}): HTMLElement {
  return h('fluent-button', {
    appearance: options.appearance ?? 'secondary',
    size: 'small',
    'aria-label': options.ariaLabel,
    disabled: options.disabled,
    'data-action': options.test,
    onclick: () => onClick(),
  }, label);
}

/** A table with a caption for screen readers; rows are arrays of cells. */
export function table(caption: string, headers: string[], rows: Child[][], empty: string, attrs: Attrs = {}): HTMLElement {
  if (!rows.length) return h('p', { class: 'empty' }, empty);
  return h('table', { class: 'grid', ...attrs },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((c) => (c instanceof HTMLTableCellElement ? c : h('td', {}, c)))))));
}
