import {
  invocationName,
  TRANSIENT_FIELDS,
  type ApplicationResponse,
  type MatchProductsResponse,
} from '@sme-credit-ledger/contract';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { enrollUser } from '@sme-credit-ledger/scripts/identities';
import { layoutFromEnv, portOffsetFromEnv } from '@sme-credit-ledger/scripts/layout';
import { writeProfile, type GatewayProfile } from '@sme-credit-ledger/scripts/profile';
import { loadTopology } from '@sme-credit-ledger/scripts/topology';
import {
  benchUscc,
  errorCode,
  evaluateConfidential,
  openClients,
  submitJson,
  type Clients,
} from './bench-clients';
import { fixed, percentile } from './bench-report';

/**
 * Application to recorded decision, straight through, with BENCH_COMPANIES (default 16) companies applying
 * at once, BENCH_ROUNDS (default 3) times, on the running local network. Each company matches (on the gov
 * peer) then applies; the Apply transaction records the decision, so its submit-to-commit time is the time
 * from application to recorded decision. Companies are `gov/fin-company-<i>` with USCCs 91440300BN...
 * (enrolled, registered and attested on the first run, kept after); Bank1 publishes one straight-through
 * product.
 */
const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FIRST_INDEX = 1000;
const PRODUCT_ID = 'decision-bench-straight-through';

const companyName = (i: number): string => `fin-company-${i}`;
const companyUscc = (i: number): string => benchUscc(FIRST_INDEX + i);

async function setup(clients: Clients): Promise<Clients> {
  const gov = (identity: string) => clients.contract(identity, 'gov');
  await submitJson(gov('gov/catalog-admin'), invocationName('catalog', 'LoadStarterCatalog'), {});
  const records: [string, string, object][] = [
    ['gov/tax-officer', 'TAX_CREDIT_RATING', { year: 2025, rating: 'A' }],
    ['gov/court-officer', 'COURT_ENFORCEMENT', { openCases: 0, dishonestDebtor: false }],
    ['gov/hrss-officer', 'SOCIAL_INSURANCE', { paidMonths: 36, insuredEmployees: 80 }],
    ['gov/samr-officer', 'BUSINESS_REGISTRATION', { status: 'active', established: '2015-06-01' }],
  ];
  for (let i = 0; i < COMPANIES; i += 1) {
    await submitJson(gov('gov/samr-officer'), invocationName('company', 'RegisterCompany'), {
      requestId: `fin-register-${companyUscc(i)}`,
      uscc: companyUscc(i),
    }).catch((error: unknown) => {
      if (errorCode(error) !== 'CONFLICT') throw error;
    });
  }
  for (const [department, category, record] of records) {
    const batch = Array.from({ length: COMPANIES }, (_, i) => ({
      uscc: companyUscc(i),
      category,
      schemaVersion: 1,
      effectiveDate: '2026-10-01',
      record,
      salt: randomBytes(16).toString('hex'),
    }));
    await gov(department).submit(invocationName('attestation', 'AttestBatch'), {
      arguments: [JSON.stringify({ requestId: `fin-${randomUUID()}` })],
      transientData: { [TRANSIENT_FIELDS.batch]: Buffer.from(JSON.stringify(batch)) },
      endorsingOrganizations: ['GovMSP'],
    });
  }
  await submitJson(clients.contract('bank1/officer', 'gov'), invocationName('product', 'PublishProduct'), {
    requestId: `${PRODUCT_ID}-v1`,
    product: {
      productId: PRODUCT_ID,
      name: 'Straight-through supply-chain loan',
      type: 'supply-chain',
      amountYuan: { min: 100_000, max: 5_000_000 },
      termMonths: { min: 3, max: 24 },
      rateBps: { min: 345, max: 600 },
      rules: [{ id: 'tax', category: 'TAX_CREDIT_RATING', field: 'rating', op: 'in', value: ['A', 'B'] }],
      straightThrough: { minScore: 50, rateBps: 385 },
    },
  });
  const layout = layoutFromEnv();
  const topology = loadTopology(layout.topologyFile, portOffsetFromEnv());
  const missing = Array.from({ length: COMPANIES }, (_, i) => i).filter(
    (i) =>
      !clients.profile.identities.some(
        (identity) => identity.org === 'gov' && identity.name === companyName(i),
      ),
  );
  if (missing.length === 0) return clients;
  for (const i of missing) {
    await enrollUser(topology, layout, {
      org: 'gov',
      name: companyName(i),
      attrs: { role: 'company', uscc: companyUscc(i) },
    });
  }
  writeProfile(topology, layout);
  clients.close();
  console.log(`setup: enrolled ${missing.length} bench companies`);
  return openClients(JSON.parse(readFileSync(layout.profileFile, 'utf8')) as GatewayProfile);
}

async function applyOnce(clients: Clients, i: number): Promise<{ apply: number; total: number }> {
  const contract = clients.contract(`gov/${companyName(i)}`, 'gov');
  const started = performance.now();
  const matched = await evaluateConfidential<MatchProductsResponse>(
    contract,
    invocationName('application', 'MatchProducts'),
    {
      uscc: companyUscc(i),
      bankMspId: 'Bank1MSP',
      productIds: [PRODUCT_ID],
    },
  );
  const item = matched.items[0];
  if (item === undefined) throw new Error(`company ${i}: ${PRODUCT_ID} not matched`);
  const applying = performance.now();
  const { application } = await submitJson<ApplicationResponse>(
    contract,
    invocationName('application', 'Apply'),
    {
      requestId: `fin-${randomUUID()}`,
      evaluation: item.evaluation,
      evaluationTag: item.evaluationTag,
      amountYuan: 1_120_000,
      termMonths: 12,
    },
  );
  if (application.status !== 'approved') throw new Error(`company ${i}: ${application.status}, not approved`);
  const done = performance.now();
  return { apply: (done - applying) / 1000, total: (done - started) / 1000 };
}

async function main(): Promise<void> {
  const layout = layoutFromEnv();
  let clients = openClients(JSON.parse(readFileSync(layout.profileFile, 'utf8')) as GatewayProfile);
  try {
    clients = await setup(clients);
    const apply: number[] = [];
    const total: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const results = await Promise.all(Array.from({ length: COMPANIES }, (_, i) => applyOnce(clients, i)));
      results.forEach((result) => {
        apply.push(result.apply);
        total.push(result.total);
      });
    }
    console.log(
      `| companies at once | applications | apply → decision p50 s | p95 s | match + apply p50 s | p95 s |`,
    );
    console.log('| --- | --- | --- | --- | --- | --- |');
    console.log(
      `| ${COMPANIES} | ${apply.length} | ${fixed(percentile(apply, 50), 2)} | ${fixed(percentile(apply, 95), 2)} | ${fixed(percentile(total, 50), 2)} | ${fixed(percentile(total, 95), 2)} |`,
    );
  } finally {
    clients.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
