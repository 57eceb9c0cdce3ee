import { afterEach, describe, expect, test } from 'vitest';
import { buildBatch, matchResults, parseBatchResponse } from '../../api/src/dynamics/batch.ts';
import { DataverseError } from '../../api/src/dynamics/index.ts';
import { assetRows, assets, harness, type Harness } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => { await h?.standin.close(); h = undefined; });

const op = (key: string) => ({ method: 'PATCH' as const, url: `https://org.example/api/data/v9.2/msdyn_customerassets(msdyn_assetnumber='${key}')`, body: { msdyn_name: key } });

describe('$batch format', () => {
  test('the body uses CRLF line endings only and ends with the closing delimiter and a CRLF', () => {
    const built = buildBatch([op('A'), op('B'), op('C')], 2);
    expect(built.body).not.toMatch(/[^\r]\n/);
    const boundary = /boundary="([^"]+)"/.exec(built.contentType)![1]!;
    expect(built.body.endsWith(`--${boundary}--\r\n`)).toBe(true);
    expect(built.body.match(/Content-Type: multipart\/mixed; boundary="changeset_/g)).toHaveLength(2);
    expect(built.body).toContain('Content-ID: 3');
    expect(built.body).toContain("PATCH https://org.example/api/data/v9.2/msdyn_customerassets(msdyn_assetnumber='A') HTTP/1.1\r\nContent-Type: application/json; type=entry\r\n\r\n{\"msdyn_name\":\"A\"}");
    expect(built.groups).toEqual([[0, 1], [2]]);
  });

  test('when change-set size is 0, parts are independent and carry no Content-ID', () => {
    const built = buildBatch([op('A'), op('B')], 0);
    expect(built.body).not.toContain('changeset_');
    expect(built.body).not.toContain('Content-ID');
  });

  test('when more than 1000 operations are given, building the batch fails', () => {
    expect(() => buildBatch(Array.from({ length: 1001 }, (_, i) => op(String(i))), 100)).toThrow(/1000/);
  });

  test('parses per-operation results: a change set of 204s with OData-EntityId, then a failed independent part', () => {
    const built = buildBatch([op('A'), op('B'), op('C')], 2);
    // Response shaped as in the Dataverse docs: unquoted change-set boundary, echoed Content-IDs.
    const response = [
      '--batchresponse_1', 'Content-Type: multipart/mixed; boundary=changesetresponse_1', '',
      '--changesetresponse_1', 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', 'Content-ID: 1', '',
      'HTTP/1.1 204 No Content', 'OData-Version: 4.0', 'OData-EntityId: https://org.example/api/data/v9.2/msdyn_customerassets(6d81597f-0f9f-e711-8122-000d3aa2331c)', '', '',
      '--changesetresponse_1', 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', 'Content-ID: 2', '',
      'HTTP/1.1 204 No Content', 'OData-Version: 4.0', '', '',
      '--changesetresponse_1--',
      '--batchresponse_1', 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', '',
      'HTTP/1.1 400 Bad Request', 'Content-Type: application/json; odata.metadata=minimal', '',
      '{"error":{"code":"0x80044331","message":"A validation error occurred."}}',
      '--batchresponse_1--', '',
    ].join('\r\n');
    const parts = parseBatchResponse(response, 'multipart/mixed; boundary=batchresponse_1');
    const results = matchResults(built, parts);
    expect(results.get(0)?.status).toBe(204);
    expect(results.get(0)?.headers['odata-entityid']).toContain('6d81597f');
    expect(results.get(1)?.status).toBe(204);
    expect(results.get(2)?.status).toBe(400);
    expect(results.get(2)?.body).toContain('0x80044331');
  });

  test('a failed change set answered by one application/http part applies to all its operations', () => {
    const built = buildBatch([op('A'), op('B')], 2);
    const response = [
      '--batchresponse_2', 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', '',
      'HTTP/1.1 412 Precondition Failed', 'Content-Type: application/json', '',
      '{"error":{"code":"0x80060892","message":"Entity Key violated"}}',
      '--batchresponse_2--', '',
    ].join('\r\n');
    const results = matchResults(built, parseBatchResponse(response, 'multipart/mixed; boundary="batchresponse_2"'));
    expect(results.get(0)?.wholeChangeSet).toBe(true);
    expect(results.get(1)?.status).toBe(412);
  });
});

describe('$batch against the stand-in', () => {
  test('when a batch body uses LF line endings only, the stand-in rejects it with 0x80048d19 like Dataverse', async () => {
    h = await harness();
    const built = buildBatch([op('A')], 0);
    const lfOnly = built.body.replaceAll('\r\n', '\n');
    const err = (await h.client({ maxRetries: 0 }).request({ method: 'POST', path: '$batch', body: lfOnly, headers: { 'Content-Type': built.contentType } }).catch((e: unknown) => e)) as DataverseError;
    expect(err.status).toBe(400);
    expect(err.code).toBe('0x80048d19');
    expect(err.message).toMatch(/Stream was not readable/);
  });

  test('when one operation of a change set fails, the whole change set is rolled back', async () => {
    h = await harness();
    const root = `${h.standin.url}/api/data/v9.2/`;
    const built = buildBatch([
      { method: 'PATCH', url: `${root}msdyn_customerassets(msdyn_assetnumber='OK-1')`, body: { msdyn_name: 'fine' } },
      { method: 'PATCH', url: `${root}msdyn_customerassets(msdyn_assetnumber='BAD-1')`, body: { msdyn_name: 'x'.repeat(101) } },
    ], 2);
    const res = await h.client().request({ method: 'POST', path: '$batch', body: built.body, headers: { 'Content-Type': built.contentType }, acceptStatus: () => true });
    expect(res.status).toBe(400);
    const parts = parseBatchResponse(res.text, res.headers.get('content-type'));
    expect(parts).toHaveLength(1);
    expect(parts[0]!.body).toContain('0x80044331');
    expect(h.standin.tables.rows('msdyn_customerasset')).toHaveLength(0);
  });

  test('writeRows in batch mode returns one result per row, in order, with row GUIDs and per-row errors', async () => {
    h = await harness();
    const rows = assetRows(250);
    rows[137] = { key: 'A-137', record: { msdyn_name: 'y'.repeat(200) } };
    const results = await h.client({ batchSize: 100 }).writeRows(assets, rows, { mode: 'batch' });
    expect(results.map((r) => r.key)).toEqual(rows.map((r) => r.key));
    const failed = results.filter((r) => !r.ok);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ key: 'A-137', ok: false, error: { code: '0x80044331', status: 400, retryable: false } });
    const ok = results.find((r) => r.key === 'A-5');
    const stored = h.standin.tables.find('msdyn_customerasset', 'msdyn_assetnumber', 'A-5');
    expect(ok).toEqual({ key: 'A-5', ok: true, id: stored?.msdyn_customerassetid });
    expect(h.standin.tables.rows('msdyn_customerasset')).toHaveLength(249);
    // 3 batches, plus one re-send of the rolled-back change set as independent parts.
    expect(h.standin.stats.byKind.batch).toBe(4);
  });

  test('when batches meet 503s and dropped connections, every row still lands exactly once', async () => {
    h = await harness({ faults: { rate503: 0.3, rateDrop: 0.1, seed: 7 } });
    const results = await h.client({ batchSize: 50, maxRetries: 10 }).writeRows(assets, assetRows(500), { mode: 'batch' });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(h.standin.tables.rows('msdyn_customerasset')).toHaveLength(500);
    expect((h.standin.stats.faults['503'] ?? 0) + (h.standin.stats.faults.drop ?? 0)).toBeGreaterThan(0);
  });
});
