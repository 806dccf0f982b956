import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { planAccessSearch } from './access-search';
import { isoToLocal, localToIso, today } from './form';
import { barLengths, findingsByKind } from './report';
import type { AccessRecord } from './types';

const access = (over: Partial<AccessRecord>): AccessRecord => ({
  accessId: 'a',
  bankMspId: 'Bank1MSP',
  uscc: '91440605MA53KJ1C4K',
  categories: ['TAX_PAYMENT'],
  consentId: 'c',
  purpose: 'credit-review',
  outcome: 'granted',
  txId: 't',
  recordedAt: '2026-06-01T00:00:00.000Z',
  ...over,
});

describe('access trail search', () => {
  it('asks the service by company first, then bank, then time, and filters the rest here', () => {
    const plan = planAccessSearch({
      uscc: '91440605MA53KJ1C4K',
      bankMspId: 'Bank2MSP',
      from: '2026-05-01T00:00:00.000Z',
      to: '2026-07-01T00:00:00.000Z',
    });
    assert.deepEqual(plan.query, { uscc: '91440605MA53KJ1C4K' });
    assert.equal(plan.keep(access({ bankMspId: 'Bank2MSP' })), true);
    assert.equal(plan.keep(access({})), false);
    assert.equal(plan.keep(access({ bankMspId: 'Bank2MSP', recordedAt: '2026-07-01T00:00:00.000Z' })), false);

    assert.deepEqual(planAccessSearch({ bankMspId: 'Bank1MSP' }).query, { bankMspId: 'Bank1MSP' });
    const now = new Date('2026-12-02T00:00:00.000Z');
    assert.deepEqual(planAccessSearch({ from: '2026-01-01T00:00:00.000Z' }, now).query, {
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-12-02T00:01:00.000Z',
    });
    assert.deepEqual(planAccessSearch({ uscc: '  ' }, now).query, {
      from: '1970-01-01T00:00:00.000Z',
      to: '2026-12-02T00:01:00.000Z',
    });
  });
});

describe('verification report charts', () => {
  it('counts findings by kind, failures and warnings apart, most frequent first', () => {
    const finding = (code: string) => ({ code, block: 1, message: '' });
    assert.deepEqual(
      findingsByKind({
        failures: [finding('BAD_SIGNATURE'), finding('HASH_CHAIN'), finding('BAD_SIGNATURE')],
        warnings: [finding('UNKNOWN_KEY')],
      }),
      [
        { label: 'BAD_SIGNATURE', value: 2, tone: 'bad' },
        { label: 'HASH_CHAIN', value: 1, tone: 'bad' },
        { label: 'UNKNOWN_KEY', value: 1, tone: 'warn' },
      ],
    );
    assert.deepEqual(findingsByKind({ failures: [], warnings: [] }), []);
  });

  it('scales bars to the largest value', () => {
    assert.deepEqual(barLengths([10, 5, 0], 200), [200, 100, 0]);
    assert.deepEqual(barLengths([0, 0], 200), [0, 0]);
    assert.deepEqual(barLengths([], 200), []);
  });
});

describe('form values', () => {
  it('turns local date-times into instants and back', () => {
    const date = new Date(2026, 11, 2, 9, 5);
    assert.equal(isoToLocal(date), '2026-12-02T09:05');
    assert.equal(localToIso('2026-12-02T09:05'), date.toISOString());
    assert.equal(localToIso('garbage'), 'garbage');
    assert.equal(today(date), '2026-12-02');
  });
});
