import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from '@jest/globals';
import { drainOutbox, type OutboxEntry, SubmitOutbox } from './submit-outbox';

const id = (n: number): string => n.toString(16).padStart(64, '0');
const entry = (n: number): OutboxEntry => ({ transactionId: id(n), bytes: Buffer.from(`signed ${n}`) });

/** A ledger holding the given transaction ids; a resubmit adds the id (it commits) unless `lost`. */
function ledgerWith(onLedger: string[], options: { lost?: boolean } = {}) {
  const ids = new Set(onLedger);
  const resubmitted: string[] = [];
  return {
    resubmitted,
    ids,
    isOnLedger: (txId: string) => Promise.resolve(ids.has(txId)),
    resubmit: (item: OutboxEntry) => {
      resubmitted.push(item.transactionId);
      if (!options.lost) ids.add(item.transactionId);
      return Promise.resolve(!options.lost);
    },
  };
}

describe('the submit outbox', () => {
  it('keeps signed transactions across a restart (a new outbox on the same folder), owner-only', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'outbox-')), 'outbox');
    await new SubmitOutbox(dir).put(entry(1));
    await new SubmitOutbox(dir).put(entry(2));

    const after = await new SubmitOutbox(dir).entries();

    assert.deepEqual(
      after.map((item) => [item.transactionId, Buffer.from(item.bytes).toString()]),
      [
        [id(1), 'signed 1'],
        [id(2), 'signed 2'],
      ],
    );
    assert.equal(statSync(path.join(dir, `${id(1)}.tx`)).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  it('ignores what a crash left half-written, and names that are no transaction id', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'outbox-'));
    const outbox = new SubmitOutbox(dir);
    await outbox.put(entry(3));
    writeFileSync(path.join(dir, `.${id(4)}.123.tmp`), 'half');
    writeFileSync(path.join(dir, '..%2Fescape.tx'), 'x');

    assert.deepEqual(
      (await outbox.entries()).map((item) => item.transactionId),
      [id(3)],
    );
    await assert.rejects(
      outbox.put({ transactionId: '../x', bytes: Buffer.from('') }),
      /not a transaction id/,
    );
  });

  it('finishes each transaction once: drops those in a block, sends the others again', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'outbox-'));
    const outbox = new SubmitOutbox(dir);
    for (const n of [1, 2, 3]) await outbox.put(entry(n));
    const ledger = ledgerWith([id(2)]);

    const counts = await drainOutbox(outbox, ledger);

    assert.deepEqual(ledger.resubmitted, [id(1), id(3)], 'the committed one is not sent again');
    assert.deepEqual(counts, { finished: 3, resubmitted: 2, left: 0 });
    // readdirSync builds the array in node's own realm; Jest runs this file in a vm context of its own.
    assert.deepEqual([...readdirSync(dir)], []);
    // A second start finds nothing to do: nothing is sent twice.
    assert.deepEqual(await drainOutbox(outbox, ledger), { finished: 0, resubmitted: 0, left: 0 });
    assert.deepEqual(ledger.resubmitted, [id(1), id(3)]);
  });

  it('keeps a transaction that did not reach a block, for the next start', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'outbox-'));
    const outbox = new SubmitOutbox(dir);
    await outbox.put(entry(5));

    const counts = await drainOutbox(outbox, ledgerWith([], { lost: true }));

    assert.deepEqual(counts, { finished: 0, resubmitted: 1, left: 1 });
    assert.deepEqual(
      (await outbox.entries()).map((item) => item.transactionId),
      [id(5)],
    );
  });
});
