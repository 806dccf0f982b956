import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from '@jest/globals';
import { bulkAttest } from './bulk-attest';
import { LedgerApiError, type LedgerClient } from '@sme-credit-ledger/client';

const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

interface Item {
  uscc: string;
  category: string;
}

/**
 * Stands in for the gateway's batch endpoint with its idempotency: a key seen before answers the receipts
 * it answered then and records nothing. `crashAfter` batches in, it answers 401, which ends the run the way
 * a crash would (the CLI stops at once). Counts what the ledger would hold.
 */
function fakeGateway(options: { crashAfter?: number } = {}) {
  const answered = new Map<string, unknown>();
  const keys: string[] = [];
  let recorded = 0;
  const client = {
    POST: (_path: string, init: { params: { header: Record<string, string> }; body: { items: Item[] } }) => {
      const key = init.params.header['idempotency-key'] ?? '';
      keys.push(key);
      if (options.crashAfter !== undefined && answered.size >= options.crashAfter) {
        const error = { code: 'UNAUTHENTICATED', detail: 'crash' };
        return Promise.resolve({ error, response: new Response(null, { status: 401 }) });
      }
      let answer = answered.get(key);
      if (answer === undefined) {
        answer = {
          attestations: init.body.items.map((item) => ({
            ...item,
            version: 1,
            hash: `h${++recorded}`,
            salt: `s${recorded}`,
          })),
          txId: `tx-${key}`,
        };
        answered.set(key, answer);
      }
      return Promise.resolve({ data: answer, response: new Response(null, { status: 200 }) });
    },
  } as unknown as LedgerClient;
  return { client, keys, answered, recorded: () => recorded };
}

function records(dir: string, count: number): string {
  const file = path.join(dir, 'records.jsonl');
  const lines = Array.from(
    { length: count },
    (_, index) =>
      `{"uscc":"91441300MA4UQ7R20Q","category":"TAX_PAYMENT","effectiveDate":"2026-01-01","record":{"n":${index}}}`,
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const run = (client: LedgerClient, file: string, receiptsFile: string) =>
  bulkAttest(client, { file, batchSize: 2, concurrency: 1, receiptsFile, out: quiet });

describe('bulk attestation after a crash', () => {
  it('resumes from the receipts it synced, sending only the batches not answered before', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bulk-resume-'));
    const file = records(dir, 7);
    const receipts = path.join(dir, 'receipts.jsonl');
    const first = fakeGateway({ crashAfter: 2 });

    await assert.rejects(run(first.client, file, receipts), LedgerApiError);
    assert.equal(first.answered.size, 2);
    assert.ok(existsSync(`${receipts}.partial`), 'the answered batches are journaled');

    // The same ledger (its idempotency record) serves the second run, which the crash no longer stops.
    const healthy = fakeGateway();
    for (const [key, value] of first.answered) healthy.answered.set(key, value);

    await run(healthy.client, file, receipts);

    const keyOf = (batch: number) => first.keys[0]?.replace(/-0$/, `-${batch}`);
    assert.deepEqual(healthy.keys, [keyOf(2), keyOf(3)], 'batches 0 and 1 were not sent again');
    assert.equal(healthy.recorded(), 3, 'the last 3 records, each once');
    const lines = readFileSync(receipts, 'utf8').trim().split('\n');
    assert.deepEqual(
      lines.map((line) => (JSON.parse(line) as { line: number }).line),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.equal(
      existsSync(`${receipts}.partial`),
      false,
      'the journal is gone once the receipts are written',
    );
  });

  it('sends a batch again under its own key when its receipts were cut off mid-write', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bulk-resume-'));
    const file = records(dir, 4);
    const receipts = path.join(dir, 'receipts.jsonl');
    const gateway = fakeGateway({ crashAfter: 1 });
    await assert.rejects(run(gateway.client, file, receipts), LedgerApiError);
    const journal = `${receipts}.partial`;
    const [whole] = readFileSync(journal, 'utf8').trim().split('\n');
    // The first batch's second receipt lost to the crash: only half of its last line reached the disk.
    writeFileSync(journal, `${whole}\n`);
    appendFileSync(journal, '{"fileId":"x","li');
    const healthy = fakeGateway();
    for (const [key, value] of gateway.answered) healthy.answered.set(key, value);

    await run(healthy.client, file, receipts);

    assert.equal(healthy.keys[0], gateway.keys[0], 'the cut-off batch keeps its idempotency key');
    assert.equal(healthy.recorded(), 2, 'only the two records of the batch never answered are new');
    const lines = readFileSync(receipts, 'utf8').trim().split('\n');
    assert.equal(lines.length, 4);
  });
});
