import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import {
  buildUscc,
  invocationName,
  newReaderKeyPair,
  type AccessResponse,
  type ConsentResponse,
  type CurrentVersionsResponse,
} from '@sme-credit-ledger/contract';
import { enrollIdentity } from '@sme-credit-ledger/gateway/enroll-identity';
import { layoutFromEnv, portOffsetFromEnv, repoRoot } from '@sme-credit-ledger/scripts/layout';
import type { GatewayProfile } from '@sme-credit-ledger/scripts/profile';
import { everyPeer, peerHeight, peerRefName } from '@sme-credit-ledger/scripts/snapshot';
import { loadTopology, peerHost } from '@sme-credit-ledger/scripts/topology';
import { evaluateConfidential, openClients, submitJson, type Clients } from './bench-clients';
import { fixed, percentile } from './bench-report';
import type { VerificationReport } from '@sme-credit-ledger/verifier';

/**
 * Issue 17's scale bench: registers companies and attests one record each, in batches, up to each
 * checkpoint (default 10,000 then 1,000,000), and at every checkpoint prints each peer's disk use, the p50/p99
 * of an attestation lookup (a random registered company each time) and of a bank's authorized read, and the
 * ledger verifier's rate over the whole chain. Progress is kept in <data>/network/bench/million.json, so a run that
 * stops (the 1,000,000 run takes hours on 2 cores) resumes where it was; the batches' request ids are fixed,
 * so a batch that committed before the stop answers from the ledger instead of writing twice.
 *
 *   SME_DATA_DIR=data/million SME_PORT_OFFSET=40000 npm run network:up
 *   SME_DATA_DIR=data/million SME_PORT_OFFSET=40000 npm run bench:million -- --checkpoints 10000,1000000
 */

const HELP = `usage: million-bench [--checkpoints 10000,1000000] [--batch 500] [--in-flight 4] [--samples 200]
                     [--restart] [--no-verify]
  --restart    at the last checkpoint, time 'network down' + 'network up' with the large ledger`;

const CATEGORY = 'TAX_PAYMENT';
const BANK = 'bank1/officer';
const SAMR = 'gov/samr-officer';
const TAX = 'gov/tax-officer';
/** Enrolled on the first run, as the company of index 0: the company whose consent the bank reads under. */
const PROBE_COMPANY = 'gov/million-bench-company';
const run = promisify(execFile);

/** Company `index` of the bench: `91441900` (a division no fixture uses) + 8 digits + both check characters. */
export function millionUscc(index: number): string {
  return buildUscc('91441900', String(index).padStart(8, '0'));
}

interface Progress {
  registered: number;
  attested: number;
}

function loadProgress(file: string): Progress {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Progress;
  } catch {
    return { registered: 0, attested: 0 };
  }
}

function saveProgress(file: string, progress: Progress): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(progress));
}

/**
 * Runs `work(batchIndex)` for the batches [from, to) with `inFlight` at once, printing the rate every 30 s.
 * Progress advances only over a prefix of finished batches, so a resumed run never skips one.
 */
async function batches(
  label: string,
  from: number,
  to: number,
  inFlight: number,
  work: (batch: number) => Promise<void>,
  advance: (batchesDone: number) => void,
): Promise<void> {
  const started = Date.now();
  let next = from;
  let done = 0;
  let lastPrint = started;
  let lastDone = 0;
  const finished = new Set<number>();
  let prefix = from;
  const worker = async (): Promise<void> => {
    while (next < to) {
      const batch = next++;
      await withConflictRetry(() => work(batch));
      done++;
      finished.add(batch);
      while (finished.has(prefix)) finished.delete(prefix++);
      advance(prefix);
      const now = Date.now();
      if (now - lastPrint >= 30_000) {
        const rate = ((done - lastDone) / ((now - lastPrint) / 1000)).toFixed(2);
        console.log(
          `  ${label}: batch ${prefix}/${to}, ${rate} batches/s over the last ${((now - lastPrint) / 1000).toFixed(0)} s`,
        );
        lastPrint = now;
        lastDone = done;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (Date.now() - started) / 1000;
  if (done > 0)
    console.log(
      `  ${label}: ${done} batches in ${fixed(seconds, 1)} s (${fixed(done / seconds, 2)} batches/s)`,
    );
}

/**
 * A batch that lost an MVCC race is sent again under its fixed request id (a committed one would answer
 * from the ledger): on a new ledger the first batches in flight all create the platform's pseudonym key.
 */
async function withConflictRetry(send: () => Promise<void>, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await send();
      return;
    } catch (error) {
      if (attempt >= attempts || !String(error).includes('MVCC_READ_CONFLICT')) throw error;
    }
  }
}

async function grow(clients: Clients, progress: Progress, target: number, options: Options): Promise<void> {
  const { batch, inFlight, progressFile } = options;
  const samr = clients.contract(SAMR);
  const tax = clients.contract(TAX);
  const started = Date.now();
  await batches(
    'register',
    Math.floor(progress.registered / batch),
    Math.ceil(target / batch),
    inFlight,
    async (b) => {
      const usccs = range(b * batch, Math.min(target, (b + 1) * batch)).map(millionUscc);
      await submitJson(samr, invocationName('company', 'RegisterCompanies'), {
        requestId: `million-reg-${b}`,
        usccs,
      });
    },
    (done) => {
      progress.registered = Math.min(target, done * batch);
      saveProgress(progressFile, progress);
    },
  );
  const registeredAt = Date.now();
  await batches(
    'attest',
    Math.floor(progress.attested / batch),
    Math.ceil(target / batch),
    inFlight,
    async (b) => {
      const items = range(b * batch, Math.min(target, (b + 1) * batch)).map((i) => ({
        uscc: millionUscc(i),
        category: CATEGORY,
        schemaVersion: 1,
        effectiveDate: '2026-10-01',
        record: { year: 2025, paidCny: 10_000 + (i % 997), arrears: i % 13 === 0 },
        salt: randomBytes(32).toString('hex'),
      }));
      await tax.submit(invocationName('attestation', 'AttestBatch'), {
        arguments: [JSON.stringify({ requestId: `million-att-${b}` })],
        transientData: { batch: Buffer.from(JSON.stringify(items)) },
        endorsingOrganizations: ['GovMSP'],
      });
    },
    (done) => {
      progress.attested = Math.min(target, done * batch);
      saveProgress(progressFile, progress);
    },
  );
  const end = Date.now();
  console.log(
    `ingestion to ${target}: registration ${fixed((registeredAt - started) / 1000, 1)} s, ` +
      `attestation ${fixed((end - registeredAt) / 1000, 1)} s`,
  );
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

async function timed(samples: number, once: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = process.hrtime.bigint();
    await once(i);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times;
}

/** The bank's consent from the probe company, granted once; a fresh access is recorded at each checkpoint. */
async function probeConsent(clients: Clients, consentFile: string): Promise<string> {
  try {
    return readFileSync(consentFile, 'utf8').trim();
  } catch {
    const now = Date.now();
    const { consent } = await submitJson<ConsentResponse>(
      clients.contract(PROBE_COMPANY),
      invocationName('consent', 'GrantConsent'),
      {
        requestId: `million-consent-${randomBytes(6).toString('hex')}`,
        uscc: millionUscc(0),
        bankMspId: 'Bank1MSP',
        categories: [CATEGORY],
        purpose: 'credit-review',
        validFrom: new Date(now - 60_000).toISOString(),
        validUntil: new Date(now + 300 * 86_400_000).toISOString(),
      },
    );
    writeFileSync(consentFile, consent.consentId);
    return consent.consentId;
  }
}

async function measureReads(
  clients: Clients,
  registered: number,
  consentId: string,
  samples: number,
): Promise<string[]> {
  const auditor = clients.contract('auditor/auditor', 'auditor');
  const lookups = await timed(samples, async () => {
    const index = Math.floor(Math.random() * registered);
    await auditor.evaluate(invocationName('attestation', 'GetAttestation'), {
      arguments: [JSON.stringify({ uscc: millionUscc(index), category: CATEGORY })],
    });
  });
  const terms = { consentId, uscc: millionUscc(0), categories: [CATEGORY], purpose: 'credit-review' };
  const bankOwn = clients.contract(BANK, 'bank1');
  const { versions } = await evaluateConfidential<CurrentVersionsResponse>(
    bankOwn,
    invocationName('access', 'CurrentVersions'),
    terms,
  );
  const { access } = await submitJson<AccessResponse>(bankOwn, invocationName('access', 'RecordAccess'), {
    requestId: `million-access-${randomBytes(6).toString('hex')}`,
    ...terms,
    versions,
  });
  const reads = await timed(samples, async () => {
    await evaluateConfidential(
      bankOwn,
      invocationName('access', 'ReadAuthorizedRecords'),
      { accessId: access.accessId },
      newReaderKeyPair(),
    );
  });
  const row = (name: string, t: number[]) =>
    `  ${name.padEnd(22)} p50 ${fixed(percentile(t, 50), 1)} ms  p99 ${fixed(percentile(t, 99), 1)} ms  (${t.length} sequential)`;
  return [row('attestation lookup', lookups), row('authorized read', reads)];
}

async function diskUse(dirs: [string, string][]): Promise<string> {
  const parts: string[] = [];
  for (const [name, dir] of dirs) {
    const { stdout } = await run('du', ['-sb', dir]).catch(() => ({ stdout: '0' }));
    parts.push(`${name} ${fixed(Number(stdout.split(/\s/)[0]) / 1e6, 1)} MB`);
  }
  return parts.join(', ');
}

async function verifierRate(): Promise<string> {
  const started = Date.now();
  const { stdout } = await run('node', [join(repoRoot, 'verifier/dist/cli.js'), '--from-genesis', '--json'], {
    maxBuffer: 256 * 1024 * 1024,
    env: process.env,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '{}' }));
  const seconds = (Date.now() - started) / 1000;
  const report = JSON.parse(stdout || '{}') as Partial<VerificationReport>;
  const blocks = report.blocksChecked ?? 0;
  const txs = report.transactionsChecked ?? 0;
  if (report.ok !== true)
    console.log(`  verifier: did not pass (${report.failures?.length ?? 'no report'} findings)`);
  return `${blocks} blocks, ${txs} transactions in ${fixed(seconds, 1)} s: ${fixed(blocks / seconds, 1)} blocks/s, ${fixed(txs / seconds, 1)} tx/s`;
}

interface Options {
  batch: number;
  inFlight: number;
  progressFile: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      checkpoints: { type: 'string', default: '10000,1000000' },
      batch: { type: 'string', default: '500' },
      'in-flight': { type: 'string', default: '4' },
      samples: { type: 'string', default: '200' },
      restart: { type: 'boolean', default: false },
      'no-verify': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const layout = layoutFromEnv();
  const topology = loadTopology(layout.topologyFile, portOffsetFromEnv());
  const checkpoints = values.checkpoints
    .split(',')
    .map(Number)
    .sort((a, b) => a - b);
  const options: Options = {
    batch: Number(values.batch),
    inFlight: Number(values['in-flight']),
    // Beside the ledger it describes: `network reset` deletes both, so a new ledger starts at 0.
    progressFile: join(layout.root, 'bench', 'million.json'),
  };
  const profile = (): GatewayProfile =>
    JSON.parse(readFileSync(layout.profileFile, 'utf8')) as GatewayProfile;
  if (!profile().identities.some((i) => `${i.org}/${i.name}` === PROBE_COMPANY)) {
    const [org, name] = PROBE_COMPANY.split('/') as [string, string];
    if ((await enrollIdentity(org, name, ['role=company', `uscc=${millionUscc(0)}`])) !== 0) {
      throw new Error(`enrolling ${PROBE_COMPANY} failed`);
    }
  }
  const clients = openClients(profile());
  await submitJson(
    clients.contract('gov/catalog-admin'),
    invocationName('catalog', 'LoadStarterCatalog'),
    {},
  );
  const progress = loadProgress(options.progressFile);
  console.log(`resuming at ${progress.registered} registered, ${progress.attested} attested`);
  const peers: [string, string][] = everyPeer(topology).map((ref) => [
    peerRefName(ref),
    layout.ledgerDir(peerHost(topology, ref.org, ref.peer)),
  ]);
  for (const target of checkpoints) {
    await grow(clients, progress, target, options);
    const consentId = await probeConsent(clients, join(dirname(options.progressFile), 'million-consent.txt'));
    const height = Math.max(
      ...(await Promise.all(everyPeer(topology).map((ref) => peerHeight(topology, ref)))),
    );
    console.log(`\n== ${target.toLocaleString('en')} companies, channel height ${height} ==`);
    console.log(`  disk: ${await diskUse(peers)}`);
    for (const line of await measureReads(clients, target, consentId, Number(values.samples)))
      console.log(line);
    if (!values['no-verify']) console.log(`  verifier: ${await verifierRate()}`);
  }
  clients.close();
  if (values.restart) {
    const cli = join(repoRoot, 'scripts/dist/network/cli.js');
    await run('node', [cli, 'down'], { env: process.env });
    const started = Date.now();
    await run('node', [cli, 'up'], { env: process.env, maxBuffer: 64 * 1024 * 1024 });
    console.log(`  network up with the large ledger: ${fixed((Date.now() - started) / 1000, 1)} s`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
