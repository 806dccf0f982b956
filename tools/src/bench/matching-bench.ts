import {
  invocationName,
  TRANSIENT_FIELDS,
  type MatchProductsResponse,
  type Page,
  type Product,
} from '@sme-credit-ledger/contract';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { layoutFromEnv } from '@sme-credit-ledger/scripts/layout';
import type { GatewayProfile } from '@sme-credit-ledger/scripts/profile';
import {
  errorCode,
  evaluateConfidential,
  openClients,
  pool,
  submitJson,
  type Clients,
} from './bench-clients';
import { fixed, percentile } from './bench-report';

/**
 * Matching latency for one company against N published products on the running local network: the
 * company's MatchProducts evaluation on the gov peer, as its client sends it (transient request, sealed
 * answer opened), answering the top 10, the top 100 (the default) and the top 1,000 (the most one answer
 * holds), in alternating rounds with a floor: the cheapest evaluation on the same peer (catalog:GetCategory),
 * the machine's round trip at its load.
 * BENCH_PRODUCTS (default `1000`, e.g. `1000,10000`) are the catalogue sizes, reached by publishing
 * `bench-product-<i>` offers of Bank1 and Bank2 that are missing (kept after, so a rerun publishes nothing);
 * BENCH_ROUNDS (default 30) evaluations per variant and size.
 */
const SIZES = (process.env.BENCH_PRODUCTS ?? '1000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const COMPANY = 'gov/shenghua';
const USCC = '91441300MA4UQ7R20Q';
const BANKS = ['bank1/officer', 'bank2/officer'];
const MATCH = invocationName('application', 'MatchProducts');

function benchProduct(index: number): Record<string, unknown> {
  const rules = [
    {
      id: 'tax',
      category: 'TAX_CREDIT_RATING',
      field: 'rating',
      op: 'in',
      value: index % 3 === 0 ? ['A'] : ['A', 'B'],
    },
    { id: 'si', category: 'SOCIAL_INSURANCE', field: 'paidMonths', op: '>=', value: 6 + (index % 24) },
    {
      id: 'court',
      category: 'COURT_ENFORCEMENT',
      field: 'lastEnforcementDate',
      op: 'not-within-last-months',
      value: 24,
    },
  ];
  return {
    productId: `bench-product-${index}`,
    name: `Bench offer ${index}`,
    type: ['supply-chain', 'trade', 'working-capital', 'credit-line'][index % 4],
    amountYuan: { min: 100_000, max: 1_000_000 + 10_000 * (index % 100) },
    termMonths: { min: 3, max: 36 },
    rateBps: { min: 300 + (index % 200), max: 800 },
    rules: rules.slice(0, 1 + (index % 3)),
    ...(index % 2 === 0 ? { straightThrough: { minScore: 40 + (index % 50), rateBps: 600 } } : {}),
  };
}

async function existingBenchProducts(clients: Clients, bankMspId: string): Promise<Set<string>> {
  const found = new Set<string>();
  let bookmark = '';
  do {
    const page = JSON.parse(
      new TextDecoder().decode(
        await clients.contract(COMPANY, 'gov').evaluate(invocationName('product', 'ListProducts'), {
          arguments: [JSON.stringify({ bankMspId, pageSize: 100, ...(bookmark === '' ? {} : { bookmark }) })],
        }),
      ),
    ) as Page<Product>;
    page.items.filter((p) => p.productId.startsWith('bench-product-')).forEach((p) => found.add(p.productId));
    bookmark = page.bookmark;
  } while (bookmark !== '');
  return found;
}

/** Publications of one bank share its matching-view shards: one that lost an MVCC race is endorsed again. */
async function publishOne(clients: Clients, bank: string, index: number): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await submitJson(clients.contract(bank, 'gov'), invocationName('product', 'PublishProduct'), {
        requestId: `bench-product-${index}-v1`,
        product: benchProduct(index),
      });
      return;
    } catch (error) {
      if (attempt >= 10 || !/^(MVCC_READ|PHANTOM_READ)_CONFLICT$/.test(errorCode(error))) throw error;
    }
  }
}

async function publishUpTo(clients: Clients, size: number): Promise<void> {
  const existing = new Set([
    ...(await existingBenchProducts(clients, 'Bank1MSP')),
    ...(await existingBenchProducts(clients, 'Bank2MSP')),
  ]);
  const missing = Array.from({ length: size }, (_, i) => i).filter(
    (i) => !existing.has(`bench-product-${i}`),
  );
  const started = performance.now();
  let failed = 0;
  await pool(16, missing.length, async (slot) => {
    const index = missing[slot] ?? 0;
    const bank = BANKS[index % BANKS.length] ?? 'bank1/officer';
    await publishOne(clients, bank, index).catch((error: unknown) => {
      failed += 1;
      if (failed <= 3) console.error(`publish ${index}: ${errorCode(error)}`);
    });
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `published ${missing.length - failed} missing products in ${fixed(seconds, 1)} s (${failed} failed)`,
  );
}

async function seedCompany(clients: Clients): Promise<void> {
  const gov = (identity: string) => clients.contract(identity, 'gov');
  await submitJson(gov('gov/catalog-admin'), invocationName('catalog', 'LoadStarterCatalog'), {});
  await submitJson(gov('gov/samr-officer'), invocationName('company', 'RegisterCompany'), {
    requestId: `bench-${randomUUID()}`,
    uscc: USCC,
  }).catch((error: unknown) => {
    if (errorCode(error) !== 'CONFLICT') throw error;
  });
  await gov('gov/tax-officer').submit(invocationName('attestation', 'Attest'), {
    arguments: [
      JSON.stringify({
        requestId: `bench-${randomUUID()}`,
        uscc: USCC,
        category: 'TAX_CREDIT_RATING',
        schemaVersion: 1,
        effectiveDate: '2026-10-01',
      }),
    ],
    transientData: {
      [TRANSIENT_FIELDS.record]: Buffer.from(JSON.stringify({ year: 2025, rating: 'B' })),
      [TRANSIENT_FIELDS.salt]: Buffer.from(randomBytes(16).toString('hex')),
    },
    endorsingOrganizations: ['GovMSP'],
  });
}

/** One evaluation of the variant: a MatchProducts answering `limit` items, or the floor (limit 0). */
async function timeOne(clients: Clients, limit: number): Promise<{ ms: number; total?: number }> {
  const contract = clients.contract(COMPANY, 'gov');
  const started = performance.now();
  if (limit === 0) {
    // The floor: the cheapest evaluation on the same peer (one key read), so a figure reads against the
    // machine's own round trip at its load.
    await contract.evaluate(invocationName('catalog', 'GetCategory'), {
      arguments: [JSON.stringify({ code: 'TAX_CREDIT_RATING' })],
    });
    return { ms: performance.now() - started };
  }
  const answer = await evaluateConfidential<MatchProductsResponse>(contract, MATCH, { uscc: USCC, limit });
  return { ms: performance.now() - started, total: answer.total };
}

async function measure(clients: Clients, size: number): Promise<string[]> {
  const variants = { floor: 0, top10: 10, top100: 100, top1000: 1_000 };
  const latencies: Record<string, number[]> = { floor: [], top10: [], top100: [], top1000: [] };
  let total = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    // Alternate the variants so drift in machine load falls on all alike.
    for (const [name, limit] of Object.entries(variants)) {
      const timed = await timeOne(clients, limit);
      latencies[name]?.push(timed.ms);
      total = timed.total ?? total;
    }
  }
  return Object.entries(latencies).map(
    ([name, values]) =>
      `| ${size} | ${total} | ${name} | ${values.length} | ${fixed(percentile(values, 50))} | ${fixed(percentile(values, 95))} | ${fixed(percentile(values, 99))} |`,
  );
}

async function main(): Promise<void> {
  const layout = layoutFromEnv();
  const profile = JSON.parse(readFileSync(layout.profileFile, 'utf8')) as GatewayProfile;
  const clients = openClients(profile);
  try {
    await seedCompany(clients);
    const rows: string[] = [];
    for (const size of SIZES) {
      await publishUpTo(clients, size);
      rows.push(...(await measure(clients, size)));
    }
    console.log('| products | active | answer | rounds | p50 ms | p95 ms | p99 ms |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    rows.forEach((row) => console.log(row));
  } finally {
    clients.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
