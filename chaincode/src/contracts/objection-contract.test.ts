import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { AttestationView, ObjectionResponse } from '@sme-credit-ledger/contract';
import { attest, IDS, seededNetwork, USCC } from '../testing/fake-network';

let counter = 0;
const rid = (): string => `obj-${String((counter += 1)).padStart(6, '0')}`;
const EVIDENCE = 'c'.repeat(64);

async function objected() {
  const network = await seededNetwork();
  await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { paidCny: 1 });
  const raised = await network.submit<ObjectionResponse>(IDS.shenghua, 'objection:RaiseObjection', {
    requestId: rid(),
    uscc: USCC.shenghua,
    category: 'TAX_PAYMENT',
    reason: 'amount is wrong',
    evidenceHash: EVIDENCE,
  });
  return { network, objectionId: raised.objection.objectionId };
}

const view = (network: Awaited<ReturnType<typeof objected>>['network']) =>
  network.evaluate<AttestationView>(IDS.auditor, 'attestation:GetAttestation', {
    uscc: USCC.shenghua,
    category: 'TAX_PAYMENT',
  });

describe('objection contract', () => {
  it('marks the attestation disputed while the objection is open', async () => {
    const { network, objectionId } = await objected();
    assert.deepEqual((await view(network)).openObjectionIds, [objectionId]);
    assert.equal((await view(network)).disputed, true);
  });

  it('lets the attesting department correct it with a newer attestation', async () => {
    const { network, objectionId } = await objected();
    await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { paidCny: 2 });
    const resolved = await network.submit<ObjectionResponse>(IDS.tax, 'objection:ResolveObjection', {
      requestId: rid(),
      objectionId,
      outcome: 'corrected',
      reason: 'fixed',
      correctedVersion: 2,
    });
    assert.equal(resolved.objection.status, 'corrected');
    assert.equal((await view(network)).disputed, false);
  });

  it('lets the attesting department reject it with a reason', async () => {
    const { network, objectionId } = await objected();
    const resolved = await network.submit<ObjectionResponse>(IDS.tax, 'objection:ResolveObjection', {
      requestId: rid(),
      objectionId,
      outcome: 'rejected',
      reason: 'matches our books',
    });
    assert.equal(resolved.objection.resolution?.reason, 'matches our books');
    assert.equal((await view(network)).disputed, false);
  });

  it('refuses resolution by another department or the company', async () => {
    const { network, objectionId } = await objected();
    await assert.rejects(
      network.submit(IDS.court, 'objection:ResolveObjection', {
        requestId: rid(),
        objectionId,
        outcome: 'rejected',
        reason: 'x',
      }),
      /NOT_AUTHORIZED: objection .* is for department TAX/,
    );
    await assert.rejects(
      network.submit(IDS.shenghua, 'objection:ResolveObjection', {
        requestId: rid(),
        objectionId,
        outcome: 'rejected',
        reason: 'x',
      }),
      /NOT_AUTHORIZED/,
    );
  });

  it('refuses objections by another company, without evidence hash, or to a missing attestation', async () => {
    const { network } = await objected();
    const request = {
      requestId: rid(),
      uscc: USCC.shenghua,
      category: 'TAX_PAYMENT',
      reason: 'x',
      evidenceHash: EVIDENCE,
    };
    await assert.rejects(network.submit(IDS.sunlux, 'objection:RaiseObjection', request), /NOT_AUTHORIZED/);
    await assert.rejects(
      network.submit(IDS.shenghua, 'objection:RaiseObjection', {
        ...request,
        requestId: rid(),
        evidenceHash: 'nope',
      }),
      /VALIDATION_FAILED: evidenceHash/,
    );
    await assert.rejects(
      network.submit(IDS.shenghua, 'objection:RaiseObjection', {
        ...request,
        requestId: rid(),
        category: 'PATENTS',
      }),
      /NOT_FOUND/,
    );
  });

  it('shows the objection to the company, the department and auditors only', async () => {
    const { network, objectionId } = await objected();
    for (const identity of [IDS.shenghua, IDS.tax, IDS.auditor]) {
      assert.equal(
        (await network.evaluate<ObjectionResponse>(identity, 'objection:GetObjection', { objectionId }))
          .objection.status,
        'open',
      );
    }
    await assert.rejects(
      network.evaluate(IDS.bank1, 'objection:GetObjection', { objectionId }),
      /NOT_AUTHORIZED/,
    );
  });
});
