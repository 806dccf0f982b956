import type { Contract, ProposalOptions } from '@hyperledger/fabric-gateway';
import {
  ENDORSING_ORGANIZATIONS,
  TRANSIENT_FIELDS,
  invocationName,
  type BatchAttestationItem,
} from '@sme-credit-ledger/contract';
import { randomBytes, randomUUID } from 'node:crypto';
import { benchUscc, errorCode, json, pool, submitJson, type Clients } from './bench-clients';
import { sample, usageBetween, type Machine } from './bench-machine';
import { fixed, percentile, type PhaseResult } from './bench-report';

/**
 * The timed phases the chaincode bench and the cost bench share: a phase keeps N operations in flight for a
 * fixed time, and the attestation phases submit Attest or AttestBatch as the TAX officer.
 */

/** Bench companies registered by the chaincode bench: 625 x 4 TAX categories = 2,500 (company, category) pairs. */
export const COMPANY_COUNT = 625;
/** TAX may attest these four. */
export const TAX_CATEGORIES = [
  'TAX_PAYMENT',
  'TAX_CREDIT_RATING',
  'INVOICE_VOLUME',
  'ADMINISTRATIVE_PENALTIES',
];

/**
 * Keeps `concurrency` operations in flight for `phaseMs`. `operation` returns how many records it handled;
 * its latency is counted only when it succeeds, failures are counted by error code. The phase ends when the
 * last operation in flight ends, so records/s counts only what completed (committed, for submits).
 */
export async function timedPhase(
  machine: Machine,
  phaseMs: number,
  phase: Pick<PhaseResult, 'name' | 'concurrency' | 'batchSize'>,
  operation: (worker: number, submitted: () => void) => Promise<number>,
): Promise<PhaseResult> {
  const result = {
    ...phase,
    txs: 0,
    records: 0,
    failed: new Map<string, number>(),
    latencies: [] as number[],
    submittedLatencies: [] as number[],
  };
  const start = await sample(machine);
  const worker = async (w: number): Promise<void> => {
    while (Date.now() < start.at + phaseMs) {
      const began = performance.now();
      try {
        // Not `records += await …`: that reads `records` before the await and loses concurrent updates.
        const records = await operation(w, () => result.submittedLatencies.push(performance.now() - began));
        result.records += records;
        result.latencies.push(performance.now() - began);
        result.txs += 1;
      } catch (error) {
        const code = errorCode(error);
        result.failed.set(code, (result.failed.get(code) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: phase.concurrency }, (_, w) => worker(w)));
  const end = await sample(machine);
  const attempts = result.txs + [...result.failed.values()].reduce((a, b) => a + b, 0);
  const phaseResult = {
    ...result,
    seconds: (end.at - start.at) / 1000,
    usage: usageBetween(start, end, attempts),
  };
  console.log(
    `${phase.name} x${phase.concurrency} (${phase.batchSize}/tx): ${fixed(result.records / phaseResult.seconds)} records/s ` +
      `(${result.records} in ${fixed(phaseResult.seconds, 1)} s), p50 ${fixed(percentile(result.latencies, 50), 1)} ms`,
  );
  return phaseResult;
}

function taxRecord(): Record<string, unknown> {
  return {
    arrears: false,
    paidCny: 100_000 + Math.floor(Math.random() * 9_000_000),
    period: '2026-Q3',
    taxOffice: '国家税务总局深圳市税务局',
    taxType: 'VAT',
  };
}

/** Attest for one item, AttestBatch for more: request argument and transient data (raw data only there). */
function attestationProposal(items: BatchAttestationItem[]): [string, ProposalOptions] {
  const requestId = `bench-${randomUUID()}`;
  const [first] = items;
  if (items.length === 1 && first !== undefined) {
    const { uscc, category, schemaVersion, effectiveDate } = first;
    return [
      invocationName('attestation', 'Attest'),
      {
        arguments: [JSON.stringify({ requestId, uscc, category, schemaVersion, effectiveDate })],
        transientData: { [TRANSIENT_FIELDS.record]: json(first.record), [TRANSIENT_FIELDS.salt]: first.salt },
        endorsingOrganizations: [...ENDORSING_ORGANIZATIONS],
      },
    ];
  }
  return [
    invocationName('attestation', 'AttestBatch'),
    {
      arguments: [JSON.stringify({ requestId })],
      transientData: { [TRANSIENT_FIELDS.batch]: json(items) },
      endorsingOrganizations: [...ENDORSING_ORGANIZATIONS],
    },
  ];
}

/**
 * Submits attestations (submitAsync, then getStatus for the commit) as the TAX officer. Each worker owns its
 * own slice of (company, category) pairs, so transactions in flight never touch the same keys (no MVCC
 * conflicts); a worker reuses a pair only after its previous transaction committed.
 */
export function attestPhase(
  clients: Clients,
  machine: Machine,
  phaseMs: number,
  concurrency: number,
  batchSize: number,
): Promise<PhaseResult> {
  const pairs = Array.from({ length: COMPANY_COUNT }, (_, c) =>
    TAX_CATEGORIES.map((category) => ({ uscc: benchUscc(c), category })),
  ).flat();
  const slice = Math.floor(pairs.length / concurrency);
  if (slice < batchSize)
    throw new Error(`${concurrency} x ${batchSize} needs more than ${pairs.length} pairs`);
  const cursors = new Array<number>(concurrency).fill(0);
  const contract = clients.contract('gov/tax-officer');
  const name = batchSize === 1 ? 'single Attest' : 'AttestBatch';
  return timedPhase(machine, phaseMs, { name, concurrency, batchSize }, async (w, submitted) => {
    const from = w * slice + (cursors[w] ?? 0);
    cursors[w] = ((cursors[w] ?? 0) + batchSize) % (slice - batchSize + 1);
    const items = pairs.slice(from, from + batchSize).map((pair) => ({
      ...pair,
      schemaVersion: 1,
      effectiveDate: '2026-11-01',
      record: taxRecord(),
      salt: randomBytes(16).toString('hex'),
    }));
    const commit = await contract.submitAsync(...attestationProposal(items));
    submitted();
    const commitStatus = await commit.getStatus();
    if (!commitStatus.successful) throw new Error(`commit failed with validation code ${commitStatus.code}`);
    return items.length;
  });
}

async function isRegistered(samr: Contract, uscc: string): Promise<boolean> {
  try {
    await samr.evaluate(invocationName('company', 'GetCompany'), { arguments: [JSON.stringify({ uscc })] });
    return true;
  } catch (error) {
    if (errorCode(error) === 'NOT_FOUND') return false;
    throw error;
  }
}

/** Loads the starter catalog and registers the bench companies that are not yet registered (kept after). */
export async function registerBenchCompanies(clients: Clients): Promise<void> {
  const samr = clients.contract('gov/samr-officer');
  await submitJson(
    clients.contract('gov/catalog-admin'),
    invocationName('catalog', 'LoadStarterCatalog'),
    {},
  );
  let registered = 0;
  await pool(32, COMPANY_COUNT, async (index) => {
    const uscc = benchUscc(index);
    if (await isRegistered(samr, uscc)) return;
    await submitJson(samr, invocationName('company', 'RegisterCompany'), {
      requestId: `bench-${randomUUID()}`,
      uscc,
    });
    registered += 1;
  });
  console.log(`setup: ${COMPANY_COUNT} bench companies (${registered} newly registered)`);
}
