/**
 * The approval process of a purchase requisition:
 *   borrador → pendiente → aprobada | rechazada;  aprobada → ordenada → recibida;
 *   any state that is not final → cancelada.  Final: rechazada, recibida, cancelada.
 */
export const STATUSES = ['borrador', 'pendiente', 'aprobada', 'rechazada', 'ordenada', 'recibida', 'cancelada'] as const;
export type Status = (typeof STATUSES)[number];

export const FINAL: ReadonlySet<Status> = new Set(['rechazada', 'recibida', 'cancelada']);

const FORWARD: Record<Status, Status[]> = {
  borrador: ['pendiente'],
  pendiente: ['aprobada', 'rechazada'],
  aprobada: ['ordenada'],
  rechazada: [],
  ordenada: ['recibida'],
  recibida: [],
  cancelada: [],
};

/** Display names in English, for makers' dropdowns. */
export const STATUS_NAMES: Record<Status, string> = {
  borrador: 'Draft',
  pendiente: 'Pending approval',
  aprobada: 'Approved',
  rechazada: 'Rejected',
  ordenada: 'Ordered',
  recibida: 'Received',
  cancelada: 'Cancelled',
};

export function isStatus(s: unknown): s is Status {
  return typeof s === 'string' && (STATUSES as readonly string[]).includes(s);
}

export function nextStatuses(from: Status): Status[] {
  return FINAL.has(from) ? [] : [...FORWARD[from], 'cancelada'];
}

export function canMove(from: Status, to: Status): boolean {
  return nextStatuses(from).includes(to);
}
