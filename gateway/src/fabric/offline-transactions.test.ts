import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, it, afterAll } from '@jest/globals';
import * as grpc from '@grpc/grpc-js';
import { signers } from '@hyperledger/fabric-gateway';
import { ApiError } from '../errors/problem';
import { DEFAULT_DEADLINES } from './fabric-ledger-client';
import { OfflineTransactions } from './offline-transactions';

// Nothing here reaches a peer: preparing a proposal is local, and a refused signature stops before any call.
const client = new grpc.Client('127.0.0.1:1', grpc.credentials.createInsecure());
const caller = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const certificates = {
  check: () => ({
    mspId: 'Bank1MSP',
    credentials: Buffer.from('-----BEGIN CERTIFICATE-----'),
    publicKey: caller.publicKey,
  }),
};
const request = { certificate: 'pem', transaction: 'consent:RequestConsent', args: ['{}'] };

function offline(now: () => number, maxPending = 2): OfflineTransactions {
  return new OfflineTransactions({
    client: () => Promise.resolve(client),
    certificates,
    channel: 'credit',
    chaincode: 'credit',
    endorsingOrganizations: ['GovMSP'],
    deadlines: DEFAULT_DEADLINES,
    limits: { maxPending, maxAgeMs: 60_000, commitWaitMs: 1_000 },
    now,
  });
}

/** A valid ECDSA signature, but by a key other than the certificate's. */
const strangerSignature = (digest: Uint8Array): Uint8Array => sign('sha256', digest, stranger.privateKey);

const problemOf = (code: string, status: number) => (error: unknown) => {
  assert.ok(error instanceof ApiError);
  assert.equal(error.code, code);
  assert.equal(error.status, status);
  return true;
};

describe('OfflineTransactions', () => {
  afterAll(() => client.close());

  it('prepares a proposal whose digest is the SHA-256 a caller signs, for a bounded time', async () => {
    const prepared = await offline(() => 1_000).prepare(request);

    assert.match(prepared.transactionId, /^[0-9a-f]{64}$/);
    assert.equal(prepared.digest.length, 32);
    assert.equal(prepared.expiresAt.getTime(), 61_000);
  });

  it('refuses a read-only transaction, whose answer would sit in a block', async () => {
    await assert.rejects(
      offline(Date.now).prepare({ ...request, transaction: 'access:ReadAuthorizedRecords' }),
      problemOf('BAD_REQUEST', 400),
    );
  });

  it('keeps at most maxPending prepared proposals, and frees the expired ones', async () => {
    let now = 0;
    const flow = offline(() => now, 2);
    await flow.prepare(request);
    await flow.prepare(request);

    await assert.rejects(flow.prepare(request), problemOf('RATE_LIMITED', 429));
    now = 60_001;
    await flow.prepare(request);
  });

  it('refuses a signature by another key before anything is sent, and keeps the proposal for the right one', async () => {
    const flow = offline(Date.now);
    const prepared = await flow.prepare(request);

    await assert.rejects(
      flow.endorse(prepared.transactionId, strangerSignature(prepared.digest)),
      (error: unknown) =>
        problemOf('UNAUTHENTICATED', 401)(error) && (error as ApiError).extra.field === '/signature',
    );
    await assert.rejects(
      flow.endorse(prepared.transactionId, new Uint8Array([1, 2, 3])),
      problemOf('UNAUTHENTICATED', 401),
    );
    await assert.rejects(
      flow.submit(prepared.transactionId, new Uint8Array(70)),
      problemOf('BAD_REQUEST', 400),
    );
  });

  it("lets the certificate's own signature through to the peer (here unreachable: LEDGER_UNAVAILABLE)", async () => {
    const flow = offline(Date.now);
    const prepared = await flow.prepare(request);
    const signature = await signers.newPrivateKeySigner(caller.privateKey)(prepared.digest);

    await assert.rejects(
      flow.endorse(prepared.transactionId, signature),
      problemOf('LEDGER_UNAVAILABLE', 503),
    );
  });

  it('answers NOT_FOUND for an unknown or expired proposal', async () => {
    let now = 0;
    const flow = offline(() => now);
    const prepared = await flow.prepare(request);
    now = 60_001;

    await assert.rejects(
      flow.endorse(prepared.transactionId, new Uint8Array(70)),
      problemOf('NOT_FOUND', 404),
    );
    await assert.rejects(flow.endorse('0'.repeat(64), new Uint8Array(70)), problemOf('NOT_FOUND', 404));
  });
});
