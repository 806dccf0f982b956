import { runGatewayExample } from '@sme-credit-ledger/examples/gateway-sdk';
import { runLegacyExample } from '@sme-credit-ledger/examples/legacy-sdk';
import { buildUscc, invocationName } from '@sme-credit-ledger/contract';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, beforeAll, afterAll } from '@jest/globals';
import { parse } from 'yaml';
import { LedgerCaller } from './support/ledger-caller';
import { dataDirectory, ensureNetwork, type TestProfile } from './support/network-cli';

/**
 * The artefacts every Fabric network hands out (a common connection profile per organization and a
 * fabric-network wallet) are enough for a bank's or department's existing client: both SDKs' examples run
 * from them alone, against the live network.
 */
describe('example clients from the standard connection profile and wallet', () => {
  let profile: TestProfile;
  let ledger: LedgerCaller;
  const orgDir = (org: string): string => join(dataDirectory(), 'network', 'orgs', org);
  const files = {
    connectionProfile: join(orgDir('gov'), 'connection-gov.json'),
    walletDir: join(orgDir('gov'), 'wallet'),
  };

  async function freshCompany(): Promise<string> {
    const uscc = buildUscc('91440300', randomBytes(4).toString('hex').toUpperCase());
    await ledger.submit('gov/samr-officer', invocationName('company', 'RegisterCompany'), {
      requestId: `ex-${randomUUID()}`,
      uscc,
    });
    return uscc;
  }

  beforeAll(async () => {
    profile = await ensureNetwork();
    ledger = new LedgerCaller(profile);
  });

  afterAll(() => ledger?.close());

  it('writes each organization its profile (JSON and YAML alike) and an owner-only wallet of its own users', () => {
    for (const org of Object.keys(profile.orgs)) {
      const json = JSON.parse(readFileSync(join(orgDir(org), `connection-${org}.json`), 'utf8')) as {
        client: { organization: string };
        peers: Record<string, unknown>;
        orderers: Record<string, unknown>;
      };
      const yaml: unknown = parse(readFileSync(join(orgDir(org), `connection-${org}.yaml`), 'utf8'));
      assert.deepEqual(yaml, json, `${org}: the YAML profile says what the JSON one says`);
      assert.equal(json.client.organization, profile.orgs[org]?.mspId);
      assert.ok(Object.keys(json.peers).length >= 1);
      assert.equal(Object.keys(json.orderers).length, 3);
      const wallet = join(orgDir(org), 'wallet');
      assert.equal(statSync(wallet).mode & 0o077, 0, `${org}: the wallet folder is owner-only`);
      for (const identity of profile.identities.filter((i) => i.org === org)) {
        const entry = join(wallet, `${identity.name}.id`);
        assert.equal(statSync(entry).mode & 0o077, 0, `${entry} is owner-only`);
        const stored = JSON.parse(readFileSync(entry, 'utf8')) as { mspId: string; credentials: object };
        assert.equal(stored.mspId, identity.mspId);
      }
      const others = profile.identities.filter((i) => i.org !== org).map((i) => i.name);
      const foreign = others.filter((name) => {
        try {
          // A name another organization also uses (officer) is fine only when this org enrolled it too.
          statSync(join(wallet, `${name}.id`));
          return !profile.identities.some((i) => i.org === org && i.name === name);
        } catch {
          return false;
        }
      });
      assert.deepEqual(foreign, [], `${org}'s wallet holds no other organization's users`);
    }
  });

  for (const [sdk, run] of [
    ['fabric-network 2.2', runLegacyExample],
    ['@hyperledger/fabric-gateway', runGatewayExample],
  ] as const) {
    it(`${sdk}: a department attests a record and reads the attestation back, verified`, async () => {
      const uscc = await freshCompany();
      const record = { grade: 'B', year: 2025, run: randomUUID() };
      const result = await run(
        { ...files, identity: 'tax-officer', channel: profile.channel, chaincode: profile.chaincode },
        { uscc, category: 'TAX_CREDIT_RATING', schemaVersion: 1, effectiveDate: '2026-01-01', record },
      );
      assert.equal(result.attested.attestation.uscc, uscc);
      assert.equal(result.attested.attestation.department, 'TAX');
      assert.equal(result.read.attestation.txId, result.attested.attestation.txId);
      assert.equal(result.verified, true, 'the salted hash on the ledger matches the record');
    });

    it(`${sdk}: the chaincode's refusal reaches the client with its code`, async () => {
      const uscc = await freshCompany();
      // The tax bureau may not attest a court record.
      await assert.rejects(
        run(
          { ...files, identity: 'tax-officer', channel: profile.channel, chaincode: profile.chaincode },
          {
            uscc,
            category: 'COURT_ENFORCEMENT',
            schemaVersion: 1,
            effectiveDate: '2026-01-01',
            record: { x: 1 },
          },
        ),
        (error: Error) => {
          const text = `${error.message} ${JSON.stringify((error as { details?: unknown }).details ?? '')} ${JSON.stringify((error as { responses?: unknown }).responses ?? '')}`;
          assert.match(text, /NOT_AUTHORIZED/);
          return true;
        },
      );
    });
  }
});
