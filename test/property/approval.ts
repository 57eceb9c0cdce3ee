/**
 * The approval process as the spec and README describe it, written out independently of
 * api/src/purchase-orders/status.ts: borrador → pendiente → aprobada | rechazada,
 * aprobada → ordenada → recibida, and any status that is not final → cancelada.
 */
export const NEXT: Record<string, string[]> = {
  borrador: ['pendiente', 'cancelada'],
  pendiente: ['aprobada', 'rechazada', 'cancelada'],
  aprobada: ['ordenada', 'cancelada'],
  ordenada: ['recibida', 'cancelada'],
  rechazada: [],
  recibida: [],
  cancelada: [],
};
