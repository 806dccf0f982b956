import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from '@jest/globals';
import { FakeLedger } from '../testing/fake-ledger';
import { appWith, auth } from '../testing/test-app';

/** Blocks recorded from the live network (verifier fixtures): a config genesis, then blocks 34-37. */
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/verifier');
const VALID_TX = '57e0e4425521d2272fb84718d5a2bed231dd06ffd0a18b10c833a184721d82a6';
/** Endorsed by Bank1MSP only: the peers flagged it ENDORSEMENT_POLICY_FAILURE. */
const INVALID_TX = '5f4d9b6a9e962b1dc4cf62e2da37dceb6ad01349e3a15963de5ea54e488ca1f1';
/** The fixture transactions' only argument: it must never appear in an answer. */
const ARGUMENT = 'fixture-1796202265252';

function ledgerWithBlocks(): FakeLedger {
  const ledger = new FakeLedger();
  ledger.blocks.set(0n, readFileSync(path.join(FIXTURES, 'genesis.block')));
  for (const number of [34, 35, 36, 37]) {
    ledger.blocks.set(BigInt(number), readFileSync(path.join(FIXTURES, `block-${number}.block`)));
  }
  return ledger;
}

async function get(url: string, who: Parameters<typeof auth>[0] = 'auditor', ledger = ledgerWithBlocks()) {
  const app = await appWith(ledger, {
    network: { channel: 'credit', orderers: [] },
  });
  const response = await app.inject({ method: 'GET', url, headers: auth(who) });
  return { response, ledger };
}

describe('block explorer routes', () => {
  it('lists blocks newest first with a link to the next page', async () => {
    const { response } = await get('/v1/blocks?limit=3');
    assert.equal(response.statusCode, 200);
    const page = response.json<{ height: string; blocks: { number: string }[]; next: string }>();
    assert.equal(page.height, '38');
    assert.deepEqual(
      page.blocks.map((block) => block.number),
      ['37', '36', '35'],
    );
    assert.equal(page.next, '34');
  });

  it('pages down from a given block, and clamps a start above the height to the newest block', async () => {
    const older = await get('/v1/blocks?from=35&limit=2');
    assert.deepEqual(
      older.response.json<{ blocks: { number: string }[] }>().blocks.map((block) => block.number),
      ['35', '34'],
    );
    assert.equal(older.response.json<{ next?: string }>().next, '33');
    const above = await get('/v1/blocks?from=9999999999999999999&limit=1');
    assert.equal(above.response.json<{ blocks: { number: string }[] }>().blocks[0]?.number, '37');
    const genesis = await get('/v1/blocks?from=0');
    const last = genesis.response.json<{ blocks: { number: string }[]; next?: string }>();
    assert.deepEqual(
      last.blocks.map((block) => block.number),
      ['0'],
    );
    assert.equal(last.next, undefined, 'no page below the genesis block');
  });

  it('shows a block with each transaction’s validation code, creator and endorsers', async () => {
    const { response } = await get('/v1/blocks/36');
    assert.equal(response.statusCode, 200);
    const block = response.json<{ validTransactions: number; transactions: Record<string, unknown>[] }>();
    assert.equal(block.validTransactions, 0);
    assert.deepEqual(block.transactions[0], {
      txId: INVALID_TX,
      blockNumber: '36',
      index: 0,
      type: 'ENDORSER_TRANSACTION',
      validationCode: 'ENDORSEMENT_POLICY_FAILURE',
      timestamp: '2026-12-02T09:04:25.564Z',
      creator: { mspId: 'Bank1MSP', role: 'client' },
      endorsers: [{ mspId: 'Bank1MSP' }],
      chaincode: 'credit',
      function: 'health:RecordHeartbeat',
    });
  });

  it('finds a transaction by id with its block, and shows none of its payload', async () => {
    const { response } = await get(`/v1/transactions/${VALID_TX}`);
    assert.equal(response.statusCode, 200);
    const transaction = response.json<Record<string, unknown>>();
    assert.equal(transaction.blockNumber, '34');
    assert.equal(transaction.validationCode, 'VALID');
    assert.deepEqual(transaction.endorsers, [{ mspId: 'GovMSP' }]);
    assert.ok(!response.body.includes(ARGUMENT), 'arguments are not shown');
    const blocks = await get('/v1/blocks?limit=20');
    assert.ok(!blocks.response.body.includes(ARGUMENT));
  });

  it('answers 404 for a transaction no block holds and for a block above the height', async () => {
    const unknownTx = await get(`/v1/transactions/${'ab'.repeat(32)}`);
    assert.equal(unknownTx.response.statusCode, 404);
    assert.equal(unknownTx.response.json<{ code: string }>().code, 'NOT_FOUND');
    const aboveHeight = await get('/v1/blocks/9999999999999999999');
    assert.equal(aboveHeight.response.statusCode, 404);
    assert.equal(aboveHeight.response.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  for (const url of [
    '/v1/blocks/abc',
    '/v1/blocks/-1',
    '/v1/blocks/012',
    '/v1/blocks/18446744073709551616',
    '/v1/blocks?from=1e3',
    '/v1/blocks?limit=21',
    '/v1/blocks?limit=0',
    '/v1/blocks?other=1',
    `/v1/transactions/${'AB'.repeat(32)}`,
    '/v1/transactions/short',
  ]) {
    it(`refuses the malformed or oversized request ${url} without reading the ledger`, async () => {
      const { response, ledger } = await get(url);
      assert.equal(response.statusCode, 400);
      assert.equal(response.json<{ code: string }>().code, 'VALIDATION_FAILED');
      assert.deepEqual(ledger.channelQueries, []);
    });
  }

  for (const who of ['bank1', 'shenghua', 'tax'] as const) {
    for (const url of ['/v1/blocks', '/v1/blocks/34', `/v1/transactions/${VALID_TX}`, '/v1/network/health']) {
      it(`refuses ${url} to a ${who} token`, async () => {
        const { response, ledger } = await get(url, who);
        assert.equal(response.statusCode, 403);
        assert.equal(response.json<{ code: string }>().code, 'FORBIDDEN');
        assert.deepEqual(ledger.channelQueries, []);
      });
    }
  }

  for (const url of ['/v1/blocks', '/v1/blocks/37', `/v1/transactions/${VALID_TX}`]) {
    it(`refuses ${url} to an operator token: operators read nothing of the ledger`, async () => {
      const { response, ledger } = await get(url, 'operator');
      assert.equal(response.statusCode, 403);
      assert.deepEqual(ledger.channelQueries, []);
    });
  }

  it('signs an auditor’s queries as that auditor', async () => {
    const { ledger } = await get('/v1/blocks/37');
    assert.equal(ledger.channelQueries[0]?.identity, 'auditor/auditor');
  });
});

describe('GET /v1/network/health', () => {
  it('reports each peer’s height, and a peer that does not answer without one', async () => {
    const ledger = ledgerWithBlocks();
    ledger.downPeers.add('gov');
    const { response } = await get('/v1/network/health', 'auditor', ledger);
    assert.equal(response.statusCode, 200);
    const health = response.json<{ peers: { org: string; height?: string }[]; leader?: string }>();
    assert.deepEqual(
      health.peers.map((peer) => [peer.org, peer.height]),
      [['gov', undefined]],
    );
    assert.equal(health.leader, undefined, 'no orderer configured, no leader claimed');
  });

  it('answers operator tokens, querying as the service', async () => {
    const { response, ledger } = await get('/v1/network/health', 'operator');
    assert.equal(response.statusCode, 200);
    assert.equal(response.json<{ peers: { height?: string }[] }>().peers[0]?.height, '38');
    assert.deepEqual(
      ledger.channelQueries.map((query) => [query.function, query.identity, query.peerOrg]),
      [['GetChainInfo', undefined, 'gov']],
    );
  });
});
