import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { LIMITS, type AttestationView, type ObjectionResponse } from '@sme-credit-ledger/contract';
import { KEY_PREFIXES } from '../ledger/keys';
import { attest, IDS, seededNetwork, USCC, type FakeNetwork } from '../testing/fake-network';

let counter = 0;
const rid = (): string => `objlim-${String((counter += 1)).padStart(6, '0')}`;
const target = { uscc: USCC.shenghua, category: 'TAX_PAYMENT' };

async function raise(network: FakeNetwork): Promise<string> {
  const raised = await network.submit<ObjectionResponse>(IDS.shenghua, 'objection:RaiseObjection', {
    requestId: rid(),
    ...target,
    reason: 'amount is wrong',
    evidenceHash: 'c'.repeat(64),
  });
  return raised.objection.objectionId;
}

function resolve(network: FakeNetwork, objectionId: string): Promise<unknown> {
  return network.submit(IDS.tax, 'objection:ResolveObjection', {
    requestId: rid(),
    objectionId,
    outcome: 'rejected',
    reason: 'matches our books',
  });
}

const view = (network: FakeNetwork) =>
  network.evaluate<AttestationView>(IDS.auditor, 'attestation:GetAttestation', target);

function headOf(network: FakeNetwork): [string, Record<string, unknown>] {
  const key = [...network.world.state.keys()].find((k) =>
    k.startsWith(`\u0000${KEY_PREFIXES.attestationHead}\u0000${target.uscc}\u0000`),
  );
  assert.ok(key !== undefined);
  return [key, JSON.parse(network.world.state.get(key) ?? '{}') as Record<string, unknown>];
}

describe('open objections per attested record', () => {
  it(`refuses objection ${LIMITS.maxOpenObjectionsPerRecord + 1} with LIMIT_EXCEEDED and writes nothing`, async () => {
    const network = await seededNetwork();
    await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { paidCny: 1 });
    for (let i = 0; i < LIMITS.maxOpenObjectionsPerRecord; i += 1) await raise(network);
    const before = network.snapshot();
    await assert.rejects(raise(network), /^Error: LIMIT_EXCEEDED: .*at most \d+ open objections/);
    assert.equal(network.snapshot(), before);
  });

  it('accepts a new objection once one is resolved', async () => {
    const network = await seededNetwork();
    await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { paidCny: 1 });
    const ids = [];
    for (let i = 0; i < LIMITS.maxOpenObjectionsPerRecord; i += 1) ids.push(await raise(network));
    await resolve(network, ids[0] ?? '');
    await raise(network);
    assert.equal((await view(network)).openObjectionIds.length, LIMITS.maxOpenObjectionsPerRecord);
  });

  it('keeps each open objection id under its own key and only a count in the head', async () => {
    const network = await seededNetwork();
    await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { paidCny: 1 });
    const first = await raise(network);
    const second = await raise(network);
    const [, head] = headOf(network);
    assert.equal(head.openObjectionIds, undefined);
    assert.equal(head.openObjectionCount, 2);
    const openKeys = [...network.world.state.keys()].filter((k) =>
      k.startsWith(`\u0000${KEY_PREFIXES.openObjection}\u0000`),
    );
    assert.equal(openKeys.length, 2);
    assert.deepEqual((await view(network)).openObjectionIds, [first, second].sort());
    await resolve(network, first);
    assert.deepEqual((await view(network)).openObjectionIds, [second]);
    assert.equal(headOf(network)[1].openObjectionCount, 1);
  });

  it('still shows and resolves the ids a head written before this change holds in its list', async () => {
    const network = await seededNetwork();
    await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { paidCny: 1 });
    const legacyId = await raise(network);
    const [key, head] = headOf(network);
    for (const k of [...network.world.state.keys()]) {
      if (k.startsWith(`\u0000${KEY_PREFIXES.openObjection}\u0000`)) network.world.state.delete(k);
    }
    const { openObjectionCount, ...rest } = head;
    assert.equal(openObjectionCount, 1);
    network.world.state.set(key, JSON.stringify({ ...rest, openObjectionIds: [legacyId] }));
    assert.deepEqual((await view(network)).openObjectionIds, [legacyId]);
    const newer = await raise(network);
    assert.deepEqual((await view(network)).openObjectionIds, [legacyId, newer].sort());
    await resolve(network, legacyId);
    assert.deepEqual((await view(network)).openObjectionIds, [newer]);
    assert.equal((await view(network)).disputed, true);
    await resolve(network, newer);
    assert.equal((await view(network)).disputed, false);
  });
});
