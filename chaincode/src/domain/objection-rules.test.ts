import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { Attestation } from '@sme-credit-ledger/contract';
import type { AttestationHead } from './attestation-rules';
import {
  isDisputed,
  newObjection,
  resolveObjection,
  withOpenObjection,
  withoutOpenObjection,
} from './objection-rules';

const NOW = '2026-11-29T06:00:00.000Z';
const attestation = {
  uscc: '91441300MA4UQ7R20Q',
  category: 'TAX_PAYMENT',
  version: 1,
  department: 'TAX',
  txId: 't1',
} as Attestation;
const head: AttestationHead = {
  uscc: attestation.uscc,
  category: 'TAX_PAYMENT',
  latestVersion: 2,
  openObjectionIds: [],
  erasedThroughVersion: 0,
};
const tax = { role: 'department' as const, mspId: 'GovMSP', dept: 'TAX' };
const objection = newObjection(
  attestation,
  { reason: 'wrong amount', evidenceHash: 'a'.repeat(64) },
  { txId: 'o1', txTime: NOW },
);

describe('objections', () => {
  it('opens against the attested version and marks the record disputed until resolved', () => {
    assert.equal(objection.status, 'open');
    assert.equal(objection.department, 'TAX');
    const disputed = withOpenObjection(head);
    assert.equal(isDisputed(disputed), true);
    assert.equal(isDisputed(withoutOpenObjection(disputed)), false);
  });

  it('is corrected by the attesting department with a newer version', () => {
    const resolved = resolveObjection(
      objection,
      tax,
      { outcome: 'corrected', reason: 'fixed', correctedVersion: 2 },
      head,
      { txId: 'r1', txTime: NOW },
    );
    assert.equal(resolved.status, 'corrected');
    assert.equal(resolved.resolution?.correctedVersion, 2);
  });

  it('refuses a correction without a newer attested version', () => {
    assert.throws(
      () =>
        resolveObjection(objection, tax, { outcome: 'corrected', reason: 'fixed' }, head, {
          txId: 'r1',
          txTime: NOW,
        }),
      /VALIDATION_FAILED: a correction needs correctedVersion/,
    );
    assert.throws(
      () =>
        resolveObjection(objection, tax, { outcome: 'corrected', reason: 'x', correctedVersion: 3 }, head, {
          txId: 'r1',
          txTime: NOW,
        }),
      /VALIDATION_FAILED/,
    );
  });

  it('refuses resolution by another department', () => {
    const court = { ...tax, dept: 'COURT' };
    assert.throws(
      () =>
        resolveObjection(objection, court, { outcome: 'rejected', reason: 'no' }, head, {
          txId: 'r1',
          txTime: NOW,
        }),
      /NOT_AUTHORIZED: objection o1 is for department TAX/,
    );
  });

  it('refuses resolving twice', () => {
    const rejected = resolveObjection(
      objection,
      tax,
      { outcome: 'rejected', reason: 'data is right' },
      head,
      { txId: 'r1', txTime: NOW },
    );
    assert.throws(
      () =>
        resolveObjection(rejected, tax, { outcome: 'rejected', reason: 'again' }, head, {
          txId: 'r2',
          txTime: NOW,
        }),
      /CONFLICT: objection o1 is already rejected/,
    );
  });
});
