import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { ensureNetwork } from './support/network-cli';
import { OrgGateways, orgProfilePath } from './support/org-gateways';
import { peerOrgs, topology } from './support/topology';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(300_000);

// The block explorer and network health routes on the live network, through the auditor's own service:
// real blocks from qscc, real refusals of unknown ids, the orderers' real operations endpoints.
const COMPANY = '91440101MA59AB3N63';

interface Answer<T> {
  status: number;
  body: T;
  text: string;
}

interface Transaction {
  txId: string;
  blockNumber: string;
  validationCode: string;
  creator: { mspId: string; role: string };
  endorsers: { mspId: string }[];
  function?: string;
}

(!existsSync(orgProfilePath('auditor')) ? describe.skip : describe)(
  'block explorer and network health on the live network',
  () => {
    const gateways = new OrgGateways('block-explorer.test');
    let operatorToken = '';

    async function get<T>(who: string, path: string, token?: string): Promise<Answer<T>> {
      const response = await fetch(`${gateways.url(who)}${path}`, {
        headers: { authorization: `Bearer ${token ?? (await gateways.tokenFor(who))}` },
      });
      const text = await response.text();
      return { status: response.status, body: JSON.parse(text) as T, text };
    }

    async function post<T>(who: string, path: string, body: unknown): Promise<Answer<T>> {
      const response = await fetch(`${gateways.url(who)}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await gateways.tokenFor(who)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: JSON.parse(text) as T, text };
    }

    beforeAll(async () => {
      await ensureNetwork();
      await gateways.start(['gov', 'bank1', 'auditor']);
      operatorToken = await gateways.service('auditor').tokens.issueOperator('block-explorer.test');
      assert.equal((await post('gov/catalog-admin', '/v1/catalog/starter', {})).status, 200);
      const registered = await post<{ code?: string }>('gov/samr-officer', '/v1/companies', {
        uscc: COMPANY,
      });
      assert.ok(registered.status === 201 || registered.body.code === 'CONFLICT', registered.text);
    });

    afterAll(() => gateways.close());

    it('shows an attestation’s transaction to the auditor: VALID, endorsed by GovMSP, with none of its payload', async () => {
      const paid = `${100_000 + Math.floor(Math.random() * 900_000)}`;
      const attested = await post<{ attestation: { txId: string; hash: string } }>(
        'gov/tax-officer',
        '/v1/attestations',
        {
          uscc: COMPANY,
          category: 'TAX_PAYMENT',
          effectiveDate: '2026-10-01',
          record: { period: '2026Q3', paidYuan: paid },
        },
      );
      assert.equal(attested.status, 201, attested.text);
      const { txId, hash } = attested.body.attestation;

      const found = await get<Transaction>('auditor/auditor', `/v1/transactions/${txId}`);

      assert.equal(found.status, 200, found.text);
      assert.equal(found.body.validationCode, 'VALID');
      assert.deepEqual(found.body.creator, { mspId: 'GovMSP', role: 'client' });
      assert.ok(found.body.endorsers.some((endorser) => endorser.mspId === 'GovMSP'));
      assert.match(found.body.function ?? '', /^attestation:/);
      for (const secret of [COMPANY, hash, paid]) {
        assert.ok(!found.text.includes(secret), `the answer holds ${secret}`);
      }
      const block = await get<{ transactions: Transaction[] }>(
        'auditor/auditor',
        `/v1/blocks/${found.body.blockNumber}`,
      );
      assert.equal(block.status, 200);
      assert.ok(block.body.transactions.some((transaction) => transaction.txId === txId));
      assert.ok(![COMPANY, hash, paid].some((secret) => block.text.includes(secret)));
    });

    it('lists blocks newest first from the chain’s height', async () => {
      const page = await get<{ height: string; blocks: { number: string }[]; next?: string }>(
        'auditor/auditor',
        '/v1/blocks?limit=3',
      );
      assert.equal(page.status, 200, page.text);
      const top = BigInt(page.body.height) - 1n;
      assert.deepEqual(
        page.body.blocks.map((block) => block.number),
        [top, top - 1n, top - 2n].map(String),
      );
      assert.equal(page.body.next, String(top - 3n));
    });

    it('answers 404 for a transaction id and a block number the peer does not hold', async () => {
      const unknownTx = await get<{ code: string }>('auditor/auditor', `/v1/transactions/${'0f'.repeat(32)}`);
      assert.equal(unknownTx.status, 404, unknownTx.text);
      assert.equal(unknownTx.body.code, 'NOT_FOUND');
      const farBlock = await get<{ code: string }>('auditor/auditor', '/v1/blocks/9999999999999999999');
      assert.equal(farBlock.status, 404, farBlock.text);
      assert.equal(farBlock.body.code, 'NOT_FOUND');
    });

    it('refuses malformed and oversized block numbers and ids with 400', async () => {
      for (const path of [
        '/v1/blocks/abc',
        '/v1/blocks/99999999999999999999',
        '/v1/blocks?limit=1000',
        '/v1/transactions/xyz',
      ]) {
        const refused = await get<{ code: string }>('auditor/auditor', path);
        assert.equal(refused.status, 400, `${path}: ${refused.text}`);
        assert.equal(refused.body.code, 'VALIDATION_FAILED');
      }
    });

    it('refuses blocks and transactions to a bank, a company, a department and an operator token', async () => {
      const bank = await get<{ code: string }>('bank1/officer', '/v1/blocks');
      assert.equal(bank.status, 403, bank.text);
      for (const who of ['gov/sunlux', 'gov/tax-officer']) {
        const refused = await get<{ code: string }>(who, '/v1/blocks?limit=1');
        assert.equal(refused.status, 403, `${who}: ${refused.text}`);
      }
      const operator = await get<{ code: string }>('auditor', '/v1/blocks', operatorToken);
      assert.equal(operator.status, 403, operator.text);
      const health = await get<{ code: string }>('bank1/officer', '/v1/network/health');
      assert.equal(health.status, 403, health.text);
    });

    it('reports every peer’s height and exactly one Raft leader among the orderers', async () => {
      for (const token of [undefined, operatorToken]) {
        const health = await get<{
          leader?: string;
          peers: { org: string; height?: string }[];
          orderers: { name: string; isLeader: boolean; height?: string; clusterSize?: number }[];
        }>('auditor/auditor', '/v1/network/health', token);
        assert.equal(health.status, 200, health.text);
        assert.deepEqual(
          health.body.peers.map((peer) => peer.org).sort(),
          peerOrgs.flatMap((org) => org.peers.map(() => org.key)).sort(),
        );
        for (const peer of health.body.peers) {
          assert.match(peer.height ?? '', /^[1-9][0-9]*$/, `${peer.org} has no height`);
        }
        assert.equal(health.body.orderers.length, topology.ordererOrg.orderers.length);
        assert.equal(health.body.orderers.filter((orderer) => orderer.isLeader).length, 1);
        assert.ok(health.body.orderers.some((orderer) => orderer.name === health.body.leader));
        for (const orderer of health.body.orderers) {
          assert.equal(orderer.clusterSize, topology.ordererOrg.orderers.length);
          assert.match(orderer.height ?? '', /^[1-9][0-9]*$/);
        }
      }
    });
  },
);
