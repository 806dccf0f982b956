/**
 * `npm run bench:caliper`: Hyperledger Caliper 0.6 (peer-gateway connector, fabric-gateway 1.11) against the
 * running network. Installs Caliper on first use (benchmarks/caliper/sut, ~130 MB, kept out of the
 * project's install), prepares companies, a company identity, records and a consent, writes the network and
 * benchmark configuration under data/caliper/, runs the rounds, and keeps Caliper's HTML report there.
 */
import {
  invocationName,
  type AccessResponse,
  type ConsentResponse,
  type CurrentVersionsResponse,
} from '@sme-credit-ledger/contract';
import { enrollUser, readEnrolledUsers } from '@sme-credit-ledger/scripts/identities';
import { layoutFromEnv, portOffsetFromEnv, repoRoot } from '@sme-credit-ledger/scripts/layout';
import { status, type Network } from '@sme-credit-ledger/scripts/network';
import { writeProfile, type GatewayProfile } from '@sme-credit-ledger/scripts/profile';
import { loadTopology } from '@sme-credit-ledger/scripts/topology';
import {
  benchUscc,
  errorCode,
  evaluateConfidential,
  openClients,
  pool,
  submitJson,
  type Clients,
} from '@sme-credit-ledger/tools/bench-clients';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { caliperNetwork } from './caliper-network';
import type { AccessArgs } from './workloads/access-and-read';
import type { AttestArgs } from './workloads/attest';
import type { GrantArgs } from './workloads/grant-consent';

/** The pinned Caliper install: its package.json and lock live in the repository. */
const SUT_SOURCE = join(repoRoot, 'benchmarks', 'caliper', 'sut');
/**
 * Installed outside the repository: Caliper picks its Fabric connector by which SDKs `require` finds, and
 * from inside the repository it would also find the examples' fabric-network and refuse two bindings.
 */
const SUT_DIR = resolve(
  process.env.SME_CALIPER_HOME ?? join(homedir(), '.cache', 'sme-credit-ledger', 'caliper-0.6.0'),
);
const CALIPER = join(SUT_DIR, 'node_modules', '@hyperledger', 'caliper-cli', 'caliper.js');
const WORKLOADS = join(repoRoot, 'benchmarks', 'caliper', 'dist', 'workloads');
/** Bench companies of their own (the chaincode bench uses indexes below 625). */
const FIRST_COMPANY = 5_000;
const COMPANIES = 100;
const CATEGORIES = ['TAX_PAYMENT', 'TAX_CREDIT_RATING', 'INVOICE_VOLUME'];
const COMPANY_USER = 'caliper-company';
const ROUND_SECONDS = Number(process.env.CALIPER_ROUND_SECONDS ?? 30);
const log = (line: string): void => console.log(`[caliper] ${line}`);

function ensureCaliper(): void {
  const lock = (dir: string): string => readFileSync(join(dir, 'package-lock.json'), 'utf8');
  if (existsSync(CALIPER) && lock(SUT_DIR) === lock(SUT_SOURCE)) return;
  log(
    `installing Caliper 0.6.0 into ${SUT_DIR} (once per lock change; about 130 MB from the npm registry) ...`,
  );
  mkdirSync(SUT_DIR, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) {
    copyFileSync(join(SUT_SOURCE, file), join(SUT_DIR, file));
  }
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: SUT_DIR, stdio: 'inherit' });
}

async function registered(clients: Clients, uscc: string): Promise<boolean> {
  try {
    await clients
      .contract('gov/samr-officer')
      .evaluate(invocationName('company', 'GetCompany'), { arguments: [JSON.stringify({ uscc })] });
    return true;
  } catch (error) {
    if (errorCode(error) === 'NOT_FOUND') return false;
    throw error;
  }
}

/** Companies, the catalog, a company identity with one attested record per category, and its consent. */
async function prepare(network: Network): Promise<{
  pairs: AttestArgs['pairs'];
  access: Omit<AccessArgs, 'chaincode' | 'bank'>;
  companyUscc: string;
}> {
  const readProfile = (): GatewayProfile =>
    JSON.parse(readFileSync(network.layout.profileFile, 'utf8')) as GatewayProfile;
  const companyUscc = benchUscc(FIRST_COMPANY);
  if (!readEnrolledUsers(network.layout).some((u) => u.org === 'gov' && u.name === COMPANY_USER)) {
    await enrollUser(network.topology, network.layout, {
      org: 'gov',
      name: COMPANY_USER,
      attrs: { role: 'company', uscc: companyUscc },
    });
    writeProfile(network.topology, network.layout);
  }
  const clients = openClients(readProfile());
  try {
    await submitJson(
      clients.contract('gov/catalog-admin'),
      invocationName('catalog', 'LoadStarterCatalog'),
      {},
    );
    const usccs = Array.from({ length: COMPANIES }, (_, i) => benchUscc(FIRST_COMPANY + i));
    await pool(16, usccs.length, async (index) => {
      const uscc = usccs[index] ?? '';
      if (await registered(clients, uscc)) return;
      await submitJson(clients.contract('gov/samr-officer'), invocationName('company', 'RegisterCompany'), {
        requestId: `caliper-${randomUUID()}`,
        uscc,
      });
    });
    const tax = clients.contract('gov/tax-officer');
    const items = CATEGORIES.map((category) => ({
      uscc: companyUscc,
      category,
      schemaVersion: 1,
      effectiveDate: '2026-11-01',
      record: { periodMonth: '2026-10', paidCny: 1000, onTime: true },
      salt: randomBytes(16).toString('hex'),
    }));
    // AttestBatch takes its items in transient data: through the contract API directly.
    await tax.submit(invocationName('attestation', 'AttestBatch'), {
      arguments: [JSON.stringify({ requestId: `caliper-${randomUUID()}` })],
      transientData: { batch: JSON.stringify(items) },
      endorsingOrganizations: ['GovMSP'],
    });
    const { consent } = await submitJson<ConsentResponse>(
      clients.contract(`gov/${COMPANY_USER}`),
      invocationName('consent', 'GrantConsent'),
      {
        requestId: `caliper-${randomUUID()}`,
        uscc: companyUscc,
        bankMspId: 'Bank1MSP',
        categories: CATEGORIES,
        purpose: 'credit-review',
        validFrom: new Date(Date.now() - 60_000).toISOString(),
        validUntil: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
    );
    const request = {
      consentId: consent.consentId,
      uscc: companyUscc,
      categories: CATEGORIES,
      purpose: 'credit-review' as const,
    };
    const { versions } = await evaluateConfidential<CurrentVersionsResponse>(
      clients.contract('bank1/officer', 'gov'),
      invocationName('access', 'CurrentVersions'),
      request,
    );
    // One access first, so a refusal (wrong setup) shows here rather than as failed Caliper transactions.
    const { access: probe } = await submitJson<AccessResponse>(
      clients.contract('bank1/officer', 'gov'),
      invocationName('access', 'RecordAccess'),
      {
        requestId: `caliper-${randomUUID()}`,
        ...request,
        versions,
      },
    );
    if (probe.outcome !== 'granted') throw new Error(`the prepared access is refused: ${probe.refusalCode}`);
    return {
      pairs: usccs.flatMap((uscc) => CATEGORIES.map((category) => ({ uscc, category }))),
      access: { ...request, versions },
      companyUscc,
    };
  } finally {
    clients.close();
  }
}

function round(label: string, module: string, load: number, args: object): Record<string, unknown> {
  return {
    label,
    txDuration: ROUND_SECONDS,
    rateControl: { type: 'fixed-load', opts: { transactionLoad: load } },
    workload: { module: join(WORKLOADS, `${module}.js`), arguments: args },
  };
}

async function main(): Promise<number> {
  const layout = layoutFromEnv();
  const topology = loadTopology(layout.topologyFile, portOffsetFromEnv());
  const network: Network = { topology, layout, log };
  const down = status(network).filter(
    (s) => !s.running && s.spec.kind !== 'chaincode' && s.spec.kind !== 'monitor',
  );
  if (down.length > 0)
    throw new Error(
      `network processes down: ${down.map((s) => s.spec.name).join(', ')}; run npm run network:up`,
    );
  ensureCaliper();
  log('preparing companies, records and a consent ...');
  const prepared = await prepare(network);
  const dir = join(layout.root, '..', 'caliper');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const profileFile = (org: string): string => join(dir, `connection-${org}.json`);
  const { network: networkConfig, profiles } = caliperNetwork(
    topology,
    layout,
    readEnrolledUsers(layout),
    profileFile,
  );
  for (const [org, profile] of profiles) writeFileSync(profileFile(org), JSON.stringify(profile, null, 2));
  writeFileSync(join(dir, 'network.yaml'), stringify(networkConfig));
  const chaincode = topology.chaincode.name;
  const department = { identity: 'tax-officer', mspId: 'GovMSP' };
  const attest: AttestArgs = { chaincode, department, pairs: prepared.pairs, batchSize: 1 };
  const grant: GrantArgs = {
    chaincode,
    company: { identity: COMPANY_USER, mspId: 'GovMSP' },
    uscc: prepared.companyUscc,
    bankMspId: 'Bank1MSP',
    categories: CATEGORIES,
  };
  const access: AccessArgs = {
    chaincode,
    bank: { identity: 'officer', mspId: 'Bank1MSP' },
    ...prepared.access,
  };
  const benchmark = {
    test: {
      name: 'sme-credit-ledger',
      description:
        'Attestations, consent grants, recorded accesses and authorized reads on the credit chaincode',
      workers: { number: 2 },
      rounds: [
        round('attest', 'attest', 8, attest),
        round('attest-batch-20', 'attest', 2, { ...attest, batchSize: 20 }),
        round('grant-consent', 'grant-consent', 8, grant),
        round('access-and-read', 'access-and-read', 8, access),
      ],
    },
  };
  writeFileSync(join(dir, 'benchmark.yaml'), stringify(benchmark));
  const report = join(dir, 'report.html');
  log(`running ${benchmark.test.rounds.length} rounds of ${ROUND_SECONDS} s with 2 workers ...`);
  const run = spawnSync(
    process.execPath,
    [
      CALIPER,
      'launch',
      'manager',
      `--caliper-workspace=${dir}`,
      `--caliper-networkconfig=${join(dir, 'network.yaml')}`,
      `--caliper-benchconfig=${join(dir, 'benchmark.yaml')}`,
      '--caliper-flow-only-test',
      `--caliper-report-path=${report}`,
    ],
    { stdio: 'inherit', cwd: dir },
  );
  log(`HTML report: ${report}`);
  return run.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[caliper] error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
