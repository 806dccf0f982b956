import { spawn, type ChildProcess } from 'node:child_process';
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { signers } from '@hyperledger/fabric-gateway';
import { common, peer } from '@hyperledger/fabric-protos';
import { confidentialExchange, invocationName } from '@sme-credit-ledger/contract';
import { TokenStore } from '@sme-credit-ledger/gateway/token-store';
import { LedgerCaller } from './support/ledger-caller';
import {
  dataDirectory,
  ensureNetwork,
  networkCliOk,
  repoRoot,
  type TestProfile,
} from './support/network-cli';
import { OrgGateways, orgConfig, orgProfilePath } from './support/org-gateways';
import { banks, officerOf, peerOrgs } from './support/topology';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(300_000);

// Item 3 of issue 11: each organization's service holds only its own keys, binds tokens to its own
// identities, and lets a caller sign its transactions itself (the service never sees that key).
const TEST_COMPANY = '91440101MA59AB3N63';
const MAIN = join(repoRoot, 'gateway', 'dist', 'main.js');

interface Problem {
  code: string;
  status: number;
  detail: string;
  field?: string;
}

async function post<T>(url: string, body: unknown, token?: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: JSON.parse(await response.text()) as T };
}

/** Runs the service's own entry point, as `npm start` does, and resolves with the address it listens on. */
async function runService(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child: ChildProcess = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolvePromise, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1] !== undefined) resolvePromise(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the service exited ${code}: ${out}`)));
  });
  return { child, url };
}

/** The private scalar of an EC key, big-endian as in its DER and reversed as OpenSSL's BIGNUM limbs hold it. */
function scalarPatterns(keyPath: string): Buffer[] {
  const jwk = createPrivateKey(readFileSync(keyPath)).export({ format: 'jwk' });
  const d = Buffer.from(jwk.d ?? '', 'base64url');
  return [d, Buffer.from(d).reverse()];
}

/** Which of `patterns` occur anywhere in the readable memory of a child process of this one. */
function foundInMemory(pid: number, patterns: Buffer[]): boolean[] {
  const found = patterns.map(() => false);
  const maps = readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n');
  const memory = openSync(`/proc/${pid}/mem`, 'r');
  try {
    for (const line of maps) {
      const match = /^([0-9a-f]+)-([0-9a-f]+) r/.exec(line);
      if (match?.[1] === undefined || match[2] === undefined || /\[(vvar|vsyscall)\]/.test(line)) continue;
      const start = BigInt(`0x${match[1]}`);
      const length = Number(BigInt(`0x${match[2]}`) - start);
      if (length > 1 << 30) continue;
      const region = Buffer.alloc(length);
      try {
        readSync(memory, region, 0, length, start);
      } catch {
        continue;
      }
      patterns.forEach((pattern, index) => {
        found[index] ||= region.includes(pattern);
      });
    }
  } finally {
    closeSync(memory);
  }
  return found;
}

describe('one gateway service per organization, on the live network', () => {
  let profile: TestProfile;
  let gateways: OrgGateways;
  let ledger: LedgerCaller;

  beforeAll(async () => {
    profile = await ensureNetwork();
    ledger = new LedgerCaller(profile);
    await ledger.seedCompany(TEST_COMPANY);
    gateways = await new OrgGateways('org-gateways.test').start(['gov', ...banks.map((bank) => bank.key)]);
  });

  afterAll(async () => {
    await gateways?.close();
    ledger?.close();
  });

  describe('tokens', () => {
    it("bank1's service refuses to issue a token for a company, a department or bank2's officer", async () => {
      const bank1 = gateways.service('bank1');

      for (const identity of ['gov/test-company', 'gov/tax-officer', 'bank2/officer', 'auditor/auditor']) {
        await assert.rejects(bank1.tokens.issue(identity, 'org-gateways.test'), (error: Error) => {
          const problem = (error as unknown as { toProblem(): Problem }).toProblem();
          assert.equal(problem.status, 403);
          assert.equal(problem.code, 'FORBIDDEN');
          assert.match(problem.detail, new RegExp(`bank1.*${identity.split('/')[0]}`));
          return true;
        });
      }
      assert.match(await bank1.tokens.issue('bank1/officer', 'org-gateways.test'), /^scl_/);
    });

    it("bank1's service does not honour gov's tokens, identity or operator", async () => {
      const gov = gateways.service('gov');
      const companyToken = await gov.tokens.issue('gov/test-company', 'org-gateways.test');
      const operatorToken = await gov.tokens.issueOperator('org-gateways.test');
      const ask = (path: string, token: string) =>
        fetch(`${gateways.url('bank1')}${path}`, { headers: { authorization: `Bearer ${token}` } });

      const asCompany = await ask('/v1/me', companyToken);
      const asOperator = await ask('/metrics', operatorToken);

      assert.equal(asCompany.status, 401);
      assert.equal((JSON.parse(await asCompany.text()) as Problem).code, 'UNAUTHENTICATED');
      assert.equal(asOperator.status, 401);
      assert.equal(
        (await fetch(`${gov.url}/v1/me`, { headers: { authorization: `Bearer ${companyToken}` } })).status,
        200,
      );
    });

    it('a token file record of another organization is refused by the service that finds it', async () => {
      const bank1Config = gateways.config('bank1');
      const planted = await TokenStore.open(bank1Config.tokensPath);
      const token = await planted.issue('gov/test-company', 'planted');

      const answer = await fetch(`${gateways.url('bank1')}/v1/me`, {
        headers: { authorization: `Bearer ${token}` },
      });

      assert.equal(answer.status, 403);
      assert.match((JSON.parse(await answer.text()) as Problem).detail, /gov's gateway service/);
    });
  });

  describe('keys', () => {
    it("bank1's service profile names only bank1 identities, with key files inside bank1's folder", () => {
      const config = orgConfig('bank1', gateways.dataDir);
      const raw = JSON.parse(readFileSync(config.profilePath, 'utf8')) as TestProfile;
      const folder = resolve(config.profilePath, '..');

      assert.equal(config.profilePath, orgProfilePath('bank1'));
      assert.ok(raw.identities.length > 0);
      for (const identity of raw.identities) {
        assert.equal(identity.org, 'bank1', `${identity.org}/${identity.name} in bank1's profile`);
        const key = resolve(folder, identity.keyPath);
        assert.ok(key.startsWith(`${folder}${sep}`), `${relative(repoRoot, key)} outside bank1's folder`);
      }
      const others = profile.identities.filter((identity) => identity.org !== 'bank1');
      const text = readFileSync(config.profilePath, 'utf8');
      for (const identity of others) {
        assert.ok(
          !text.includes(relative(folder, identity.keyPath)),
          `${identity.name}'s key path is listed`,
        );
      }
    });

    it("bank1's service refuses to start on a profile that names another organization's key", async () => {
      const gateways2 = new OrgGateways('org-gateways.test-combined', {
        SME_GATEWAY_PROFILE: join(dataDirectory(), 'network', 'gateway-profile.json'),
      });

      await assert.rejects(
        gateways2.start(['bank1']),
        /gov\/test-company belongs to gov, not to this service's organization bank1/,
      );
      await gateways2.close();
    });

    it("bank1's running service process holds bank1's key and no other organization's", async () => {
      const config = orgConfig('bank1', gateways.dataDir);
      const token = await (
        await TokenStore.open(config.tokensPath, { org: 'bank1' })
      ).issue('bank1/officer', 'memory');
      const { child, url } = await runService({
        ...process.env,
        SME_GATEWAY_ORG: 'bank1',
        SME_GATEWAY_PORT: '0',
        SME_DATA_DIR: gateways.dataDir,
        SME_GATEWAY_PROFILE: config.profilePath,
        SME_GATEWAY_LOG_LEVEL: 'warn',
      });
      try {
        // A ledger call as bank1's officer: the service must have loaded that key to sign it.
        const consents = await fetch(`${url}/v1/consents`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(consents.status, 200, await consents.text());
        const own = profile.identities.find(
          (identity) => `${identity.org}/${identity.name}` === 'bank1/officer',
        );
        const others = profile.identities.filter((identity) => identity.org !== 'bank1');
        assert.ok(own !== undefined && others.length > 0);

        const found = foundInMemory(child.pid ?? 0, [
          ...scalarPatterns(own.keyPath),
          ...others.flatMap((identity) => scalarPatterns(identity.keyPath)),
        ]);

        assert.ok(found[0] === true || found[1] === true, "the scan finds bank1's own loaded key");
        const leaked = others.filter(
          (_, index) => found[2 + 2 * index] === true || found[3 + 2 * index] === true,
        );
        assert.deepEqual(
          leaked.map((identity) => `${identity.org}/${identity.name}`),
          [],
        );
      } finally {
        child.kill('SIGTERM');
      }
    });
  });

  describe('client-side signing', () => {
    let name: string;
    let certificate: string;
    let signer: (digest: Uint8Array) => Promise<Uint8Array>;

    beforeAll(async () => {
      // A bank1 identity enrolled after bank1's service started: its key never reaches the service.
      name = `offline-${randomUUID().slice(0, 8)}`;
      await networkCliOk(['enroll', '--org', 'bank1', '--name', name, '--attr', 'role=bank']);
      const msp = join(dataDirectory(), 'network', 'orgs', 'bank1', 'users', name, 'msp');
      certificate = readFileSync(join(msp, 'signcerts', 'cert.pem'), 'utf8');
      signer = signers.newPrivateKeySigner(createPrivateKey(readFileSync(join(msp, 'keystore', 'key.pem'))));
    });

    const request = () => ({
      requestId: `offline-${randomUUID()}`,
      uscc: TEST_COMPANY,
      categories: ['TAX_PAYMENT'],
      purpose: 'credit-review',
      validFrom: new Date(Date.now() - 60_000).toISOString(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const sign = async (digest: string, by = signer) =>
      Buffer.from(await by(Buffer.from(digest, 'base64'))).toString('base64');

    async function validationCode(txId: string): Promise<number> {
      const qscc = ledger.connection('bank1/officer').gateway.getNetwork(profile.channel).getContract('qscc');
      const bytes = await qscc.evaluate('GetTransactionByID', {
        arguments: [profile.channel, txId],
        endorsingOrganizations: ['GovMSP'],
      });
      return peer.ProcessedTransaction.deserializeBinary(bytes).getValidationcode();
    }

    async function height(): Promise<number> {
      const qscc = ledger.connection('bank1/officer').gateway.getNetwork(profile.channel).getContract('qscc');
      const bytes = await qscc.evaluate('GetChainInfo', {
        arguments: [profile.channel],
        endorsingOrganizations: ['GovMSP'],
      });
      return common.BlockchainInfo.deserializeBinary(bytes).getHeight();
    }

    it('a consent request signed by a bank1 key the service never had commits VALID', async () => {
      const base = `${gateways.url('bank1')}/v1/offline`;
      assert.equal(gateways.service('bank1').identities.find(`bank1/${name}`), undefined);

      // A confidential transaction: the request in transient data, the answer sealed to this client's key.
      const transaction = invocationName('consent', 'RequestConsent');
      const exchange = confidentialExchange(transaction, JSON.stringify(request()));
      const prepared = await post<{ transactionId: string; digest: string }>(`${base}/proposals`, {
        certificate,
        transaction,
        arguments: [exchange.argument],
        transient: exchange.transient,
      });
      assert.equal(prepared.status, 201, JSON.stringify(prepared.body));
      const id = prepared.body.transactionId;
      const endorsed = await post<{ digest: string; result: string }>(`${base}/proposals/${id}/endorse`, {
        signature: await sign(prepared.body.digest),
      });
      assert.equal(endorsed.status, 200, JSON.stringify(endorsed.body));
      const committed = await post<{ status: string; blockNumber: string; result: string }>(
        `${base}/transactions/${id}/submit`,
        { signature: await sign(endorsed.body.digest) },
      );

      assert.equal(committed.status, 200, JSON.stringify(committed.body));
      assert.equal(committed.body.status, 'VALID');
      assert.equal(await validationCode(id), peer.TxValidationCode.VALID);
      assert.doesNotMatch(committed.body.result, /"consentId"/, 'the service sees only the sealed answer');
      const opened = JSON.parse(exchange.open(committed.body.result)) as { consent: { consentId: string } };
      // The company turns the request down, so repeated runs on one network stay under the pending quota.
      const rejected = await post(
        `${gateways.url('gov')}/v1/consents/${opened.consent.consentId}/reject`,
        { reason: 'test cleanup' },
        await gateways.tokenFor('gov/test-company'),
      );
      assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    });

    it('refuses a proposal signed with another key, and the ledger does not move', async () => {
      const base = `${gateways.url('bank1')}/v1/offline`;
      const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const prepared = await post<{ transactionId: string; digest: string }>(`${base}/proposals`, {
        certificate,
        transaction: invocationName('consent', 'RequestConsent'),
        arguments: [JSON.stringify(request())],
      });
      assert.equal(prepared.status, 201, JSON.stringify(prepared.body));
      const before = await height();

      const refused = await post<Problem>(`${base}/proposals/${prepared.body.transactionId}/endorse`, {
        signature: await sign(prepared.body.digest, signers.newPrivateKeySigner(stranger)),
      });
      const skipped = await post<Problem>(`${base}/transactions/${prepared.body.transactionId}/submit`, {
        signature: await sign(prepared.body.digest),
      });

      assert.equal(refused.status, 401, JSON.stringify(refused.body));
      assert.equal(refused.body.code, 'UNAUTHENTICATED');
      assert.equal(refused.body.field, '/signature');
      assert.equal(skipped.status, 400, JSON.stringify(skipped.body));
      await assert.rejects(validationCode(prepared.body.transactionId));
      assert.equal(await height(), before);
    });

    it("refuses a certificate of another organization: bank2's officer at bank1's service", async () => {
      const bank2 = profile.identities.find(
        (identity) => `${identity.org}/${identity.name}` === 'bank2/officer',
      );
      assert.ok(bank2 !== undefined);

      const refused = await post<Problem>(`${gateways.url('bank1')}/v1/offline/proposals`, {
        certificate: readFileSync(bank2.certPath, 'utf8'),
        transaction: invocationName('consent', 'RequestConsent'),
        arguments: [JSON.stringify(request())],
      });

      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body.code, 'FORBIDDEN');
      assert.match(refused.body.detail, /bank1's CA/);
    });

    it('refuses to prepare a read-only transaction, whose answer would sit in a block', async () => {
      const refused = await post<Problem>(`${gateways.url('bank1')}/v1/offline/proposals`, {
        certificate,
        transaction: invocationName('access', 'ReadAuthorizedRecords'),
        arguments: [JSON.stringify({ accessId: 'x' })],
      });

      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.equal(refused.body.field, '/transaction');
    });
  });

  // Issue 13, item 1: a bank is an entry in network/topology.json and nothing more. Each bank the topology
  // names runs its service on its own port and serves its officers end to end; no other bank's service
  // reads with its consent.
  describe('every bank of the topology, with no code of its own', () => {
    const offset = Number(process.env.SME_PORT_OFFSET ?? '0');
    const validity = () => ({
      validFrom: new Date(Date.now() - 60_000).toISOString(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });

    for (const bank of banks) {
      const others = banks.filter((other) => other.key !== bank.key);

      it(`${bank.key}'s service listens on 3000 + SME_PORT_OFFSET + its place in the topology, and its officer asks consent and reads with it`, async () => {
        const config = orgConfig(bank.key, gateways.dataDir);
        const officer = await (
          await TokenStore.open(config.tokensPath, { org: bank.key })
        ).issue(officerOf(bank), 'every-bank');
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          SME_GATEWAY_ORG: bank.key,
          SME_DATA_DIR: gateways.dataDir,
          SME_GATEWAY_PROFILE: config.profilePath,
          SME_GATEWAY_LOG_LEVEL: 'warn',
        };
        delete env.SME_GATEWAY_PORT;
        const record = { period: '2026Q3', paidYuan: 50_000 + Math.floor(Math.random() * 1000) };
        const gov = gateways.url('gov');
        const attested = await post(
          `${gov}/v1/attestations`,
          { uscc: TEST_COMPANY, category: 'TAX_PAYMENT', effectiveDate: '2026-10-01', record },
          await gateways.tokenFor('gov/tax-officer'),
        );
        assert.equal(attested.status, 201, JSON.stringify(attested.body));

        const service = await runService(env);
        try {
          assert.equal(Number(new URL(service.url).port), 3000 + offset + peerOrgs.indexOf(bank));
          const requested = await post<{ consent: { consentId: string; bankMspId: string } }>(
            `${service.url}/v1/consent-requests`,
            { uscc: TEST_COMPANY, categories: ['TAX_PAYMENT'], purpose: 'credit-review', ...validity() },
            officer,
          );
          assert.equal(requested.status, 201, JSON.stringify(requested.body));
          assert.equal(requested.body.consent.bankMspId, bank.mspId);
          const { consentId } = requested.body.consent;
          const authorised = await post(
            `${gov}/v1/consents/${consentId}/authorise`,
            {},
            await gateways.tokenFor('gov/test-company'),
          );
          assert.equal(authorised.status, 200, JSON.stringify(authorised.body));
          const readBody = { consentId, purpose: 'credit-review', categories: ['TAX_PAYMENT'] };

          const read = await post<{ categories: { record: unknown }[] }>(
            `${service.url}/v1/companies/${TEST_COMPANY}/profile-reads`,
            readBody,
            officer,
          );

          assert.equal(read.status, 200, JSON.stringify(read.body));
          assert.deepEqual(read.body.categories[0]?.record, record);
          for (const other of others) {
            const refused = await post<Problem>(
              `${gateways.url(other.key)}/v1/companies/${TEST_COMPANY}/profile-reads`,
              readBody,
              await gateways.tokenFor(officerOf(other)),
            );
            assert.equal(refused.status, 403, `${other.key}: ${JSON.stringify(refused.body)}`);
            // Another bank's transactions read only its own collection: this consent does not exist for it.
            assert.equal(refused.body.code, 'CONSENT_REQUIRED', other.key);
          }
        } finally {
          service.child.kill('SIGTERM');
        }
      });
    }
  });
});
