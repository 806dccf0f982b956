import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { TokenStore } from '@sme-credit-ledger/gateway/token-store';
import { hostPlan, type HostPlan } from '@sme-credit-ledger/scripts/hosts';
import { leftovers } from '@sme-credit-ledger/scripts/hosts/netns';
import { loadTopology } from '@sme-credit-ledger/scripts/topology';
import { networkCli, networkCliOk, networkStatus, repoRoot } from './support/network-cli';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(900_000);

// Issue 17 item 1: each organization on its own host. A netns-mode instance of its own (data dir, port
// offset, one Linux network namespace per organization on a bridge) serves a department's attestation, a
// company's consent and a bank's read through the organizations' own gateway services, reached over the
// bridge with TLS; no process of one organization can reach another's over loopback; `down` leaves no trace.
const isRoot = process.getuid?.() === 0;
const SKIP = isRoot ? false : 'needs root: netns mode creates network namespaces, veth pairs and a bridge';
const TEST_COMPANY = '91440101MA59AB3N63';
const OFFSET = process.env.SME_NETNS_TEST_OFFSET ?? '9000';

interface Answer<T> {
  status: number;
  body: T;
}

/** HTTPS with the organization's CA as the only trust root: the service's certificate must name its address. */
function call<T>(url: string, ca: string, token: string, method: string, body?: unknown): Promise<Answer<T>> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolvePromise, reject) => {
    const req = request(
      url,
      {
        method,
        ca,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolvePromise({ status: response.statusCode ?? 0, body: JSON.parse(text || '{}') as T }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Tries a TCP connection from inside namespace `netns`, printing the outcome (`connected` or the error code). */
function connectFrom(netns: string, host: string, port: number): Promise<string> {
  const probe = `const s=require('net').connect(${port},'${host}');s.setTimeout(3000);s.on('connect',()=>{console.log('connected');s.destroy()});s.on('error',e=>console.log(e.code));s.on('timeout',()=>{console.log('timeout');s.destroy()})`;
  return new Promise((resolvePromise) => {
    execFile('ip', ['netns', 'exec', netns, process.execPath, '-e', probe], (_error, stdout) =>
      resolvePromise(stdout.trim()),
    );
  });
}

/** The organization whose host a process of `status --json` belongs on. */
function orgOfProcess(row: { name: string; kind: string }): string | undefined {
  if (row.kind === 'orderer') return 'orderer';
  if (['ca', 'peer', 'chaincode', 'gateway'].includes(row.kind)) return row.name.split('.')[1];
  return undefined;
}

(SKIP ? describe.skip : describe)('each organization on its own host (netns mode)', () => {
  const dataDir = isRoot ? mkdtempSync(join(tmpdir(), 'sme-netns-')) : '';
  const env = { SME_DATA_DIR: dataDir, SME_PORT_OFFSET: OFFSET, SME_HOSTS: 'netns' };
  const topology = loadTopology(join(repoRoot, 'network', 'topology.json'), Number(OFFSET), {
    SME_HOSTS: 'netns',
  });
  const plan: HostPlan = hostPlan(topology);
  const address = (org: string): string => plan.hosts.find((host) => host.org === org)?.ip ?? '';
  const caFile = (org: string): string => join(dataDir, 'network', 'ca', org, 'ca-cert.pem');
  const servicePort = (org: string): number =>
    3000 + Number(OFFSET) + topology.peerOrgs.findIndex((each) => each.key === org);
  const tokens = new Map<string, string>();

  async function as<T>(identity: string, method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const org = identity.split('/')[0] ?? '';
    let token = tokens.get(identity);
    if (token === undefined) {
      const store = await TokenStore.open(join(dataDir, 'gateway', org, 'tokens.json'), { org });
      token = await store.issue(identity, 'netns-hosts.test');
      tokens.set(identity, token);
    }
    const url = `https://${address(org)}:${servicePort(org)}${path}`;
    return call<T>(url, readFileSync(caFile(org), 'utf8'), token, method, body);
  }

  beforeAll(async () => {
    assert.deepEqual(
      leftovers(plan),
      [],
      'another netns-mode instance holds the bridge: bring it down first',
    );
    const started = Date.now();
    await networkCliOk(['up', '--hosts', 'netns'], env);
    const upSeconds = (Date.now() - started) / 1000;
    await networkCliOk(['gateways', 'up'], env);
    console.log(
      `netns-mode network up in ${upSeconds.toFixed(1)} s; gateways up after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });

  afterAll(async () => {
    // Also after a failure: nothing of the instance may stay on the machine.
    await networkCli(['down'], env);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("runs every CA, orderer, peer, chaincode server and gateway service in its organization's namespace", async () => {
    const rows = (await networkStatus(env)).filter((row) => orgOfProcess(row) !== undefined);

    assert.ok(rows.length >= 25, `expected every process, got ${rows.length}`);
    for (const row of rows) {
      assert.ok(row.up && row.pid !== undefined, `${row.name} is up`);
      const netns = execFileSync('ip', ['netns', 'identify', String(row.pid)], { encoding: 'utf8' }).trim();
      assert.equal(netns, `sme-${orgOfProcess(row)}`, row.name);
    }
  });

  it('names each host in its TLS certificates by host name and address, never by loopback', () => {
    const cert = new X509Certificate(
      readFileSync(join(dataDir, 'network', 'orgs', 'gov', 'nodes', 'peer0', 'tls', 'signcerts', 'cert.pem')),
    );
    const names = cert.subjectAltName ?? '';

    assert.match(names, new RegExp(`DNS:peer0\\.gov\\.${topology.domain.replace('.', '\\.')}`));
    assert.match(names, new RegExp(`IP Address:${address('gov').replace(/\./g, '\\.')}`));
    assert.doesNotMatch(names, /127\.0\.0\.1|localhost/);
  });

  it("lets a department attest, the company consent and the bank read, each on its own organization's service", async () => {
    assert.equal((await as('gov/catalog-admin', 'POST', '/v1/catalog/starter')).status, 200);
    const registered = await as<{ code?: string }>('gov/samr-officer', 'POST', '/v1/companies', {
      uscc: TEST_COMPANY,
    });
    assert.ok(registered.status === 201 || registered.body.code === 'CONFLICT', JSON.stringify(registered));
    const record = { period: '2026Q3', paidYuan: 12_345 };

    const attested = await as('gov/tax-officer', 'POST', '/v1/attestations', {
      uscc: TEST_COMPANY,
      category: 'TAX_PAYMENT',
      effectiveDate: '2026-10-01',
      record,
    });
    const consent = await as<{ consent: { consentId: string } }>('gov/test-company', 'POST', '/v1/consents', {
      bankMspId: 'Bank1MSP',
      categories: ['TAX_PAYMENT'],
      purpose: 'credit-review',
      validFrom: new Date(Date.now() - 60_000).toISOString(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const read = await as<{ categories: { record: Record<string, unknown> }[] }>(
      'bank1/officer',
      'POST',
      `/v1/companies/${TEST_COMPANY}/profile-reads`,
      { consentId: consent.body.consent.consentId, purpose: 'credit-review', categories: ['TAX_PAYMENT'] },
    );

    assert.equal(attested.status, 201, JSON.stringify(attested.body));
    assert.equal(consent.status, 201, JSON.stringify(consent.body));
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.deepEqual(read.body.categories[0]?.record, record);
  });

  it("refuses a bank's connection to gov's ports on 127.0.0.1, and reaches them only over the bridge", async () => {
    const govPeer = topology.peerOrgs.find((org) => org.key === 'gov')?.peers[0];
    assert.ok(govPeer !== undefined);

    assert.equal(await connectFrom('sme-bank1', '127.0.0.1', govPeer.port), 'ECONNREFUSED');
    assert.equal(await connectFrom('sme-bank1', '127.0.0.1', servicePort('gov')), 'ECONNREFUSED');
    assert.equal(await connectFrom('sme-bank1', address('gov'), govPeer.port), 'connected');
  });

  it('brings the instance down leaving no namespace, bridge or veth', async () => {
    await networkCliOk(['down'], env);

    assert.deepEqual(leftovers(plan), []);
    const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
    assert.doesNotMatch(links, new RegExp(`\\b(${plan.bridge}|sme-v\\d+)\\b`));
  });
});
