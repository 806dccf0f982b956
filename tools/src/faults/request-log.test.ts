import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  computeFigures,
  formatCauses,
  longestGap,
  type LedgerIndex,
  type RequestRecord,
} from './request-log';

const record = (id: string, status: number, extra: Partial<RequestRecord> = {}): RequestRecord => ({
  id,
  kind: 'attest',
  org: 'gov',
  startedAt: 0,
  endedAt: 1000,
  attempts: 1,
  status,
  ...extra,
});

const ledger = (valid: Record<string, number>, conflicts = 0): LedgerIndex => ({
  validByRequest: new Map(Object.entries(valid)),
  validTxIds: new Set(['tx-confidential']),
  conflicts,
  valid: Object.values(valid).reduce((sum, count) => sum + count, 0),
  hashes: new Map(),
});

describe('reconciling a load with the ledger', () => {
  it('counts an accepted request missing from the ledger as lost', () => {
    const figures = computeFigures([record('a', 201), record('b', 201)], ledger({ a: 1 }), {
      from: 0,
      to: 1000,
    });

    assert.equal(figures.accepted, 2);
    assert.equal(figures.committed, 1);
    assert.equal(figures.lost, 1);
  });

  it('finds a confidential request, whose id is not in the block, by the transaction id it was answered with', () => {
    const figures = computeFigures(
      [
        record('g', 201, { kind: 'grant', txId: 'tx-confidential' }),
        record('h', 201, { kind: 'grant', txId: 'tx-gone' }),
      ],
      ledger({}),
      { from: 0, to: 1000 },
    );

    assert.equal(figures.committed, 1);
    assert.equal(figures.lost, 1);
  });

  it('counts a request id carried by two valid transactions as duplicated', () => {
    const figures = computeFigures([record('a', 201)], ledger({ a: 2 }), { from: 0, to: 1000 });

    assert.equal(figures.duplicated, 1);
    assert.equal(figures.lost, 0);
  });

  it('groups failures by status and code, and notes a failure that committed anyway', () => {
    const records = [
      record('a', 503, { code: 'LEDGER_UNAVAILABLE', retryAfter: '1' }),
      record('b', 503, { code: 'LEDGER_UNAVAILABLE' }),
      record('c', 0, { code: 'ECONNREFUSED' }),
      record('d', 500, { code: 'INTERNAL' }),
    ];

    const figures = computeFigures(records, ledger({ c: 1 }), { from: 0, to: 1000 });

    assert.deepEqual(figures.failedByCause, {
      '503 LEDGER_UNAVAILABLE (attest)': 2,
      'no answer ECONNREFUSED (attest)': 1,
      '500 INTERNAL (attest)': 1,
    });
    assert.equal(figures.failedButCommitted, 1);
    assert.equal(figures.internalErrors, 1);
    assert.equal(figures.unavailableWithoutRetryAfter, 1);
    assert.equal(figures.lost, 0);
    assert.equal(
      formatCauses(figures.failedByCause),
      '503 LEDGER_UNAVAILABLE (attest): 2, no answer ECONNREFUSED (attest): 1, 500 INTERNAL (attest): 1',
    );
  });

  it('reports MVCC conflicts as a share of valid transactions and counts client retries', () => {
    const figures = computeFigures([record('a', 201, { attempts: 3 })], ledger({ a: 1, x: 49 }, 1), {
      from: 0,
      to: 1000,
    });

    assert.equal(figures.conflictPercent, 2);
    assert.equal(figures.clientRetries, 2);
  });

  it('measures the longest stretch of the window without an acknowledged commit, edges included', () => {
    assert.equal(longestGap([100, 150, 900], 0, 1000), 750);
    assert.equal(longestGap([], 0, 1000), 1000);
    assert.equal(longestGap([500], 0, 2000), 1500);
  });
});
