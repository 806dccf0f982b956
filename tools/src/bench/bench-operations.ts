import { randomBytes } from 'node:crypto';
import {
  type AccessResponse,
  buildUscc,
  type ConsentResponse,
  invocationName,
  newReaderKeyPair,
  openAuthorizedRecords,
  type ReadAuthorizedRecordsResponse,
  type CurrentVersionsResponse,
  TRANSIENT_FIELDS,
} from '@sme-credit-ledger/contract';
import { ApiError } from '@sme-credit-ledger/gateway/problem';
import type { LedgerClient } from '@sme-credit-ledger/gateway/ledger-client';
import { http } from './bench-http';

/** One timed request: `worker` in [0, concurrency), `iteration` counts that worker's requests. */
export type Operation = (worker: number, iteration: number) => Promise<void>;

/** The same outcome reached through the HTTP service and straight through the service's Fabric layer. */
export interface OperationPair {
  name: string;
  concurrency: readonly number[];
  direct: Operation;
  service: Operation;
}

export const IDENTITIES = {
  tax: 'gov/tax-officer',
  samr: 'gov/samr-officer',
  catalogAdmin: 'gov/catalog-admin',
  bank: 'bank1/officer',
  /** Enrolled by the bench on its first run, as the company of `benchUscc(0)`. */
  company: 'gov/gateway-bench-company',
} as const;
export const COMPANY_COUNT = 32;
const CATEGORIES = ['TAX_PAYMENT', 'TAX_CREDIT_RATING', 'INVOICE_VOLUME'];
const BATCH_SIZE = 10;
/** The benchmarked operations, in the order they run (BENCH_ONLY selects them by name prefix). */
export const OPERATION_NAMES = ['attest', `batch${BATCH_SIZE}`, 'consent', 'read', 'company'] as const;
const [ATTEST, BATCH, CONSENT, READ, COMPANY] = OPERATION_NAMES;
const PURPOSE = 'credit-review';
const utf8 = new TextDecoder();

/** A test USCC `91449900` + 8 digits + both check characters. */
export function benchUscc(index: number): string {
  return buildUscc('91449900', String(20_000_000 + index).padStart(8, '0'));
}

export interface BenchContext {
  ledger: LedgerClient;
  /** Base URL of each organization's service (gov for departments and companies, bank1 for its officer). */
  bases: Record<string, string>;
  /** Bearer tokens by identity key. */
  tokens: Record<string, string>;
  /** Bank1's consent from the bench company over CATEGORIES, for the authorized reads. */
  consentId: string;
}

const requestId = (): string => `bench-${randomBytes(8).toString('hex')}`;
const json = <T>(bytes: Uint8Array): T => JSON.parse(utf8.decode(bytes)) as T;
const record = (worker: number, iteration: number) => ({ worker, iteration, amountYuan: 1000 + iteration });
const validity = () => ({
  validFrom: new Date(Date.now() - 60_000).toISOString(),
  validUntil: new Date(Date.now() + 2 * 3_600_000).toISOString(),
});

/** Loads the starter catalog (idempotent) and registers the bench companies (a registered one answers CONFLICT). */
export async function registerCompanies(ledger: LedgerClient): Promise<void> {
  await ledger.submit({
    identity: IDENTITIES.catalogAdmin,
    transaction: invocationName('catalog', 'LoadStarterCatalog'),
    args: ['{}'],
  });
  for (let index = 0; index < COMPANY_COUNT; index++) {
    const uscc = benchUscc(index);
    try {
      await ledger.submit({
        identity: IDENTITIES.samr,
        transaction: invocationName('company', 'RegisterCompany'),
        args: [JSON.stringify({ uscc, requestId: `bench-register-${uscc}` })],
      });
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'CONFLICT')) {
        throw error;
      }
    }
  }
}

/** Bank1's consent from the bench company; its categories are attested first so every read returns them. */
export async function grantReadConsent(ledger: LedgerClient): Promise<string> {
  const uscc = benchUscc(0);
  await attestBatchDirect(
    ledger,
    CATEGORIES.map((category) => ({ uscc, category })),
    record(0, 0),
  );
  const { result } = await ledger.submit({
    identity: IDENTITIES.company,
    transaction: invocationName('consent', 'GrantConsent'),
    args: [
      JSON.stringify({
        requestId: requestId(),
        uscc,
        bankMspId: 'Bank1MSP',
        categories: CATEGORIES,
        purpose: PURPOSE,
        ...validity(),
      }),
    ],
  });
  return json<ConsentResponse>(result).consent.consentId;
}

function attestBatchDirect(
  ledger: LedgerClient,
  pairs: readonly { uscc: string; category: string }[],
  raw: Record<string, unknown>,
): Promise<unknown> {
  const items = pairs.map((pair) => ({
    ...pair,
    schemaVersion: 1,
    effectiveDate: '2026-10-01',
    record: raw,
    salt: randomBytes(32).toString('hex'),
  }));
  return ledger.submit({
    identity: IDENTITIES.tax,
    transaction: invocationName('attestation', 'AttestBatch'),
    args: [JSON.stringify({ requestId: requestId() })],
    transient: { [TRANSIENT_FIELDS.batch]: JSON.stringify(items) },
  });
}

/**
 * The benchmarked operations. Writers never share a key while in flight (no MVCC conflicts): a single
 * attestation's worker owns its company, a batch's worker owns its slice of (company, category) pairs.
 */
export function operations(context: BenchContext): OperationPair[] {
  const { ledger, bases, tokens } = context;
  const base = bases.gov ?? '';
  const token = (identity: string): string => tokens[identity] ?? '';
  const company = benchUscc(0);
  const single = (worker: number, iteration: number) => ({
    uscc: benchUscc(worker % COMPANY_COUNT),
    category: CATEGORIES[iteration % CATEGORIES.length] ?? 'TAX_PAYMENT',
  });
  const pairs = Array.from({ length: COMPANY_COUNT }, (_, c) =>
    CATEGORIES.map((category) => ({ uscc: benchUscc(c), category })),
  ).flat();
  const batchOf = (worker: number, concurrency: number) => {
    const slice = Math.floor(pairs.length / concurrency);
    return pairs.slice(worker * slice, worker * slice + BATCH_SIZE);
  };
  const readBody = { consentId: context.consentId, purpose: PURPOSE, categories: CATEGORIES };
  const batchConcurrency = [1, 8] as const;
  return [
    {
      name: ATTEST,
      concurrency: [1, 8, 32],
      direct: async (worker, iteration) => {
        await ledger.submit({
          identity: IDENTITIES.tax,
          transaction: invocationName('attestation', 'Attest'),
          args: [
            JSON.stringify({
              ...single(worker, iteration),
              schemaVersion: 1,
              effectiveDate: '2026-10-01',
              requestId: requestId(),
            }),
          ],
          transient: {
            [TRANSIENT_FIELDS.record]: JSON.stringify(record(worker, iteration)),
            [TRANSIENT_FIELDS.salt]: randomBytes(32).toString('hex'),
          },
        });
      },
      service: (worker, iteration) =>
        http(`${base}/v1/attestations`, token(IDENTITIES.tax), 'POST', {
          ...single(worker, iteration),
          effectiveDate: '2026-10-01',
          record: record(worker, iteration),
        }),
    },
    // Concurrency is part of the slice size, so each level gets its own pair of operations.
    ...batchConcurrency.map(
      (concurrency): OperationPair => ({
        name: BATCH,
        concurrency: [concurrency],
        direct: async (worker, iteration) => {
          await attestBatchDirect(ledger, batchOf(worker, concurrency), record(worker, iteration));
        },
        service: (worker, iteration) =>
          http(`${base}/v1/attestations/batch`, token(IDENTITIES.tax), 'POST', {
            items: batchOf(worker, concurrency).map((pair) => ({
              ...pair,
              effectiveDate: '2026-10-01',
              record: record(worker, iteration),
            })),
          }),
      }),
    ),
    {
      name: CONSENT,
      concurrency: [1, 8, 32],
      direct: async () => {
        await ledger.submit({
          identity: IDENTITIES.company,
          transaction: invocationName('consent', 'GrantConsent'),
          args: [
            JSON.stringify({
              requestId: requestId(),
              uscc: company,
              bankMspId: 'Bank2MSP',
              categories: CATEGORIES,
              purpose: PURPOSE,
              ...validity(),
            }),
          ],
        });
      },
      service: () =>
        http(`${base}/v1/consents`, token(IDENTITIES.company), 'POST', {
          bankMspId: 'Bank2MSP',
          categories: CATEGORIES,
          purpose: PURPOSE,
          ...validity(),
        }),
    },
    {
      name: READ,
      concurrency: [1, 8, 32],
      // What a bank's own Fabric client does for the same answer: record the access, read the records on a
      // record-holding peer, look up the block of each record's attestation (the ledger proof).
      direct: async () => {
        const terms = { uscc: company, ...readBody };
        const current = json<CurrentVersionsResponse>(
          await ledger.evaluate({
            identity: IDENTITIES.bank,
            transaction: invocationName('access', 'CurrentVersions'),
            args: [JSON.stringify(terms)],
          }),
        );
        const { result } = await ledger.submit({
          identity: IDENTITIES.bank,
          transaction: invocationName('access', 'RecordAccess'),
          args: [JSON.stringify({ requestId: requestId(), ...terms, versions: current.versions })],
        });
        const { access } = json<AccessResponse>(result);
        if (access.outcome !== 'granted') {
          throw new Error(`access refused: ${access.refusalCode ?? ''}`);
        }
        const reader = newReaderKeyPair();
        const read = openAuthorizedRecords(
          json<ReadAuthorizedRecordsResponse>(
            await ledger.evaluate({
              identity: IDENTITIES.bank,
              transaction: invocationName('access', 'ReadAuthorizedRecords'),
              args: [JSON.stringify({ accessId: access.accessId })],
              readerKey: reader,
              onRecordHolders: true,
            }),
          ),
          reader.privateKey,
        );
        await Promise.all(
          read.records.map((item) => ledger.blockNumberOf(IDENTITIES.bank, item.attestation.txId)),
        );
      },
      service: () =>
        http(
          `${bases.bank1 ?? ''}/v1/companies/${company}/profile-reads`,
          token(IDENTITIES.bank),
          'POST',
          readBody,
        ),
    },
    {
      name: COMPANY,
      concurrency: [1, 8, 32],
      direct: async (worker) => {
        await ledger.evaluate({
          identity: IDENTITIES.tax,
          transaction: invocationName('company', 'GetCompany'),
          args: [JSON.stringify({ uscc: benchUscc(worker % COMPANY_COUNT) })],
        });
      },
      service: (worker) =>
        http(`${base}/v1/companies/${benchUscc(worker % COMPANY_COUNT)}`, token(IDENTITIES.tax), 'GET'),
    },
  ];
}
