import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { invocationName } from '@sme-credit-ledger/contract';
import { setUpFixture } from '@sme-credit-ledger/tools/load-fixture';
import { MixedLoad, type LoadFixture } from '@sme-credit-ledger/tools/mixed-load';
import { connectAs } from './support/fabric-client';
import {
  ensureNetwork,
  networkCli,
  networkCliOk,
  networkStatus,
  readProfile,
  repoRoot,
  type TestProfile,
} from './support/network-cli';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(1_500_000);

// Issue 17 item 2: a bank joins the running channel and leaves it again while the other organizations'
// users keep working through their services; no request of theirs may fail.
const BANK4 = {
  key: 'bank4',
  role: 'bank',
  mspId: 'Bank4MSP',
  description: 'Fourth lending bank, joined to the running channel',
  ca: { port: 12154, opsPort: 12164 },
  peers: [{ name: 'peer0', port: 12051, chaincodePort: 12052, opsPort: 9452, ccaasPort: 12055 }],
};
const GATEWAY_CLI = join(repoRoot, 'gateway', 'dist', 'cli', 'main.js');
const TEST_COMPANY = { uscc: '91440101MA59AB3N63', identity: 'gov/test-company' };
const run = promisify(execFile);

interface Answer<T> {
  status: number;
  body: T;
}

describe('a bank joins the running channel and leaves it, under load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'add-org-'));
  const topologyFile = join(dir, 'topology.json');
  const env = { SME_TOPOLOGY_FILE: topologyFile };
  const tokens = new Map<string, string>();
  const services = new Map<string, string>();
  let fixture: LoadFixture;
  let withBank4: TestProfile;
  let bank1Consent = '';
  const timings: Record<string, number> = {};

  /** A bearer token from the organization's service's own CLI (the supervised services read its store). */
  async function tokenFor(identity: string): Promise<string> {
    let token = tokens.get(identity);
    if (token === undefined) {
      const { stdout } = await run(
        process.execPath,
        [GATEWAY_CLI, 'token', 'issue', '--identity', identity],
        {
          env: { ...process.env, ...env },
        },
      );
      token = stdout.trim();
      tokens.set(identity, token);
    }
    return token;
  }

  async function refreshServices(): Promise<void> {
    for (const row of await networkStatus(env)) {
      if (row.kind === 'gateway' && row.ports[0] !== undefined) {
        services.set(row.name.replace(/^gateway\./, ''), `http://127.0.0.1:${row.ports[0]}`);
      }
    }
  }

  async function call<T>(identity: string, method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const org = identity.split('/')[0] ?? '';
    const response = await fetch(`${services.get(org) ?? ''}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await tokenFor(identity)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: JSON.parse(await response.text()) as T };
  }

  /** Runs `action` while three clients attest, grant and revoke consents and read through the services. */
  async function underLoad(label: string, action: () => Promise<void>): Promise<void> {
    const load = new MixedLoad(fixture, {
      clients: 3,
      thinkMs: 200,
      retryBudgetMs: 20_000,
      requestTimeoutMs: 60_000,
      runId: `add-org-${label}-${Date.now().toString(36)}`,
    });
    load.start();
    const started = Date.now();
    try {
      await action();
    } finally {
      timings[label] = (Date.now() - started) / 1000;
      const records = await load.stop();
      const failed = records.filter((record) => record.status < 200 || record.status >= 300);
      timings[`${label} requests`] = records.length;
      // Answered in the end, but only after a retry with the same idempotency key (a 502/503/504 or no answer).
      timings[`${label} retried`] = records.filter((record) => record.attempts > 1).length;
      assert.ok(records.length >= 3, `the load ran during ${label}: ${records.length} requests`);
      assert.deepEqual(failed, [], `no request failed during ${label}`);
    }
  }

  beforeAll(async () => {
    const base = JSON.parse(readFileSync(join(repoRoot, 'network', 'topology.json'), 'utf8')) as {
      peerOrgs: unknown[];
    };
    writeFileSync(topologyFile, JSON.stringify({ ...base, peerOrgs: [...base.peerOrgs, BANK4] }, null, 2));
    await ensureNetwork();
    // A run that stopped half-way left bank4 a member: take it out first, so this run adds it.
    if ((await networkStatus(env)).some((row) => row.name === 'peer0.bank4')) {
      await networkCliOk(['remove-org', 'bank4'], env);
    }
    await networkCliOk(['gateways', 'up'], env);
    await refreshServices();
    fixture = await setUpFixture({
      url: (org) => services.get(org) ?? '',
      token: tokenFor,
      banks: [
        { org: 'bank1', mspId: 'Bank1MSP' },
        { org: 'bank2', mspId: 'Bank2MSP' },
      ],
    });
    bank1Consent = fixture.companies[0]?.readConsents.Bank1MSP ?? '';
  });

  afterAll(async () => {
    await networkCli(['gateways', 'down'], env);
    // The supervisor add-org restarted reads the copied topology: `up` puts back one that reads the repository's.
    await networkCli(['up']);
    rmSync(dir, { recursive: true, force: true });
    console.log(`add-org timings: ${JSON.stringify(timings)}`);
  });

  it('adds bank4, signed by a majority of the members’ admins and joined by snapshot, while no request of the others fails', async () => {
    // A snapshot taken before bank4 is a member: its peer joins from it and replays only the later blocks.
    await networkCliOk(['snapshot', '--peer', 'peer0.bank1'], env);
    await underLoad('join', async () => {
      const result = await networkCli(['add-org', 'bank4'], env, 900_000);
      assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stdout, /signed by gov, bank1, bank2; peers from snapshot at block \d+;/);
      await sleep(2000);
    });
    const rows = await networkStatus(env);
    for (const name of ['ca.bank4', 'peer0.bank4', 'gateway.bank4']) {
      assert.equal(rows.find((row) => row.name === name)?.up, true, `${name} runs`);
    }
    assert.ok(
      rows.some((row) => /^chaincode\.bank4\.[ab]$/.test(row.name) && row.up),
      'its chaincode server runs',
    );
  });

  it('serves bank4 through its supervised gateway: a company grants bank4 consent, bank4 reads', async () => {
    await refreshServices();
    withBank4 = readProfile();
    const granted = await call<{ consent: { consentId: string } }>(
      TEST_COMPANY.identity,
      'POST',
      '/v1/consents',
      {
        bankMspId: 'Bank4MSP',
        categories: [fixture.readCategory],
        purpose: 'credit-review',
        validFrom: new Date(Date.now() - 60_000).toISOString(),
        validUntil: new Date(Date.now() + 3_600_000).toISOString(),
      },
    );
    assert.equal(granted.status, 201, JSON.stringify(granted.body));

    const read = await call<{ categories: { record: Record<string, unknown> }[] }>(
      'bank4/officer',
      'POST',
      `/v1/companies/${TEST_COMPANY.uscc}/profile-reads`,
      {
        consentId: granted.body.consent.consentId,
        purpose: 'credit-review',
        categories: [fixture.readCategory],
      },
    );

    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.ok(read.body.categories[0]?.record !== undefined);
  });

  it('refuses bank4 another bank’s consent', async () => {
    const foreign = await call<{ code: string }>('bank4/officer', 'GET', `/v1/consents/${bank1Consent}`);

    assert.equal(foreign.status, 404, JSON.stringify(foreign.body));
    assert.equal(foreign.body.code, 'NOT_FOUND');
  });

  it('removes bank4 while no request of the others fails, and then refuses its certificate', async () => {
    await underLoad('removal', async () => {
      const result = await networkCli(['remove-org', 'bank4'], env, 900_000);
      assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stdout, /signed by gov, bank1, bank2, auditor;/);
      await sleep(2000);
    });
    const rows = await networkStatus(env);
    assert.ok(!rows.some((row) => row.name.includes('bank4')), 'no process of bank4 is listed');

    // bank4's officer, whose certificate the channel accepted minutes ago, through gov's peer.
    const connection = connectAs(withBank4, 'bank4/officer', 'gov');
    try {
      const contract = connection.gateway.getNetwork(withBank4.channel).getContract(withBank4.chaincode);
      await assert.rejects(
        contract.evaluate(invocationName('consent', 'GetConsent'), {
          arguments: [JSON.stringify({ consentId: bank1Consent })],
        }),
        /access denied|creator|not.*member|unknown|permission/i,
      );
    } finally {
      connection.close();
    }
  });
});
