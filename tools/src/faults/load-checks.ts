/**
 * Item 4 of issue 14, printed by the fault suite: a long mixed load (MVCC conflicts < 2 % and none left
 * unresolved), bulk attestation in batches (every hash on the ledger exactly once), 8 clients attesting
 * the same company and category at once (one record each, none overwritten), and a burst above the peer
 * gateway's concurrency limit (queued or 503 with Retry-After, never 500, nothing lost).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Suite } from './fault-runner';
import { converge, underLoad } from './fault-runner';
import { indexLedger, peerTips } from './ledger-scan';
import { ATTESTERS, COMPANIES, loadUscc, registerCompanies } from './load-fixture';
import { attempt, txIdOf } from './mixed-load';
import { computeFigures, isAccepted, type RequestRecord } from './request-log';
import type { SuiteRow } from './suite-report';

type Log = (message: string) => void;
const TAX_CATEGORIES = ['TAX_PAYMENT', 'TAX_CREDIT_RATING', 'INVOICE_VOLUME', 'ADMINISTRATIVE_PENALTIES'];

const recordFor = (category: string, n: number): Record<string, unknown> => {
  switch (category) {
    case 'TAX_PAYMENT':
      return { period: `2026-${n}`, paidYuan: n, overdue: false };
    case 'TAX_CREDIT_RATING':
      return { year: 2000 + (n % 26), rating: 'B' };
    case 'INVOICE_VOLUME':
      return { quarter: `Q${n}`, invoices: n, amountYuan: n * 10 };
    default:
      return { count: n, lastPenaltyDate: '2026-01-01' };
  }
};

async function height(suite: Suite): Promise<number> {
  return Math.max(0, ...(await peerTips(suite.profile)).map((tip) => tip.height));
}

/** Indexes from `before` once every peer holds the same chain (the auditor's peer may lag the gov peer). */
async function settledIndex(suite: Suite, before: number) {
  await converge(suite, Date.now());
  return indexLedger(suite.profile, 'auditor', Math.max(0, before - 1));
}

/** Sends `requests` at once as `identity` (no retries), recording each outcome. */
async function burst(
  url: string,
  token: string,
  kind: RequestRecord['kind'],
  org: string,
  bodies: readonly { id: string; body: unknown }[],
): Promise<{ records: RequestRecord[]; answers: Awaited<ReturnType<typeof attempt>>[] }> {
  const answers = await Promise.all(
    bodies.map(async ({ id, body }) => {
      const startedAt = Date.now();
      const answer = await attempt(url, token, id, body, 180_000);
      return { id, startedAt, answer };
    }),
  );
  const records = answers.map(({ id, startedAt, answer }) => ({
    id,
    kind,
    org,
    startedAt,
    endedAt: Date.now(),
    attempts: 1,
    status: answer.status,
    ...(answer.code === undefined ? {} : { code: answer.code }),
    ...(answer.retryAfter === undefined ? {} : { retryAfter: answer.retryAfter }),
    ...(txIdOf(answer.body) === undefined ? {} : { txId: txIdOf(answer.body) }),
  }));
  return { records, answers: answers.map((entry) => entry.answer) };
}

async function longMixedLoad(suite: Suite, seconds: number): Promise<SuiteRow> {
  const row = await underLoad(suite, `mixed load ${seconds} s`, () => sleep(seconds * 1000), {
    warmupMs: 0,
    afterMs: 0,
  });
  const figures = row.figures;
  if (figures !== undefined) {
    row.extra = `MVCC conflicts ${figures.conflictPercent.toFixed(2)} % of valid txs, client retries ${figures.clientRetries}`;
    if (figures.conflictPercent >= 2) row.problems.push('MVCC conflicts >= 2 %');
    const unresolved = Object.keys(figures.failedByCause).filter((cause) => /CONFLICT|MVCC/.test(cause));
    if (unresolved.length > 0) row.problems.push(`conflicts left unresolved: ${unresolved.join(', ')}`);
  }
  return row;
}

async function sameTarget(suite: Suite): Promise<SuiteRow> {
  const attester = ATTESTERS[0];
  const company = COMPANIES[0];
  if (attester === undefined || company === undefined) throw new Error('no fixture');
  const before = await height(suite);
  const started = Date.now();
  const bodies = Array.from({ length: 8 }, (_, n) => ({
    id: `same-${started.toString(36)}-${n}`,
    body: {
      uscc: company.uscc,
      category: attester.category,
      effectiveDate: '2026-10-01',
      record: attester.record(n),
    },
  }));
  const { records, answers } = await burst(
    `${suite.fixture.services.gov ?? ''}/v1/attestations`,
    suite.fixture.tokens[attester.identity] ?? '',
    'attest',
    'gov',
    bodies,
  );
  const index = await settledIndex(suite, before);
  const figures = computeFigures(records, index, { from: started, to: Date.now() });
  const versions = answers
    .map((answer) => (answer.body?.attestation as { version?: number } | undefined)?.version)
    .filter((version): version is number => version !== undefined);
  const problems: string[] = [];
  if (new Set(versions).size !== versions.length) problems.push(`versions repeat: ${versions.join(',')}`);
  if (figures.committed !== 8) problems.push(`${figures.committed} of 8 on the ledger`);
  return {
    name: '8 clients attest one company+category at once',
    figures,
    problems,
    note: '',
    extra: `versions ${[...versions].sort((a, b) => a - b).join(',')}`,
  };
}

async function bulk(suite: Suite, records: number, batchSize: number, log: Log): Promise<SuiteRow> {
  const companies = Math.ceil(batchSize / TAX_CATEGORIES.length);
  const usccs = Array.from({ length: companies }, (_, n) => loadUscc(n));
  log(`bulk: registering ${companies} companies`);
  await registerCompanies(
    {
      url: (org) => suite.fixture.services[org] ?? '',
      token: (identity) => suite.instance.token(identity),
      banks: [],
    },
    usccs,
  );
  const targets = usccs
    .flatMap((uscc) => TAX_CATEGORIES.map((category) => ({ uscc, category })))
    .slice(0, batchSize);
  const before = await height(suite);
  const started = Date.now();
  const token = suite.fixture.tokens['gov/tax-officer'] ?? '';
  const url = `${suite.fixture.services.gov ?? ''}/v1/attestations/batch`;
  const batches = Math.ceil(records / batchSize);
  const all: RequestRecord[] = [];
  const hashes: string[] = [];
  // One batch in flight: consecutive batches write the same targets (new versions), so parallel ones would conflict.
  for (let batch = 0; batch < batches; batch++) {
    const size = Math.min(batchSize, records - batch * batchSize);
    const id = `bulk-${started.toString(36)}-${batch}`;
    const body = {
      items: targets.slice(0, size).map((target) => ({
        ...target,
        effectiveDate: '2026-10-01',
        record: recordFor(target.category, started + batch),
      })),
    };
    const startedAt = Date.now();
    let answer = await attempt(url, token, id, body, 300_000);
    for (let retry = 0; retry < 5 && [0, 502, 503, 504].includes(answer.status); retry++) {
      await sleep(2000);
      answer = await attempt(url, token, id, body, 300_000);
    }
    all.push({
      id,
      kind: 'attest-batch',
      org: 'gov',
      startedAt,
      endedAt: Date.now(),
      attempts: 1,
      status: answer.status,
      ...(answer.code === undefined ? {} : { code: answer.code }),
    });
    const attestations = (answer.body?.attestations ?? []) as { hash?: string }[];
    hashes.push(...attestations.map((attestation) => attestation.hash ?? ''));
    if (batch % 20 === 0) log(`bulk: batch ${batch + 1}/${batches}`);
  }
  const seconds = (Date.now() - started) / 1000;
  const index = await settledIndex(suite, before);
  const figures = computeFigures(all, index, { from: started, to: Date.now() });
  const once = hashes.filter((hash) => index.hashes.get(hash) === 1).length;
  const problems: string[] = [];
  if (once !== records)
    problems.push(`${once} of ${records} hashes exactly once on the ledger (${hashes.length} answered)`);
  return {
    name: `bulk attest ${records} records in batches of ${batchSize}`,
    figures,
    problems,
    note: '',
    extra: `hashes exactly once ${once}/${records}; ${(records / seconds).toFixed(0)} records/s`,
  };
}

async function overLimit(suite: Suite, requests: number): Promise<SuiteRow> {
  const bank = suite.fixture.banks[0];
  const company = suite.fixture.companies[0];
  if (bank === undefined || company === undefined) throw new Error('no fixture');
  const org = bank.identity.split('/')[0] ?? '';
  const before = await height(suite);
  const started = Date.now();
  const bodies = Array.from({ length: requests }, (_, n) => ({
    id: `over-${started.toString(36)}-${n}`,
    body: {
      consentId: company.readConsents[bank.mspId],
      purpose: 'credit-review',
      categories: [suite.fixture.readCategory],
    },
  }));
  const { records } = await burst(
    `${suite.fixture.services[org] ?? ''}/v1/companies/${company.uscc}/profile-reads`,
    suite.fixture.tokens[bank.identity] ?? '',
    'read',
    org,
    bodies,
  );
  const index = await settledIndex(suite, before);
  const figures = computeFigures(records, index, { from: started, to: Date.now() });
  const problems: string[] = [];
  if (figures.unavailableWithoutRetryAfter > 0)
    problems.push(`${figures.unavailableWithoutRetryAfter} 503 without Retry-After`);
  // Queued (2xx) or told when to come back (503): a 500, 502, 504 or no answer is a failure here.
  const other = records.filter((record) => !isAccepted(record) && record.status !== 503).length;
  if (other > 0) problems.push(`${other} answers neither 2xx nor 503`);
  return {
    name: `${requests} concurrent reads at one bank (peer gateway limit 500)`,
    figures,
    problems,
    note: '',
  };
}

/** The load checks by the name `--only` selects them with, in the order they run. */
export const LOAD_CHECK_NAMES = ['mixed load', 'same target', 'bulk', 'concurrent reads over the limit'];

export async function runLoadChecks(
  suite: Suite,
  mode: 'full' | 'short',
  log: Log,
  only?: readonly string[],
): Promise<SuiteRow[]> {
  const rows: SuiteRow[] = [];
  const guard = async (name: string, run: () => Promise<SuiteRow>) => {
    if (only !== undefined && !only.some((text) => name.includes(text))) return;
    log(`${name}`);
    try {
      rows.push(await run());
    } catch (error) {
      rows.push({ name, problems: [error instanceof Error ? error.message : String(error)], note: '' });
    }
  };
  await guard('mixed load', () => longMixedLoad(suite, mode === 'full' ? 300 : 20));
  await guard('same target', () => sameTarget(suite));
  await guard('bulk', () =>
    // The short form registers 25 companies instead of 125: batches of 100 targets.
    mode === 'full'
      ? bulk(suite, Number(process.env.SME_FAULTS_BULK_RECORDS ?? 100_000), 500, log)
      : bulk(suite, 2_000, 100, log),
  );
  if (mode === 'full') await guard('concurrent reads over the limit', () => overLimit(suite, 600));
  return rows;
}
