/**
 * Failures in the operator's language: each hint names the setting to change or the admin step to
 * take, as the product's troubleshooting table does. Codes and messages come from the Dataverse and
 * Entra ID documentation (reference dataverse-webapi.md §1, §3, §5).
 */
import type { DataverseErrorInit } from './errors.ts';

/** Entra ID AADSTS codes that point at one specific setting. */
const ENTRA_HINTS: ReadonlyArray<[RegExp, string]> = [
  [/AADSTS7000215|AADSTS7000222|invalid client secret|secret.*expired/i,
    'The client secret was rejected: check DYNAMICS_CLIENT_SECRET (the secret value, not its id) and that it has not expired.'],
  [/AADSTS700016|application .* was not found/i,
    'Entra ID does not know this application in this tenant: check DYNAMICS_CLIENT_ID and DYNAMICS_TENANT_ID.'],
  [/AADSTS90002|AADSTS90023|tenant .* not found/i,
    'The tenant was not found: check DYNAMICS_TENANT_ID (directory id) and DYNAMICS_AUTHORITY_HOST (sovereign clouds use their own login host).'],
  [/AADSTS700027|AADSTS700023|AADSTS50027|client assertion|certificate/i,
    'The certificate was rejected: upload its public part to the app registration and check DYNAMICS_CLIENT_CERTIFICATE_PATH (PEM with private key and certificate).'],
  [/AADSTS500011|AADSTS70011|resource principal|invalid_scope/i,
    'The scope was rejected: DYNAMICS_URL must be the environment URL exactly (https://<org>.crm.dynamics.com) so the scope <url>/.default resolves.'],
];

export function hintFor(init: DataverseErrorInit): string {
  const { status, code, message, source, context } = init;
  if (source === 'timeout') {
    const current = context?.timeoutMs ? ` (now ${context.timeoutMs} ms)` : '';
    return `Dataverse did not answer in time${current}: raise DYNAMICS_TIMEOUT_MS, or lower DYNAMICS_BATCH_SIZE so each request does less work.`;
  }
  if (source === 'network') {
    return 'Could not reach the service: check DYNAMICS_URL / DYNAMICS_AUTHORITY_HOST, DNS, proxy and firewall; the request is retried when it is safe to repeat.';
  }
  if (source === 'entra') {
    for (const [pattern, hint] of ENTRA_HINTS) if (pattern.test(`${code} ${message}`)) return hint;
    if (status === 401 || /invalid_client|unauthorized_client/i.test(code)) {
      return 'Entra ID refused the credentials: check DYNAMICS_CLIENT_ID, DYNAMICS_CLIENT_SECRET (or DYNAMICS_CLIENT_CERTIFICATE_PATH) and DYNAMICS_TENANT_ID.';
    }
    return 'Token request failed: check DYNAMICS_TENANT_ID, DYNAMICS_CLIENT_ID, the secret or certificate, and DYNAMICS_AUTHORITY_HOST.';
  }
  if (code === '0x80072560' || /not a member of the organization/i.test(message)) {
    return 'The app has a token but is not an application user in this environment: in the Power Platform admin center add an application user for DYNAMICS_CLIENT_ID and give it a security role.';
  }
  if (status === 401) {
    return 'Dataverse rejected the token: DYNAMICS_URL must be the same environment the app is registered for, DYNAMICS_TENANT_ID the tenant that owns it; an application user must exist for DYNAMICS_CLIENT_ID.';
  }
  if (status === 403) {
    return "The application user lacks a privilege: give its security role create/write on the target table (or check the app's API permission for Dynamics CRM and admin consent).";
  }
  if (code === '0x80060892' || code === '0x80040237' || code === '0x80040333' || /already exists|duplicate/i.test(message)) {
    const key = context?.keyColumn && context.key !== undefined ? ` ${context.keyColumn} = '${context.key}'` : ' this key';
    return `A row with${key} already exists in Dataverse${context?.table ? ` (${context.table})` : ''}: the alternate key must be unique; fix the duplicate in the CMMS or remove the stale row in Dynamics.`;
  }
  if (status === 400 && /key in the request URI is not valid/i.test(message)) {
    const column = context?.keyColumn ? ` on ${context.keyColumn}` : '';
    return `The table has no alternate key${column}: define one in the table's Keys (make.powerapps.com) and wait for it to become Active, or fix the key column in the mapping.`;
  }
  if (code === '0x8006088a' || /Resource not found for the segment/i.test(message)) {
    return 'The table or entity set name is wrong (names are case-sensitive): check the mapping and DYNAMICS_PURCHASE_ORDER_ENTITY_SET.';
  }
  if (/Invalid property|Could not find a property|undeclared property/i.test(message)) {
    return 'A column in the mapping does not exist on the table (names are case-sensitive logical names): fix the mapping or add the column.';
  }
  if (code === '0x8004431A' || /picklist value/i.test(message)) {
    return 'A status or choice value is not one of the column\'s options: fix the option-set values in the mapping.';
  }
  if (status === 429) {
    return 'Dataverse service-protection limits were hit: the sync slows down by itself; lower DYNAMICS_MAX_CONCURRENCY if it keeps happening.';
  }
  if (status === 502 || status === 503 || status === 504) {
    return 'Dataverse is temporarily unavailable; the request is retried (DYNAMICS_MAX_RETRIES).';
  }
  if (status === 413 || code === '0x8004418a') {
    return 'The request is too large: lower DYNAMICS_BATCH_SIZE.';
  }
  return 'See the Dataverse error code and message; the row is reported as failed and retried on the next sync.';
}
