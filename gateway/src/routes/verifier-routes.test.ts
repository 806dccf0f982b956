import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import Fastify from 'fastify';
import type { NetworkVerificationOptions, VerificationReport } from '@sme-credit-ledger/verifier';
import { ApiError, PROBLEM_TABLE, problemType } from '../errors/problem';
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

async function appWith(
  calls: NetworkVerificationOptions[],
  verified: Promise<{ report: VerificationReport }> = Promise.resolve({ report }),
) {
  const app = Fastify();
  // As app.ts answers every ApiError: the problem details of the code's row in the table.
  app.setErrorHandler((error, _request, reply) =>
    error instanceof ApiError
      ? reply.code(error.status).type('application/problem+json').send(error.toProblem())
      : reply.send(error),
  );
  await app.register(verifierRoutes, {
    profilePath: '/profile.json',
    checkpointDir: '/checkpoints',
    verify: (options) => {
      calls.push(options);
      return verified;
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

  it('refuses a second run while one runs, with a problem from the common error table', async () => {
    let finish: (value: { report: VerificationReport }) => void = () => undefined;
    const running = new Promise<{ report: VerificationReport }>((resolve) => (finish = resolve));
    const calls: NetworkVerificationOptions[] = [];
    const app = await appWith(calls, running);
    const first = app.inject({ method: 'POST', url: '/v1/audit/ledger-verifications', payload: {} });
    while (calls.length === 0) await new Promise((resolve) => setImmediate(resolve));

    const second = await app.inject({ method: 'POST', url: '/v1/audit/ledger-verifications', payload: {} });
    finish({ report });

    assert.equal(second.statusCode, 409);
    assert.equal(second.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.deepEqual(second.json(), {
      type: problemType('VERIFICATION_RUNNING'),
      title: PROBLEM_TABLE.VERIFICATION_RUNNING.title,
      status: 409,
      code: 'VERIFICATION_RUNNING',
      detail: 'a ledger verification is already running; retry when it ends',
    });
    assert.equal((await first).statusCode, 200);
    assert.equal(calls.length, 1);
  });
});
