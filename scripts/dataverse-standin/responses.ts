/** The request and response shapes the Web API operations exchange, and the JSON/empty answers they build. */
import type { Table } from './store.ts';

export interface ApiRequest {
  method: string;
  /** Path below `/api/data/v9.2/`, still URL-encoded, without the query. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface WebApiContext {
  /** `https://127.0.0.1:port/api/data/v9.2/` */
  serviceRoot: string;
  tables: Map<string, Table>;
  /** How long a key created through EntityDefinitions(…)/Keys stays Pending (metadata.ts). */
  keyActivationMs?: number;
}

export const JSON_HEADERS = { 'content-type': 'application/json; odata.metadata=minimal', 'odata-version': '4.0' };

export function errorResponse(status: number, code: string, message: string, extra: Record<string, string> = {}): ApiResponse {
  return { status, headers: { ...JSON_HEADERS, ...extra }, body: JSON.stringify({ error: { code, message } }) };
}

export function json(status: number, value: unknown, extra: Record<string, string> = {}): ApiResponse {
  return { status, headers: { ...JSON_HEADERS, ...extra }, body: JSON.stringify(value) };
}

export function noContent(headers: Record<string, string> = {}): ApiResponse {
  return { status: 204, headers: { 'odata-version': '4.0', ...headers }, body: '' };
}
