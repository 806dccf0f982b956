import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import type { NetworkVerificationOptions, VerificationReport } from '@sme-credit-ledger/verifier';
import { verifierRoutes } from './verifier-routes';

const report: VerificationReport = {
  channel: 'credit',
  source: 'fake',
  fromBlock: 0,
  toBlock: 3,
  incremental: false,
  blocksChecked: 4,
  transactionsChecked: 4,
  validTransactions: 4,
  invalidTransactions: 0,
  signaturesVerified: 11,
  failures: [],
  warnings: [],
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 5,
  ok: true,
};

async function appWith(calls: NetworkVerificationOptions[]) {
  const app = Fastify();
  await app.register(verifierRoutes, {
    profilePath: '/profile.json',
    checkpointDir: '/checkpoints',
    verify: (options) => {
      calls.push(options);
      return Promise.resolve({ report });
    },
  });
  return app;
}

describe('POST /v1/audit/ledger-verifications', () => {
  it('runs the verifier on the chosen peer and answers its report', async () => {
    const calls: NetworkVerificationOptions[] = [];
    const app = await appWith(calls);

    const response = await app.inject({
      method: 'POST',
      url: '/v1/audit/ledger-verifications',
      payload: { peer: 'bank1', compareWith: 'gov', fromGenesis: true },
    });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), report);
    assert.equal(calls[0]?.peer, 'bank1');
    assert.equal(calls[0]?.compareWith, 'gov');
    assert.equal(calls[0]?.fromGenesis, true);
    assert.equal(calls[0]?.checkpointPath, '/checkpoints/ledger-verifier-bank1.json');
  });

  it("defaults to the auditor's own peer", async () => {
    const calls: NetworkVerificationOptions[] = [];
    const app = await appWith(calls);

    const response = await app.inject({ method: 'POST', url: '/v1/audit/ledger-verifications', payload: {} });

    assert.equal(response.statusCode, 200);
    assert.equal(calls[0]?.peer, 'auditor');
  });

  it('refuses an unknown option', async () => {
    const app = await appWith([]);

    const response = await app.inject({
      method: 'POST',
      url: '/v1/audit/ledger-verifications',
      payload: { peer: '../etc' },
    });

    assert.equal(response.statusCode, 400);
  });
});
