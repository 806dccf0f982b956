import { parseReaderKey, sealRawRecords, type Attestation, type Category } from '@sme-credit-ledger/contract';
import type { FastifyInstance } from 'fastify';
import { type AppDependencies, buildApp, type TokenAuthority } from '../app';
import { ApiError } from '../errors/problem';
import type { LedgerCall } from '../ledger/ledger-client';
import { Metrics } from '../observability/metrics';
import { FakeLedger, testIdentities } from './fake-ledger';

/** Route-test fixtures: an app over a fake ledger, seed identities, and one bearer token per identity. */
export const SHENGHUA = '91441300MA4UQ7R20Q';
export const SUNLUX = '91440605MA53KJ1C4K';
/** `operator` is an operator token (no identity); the others are identity tokens. */
const TOKENS: Record<string, string> = {
  operator: '',
  tax: 'gov/tax-officer',
  shenghua: 'gov/shenghua',
  bank1: 'bank1/officer',
  bank2: 'bank2/officer',
  auditor: 'auditor/auditor',
};
export const auth = (who: keyof typeof TOKENS): Record<string, string> => ({
  authorization: `Bearer ${who}`,
});

const CATEGORIES: Category[] = [
  { code: 'TAX_PAYMENT', name: 'Tax', departments: ['TAX'], schemaVersion: 2, sensitivity: 'high' },
  { code: 'PATENTS', name: 'Patents', departments: ['CNIPA'], schemaVersion: 1, sensitivity: 'low' },
];

export function attestation(uscc: string, category: string, txId = 'a'.repeat(64)): Attestation {
  return {
    uscc,
    category,
    version: 1,
    algorithm: 'sha256',
    hash: 'f'.repeat(64),
    schemaVersion: 1,
    effectiveDate: '2026-01-01',
    department: 'TAX',
    txId,
    attestedAt: '2026-11-29T05:00:00.000Z',
  };
}

/** The chaincode's answer for access x2, its raw part sealed to `sealTo` (default: the key the read sent). */
export function sealedReadAnswer(call: LedgerCall, sealTo?: string): Record<string, unknown> {
  const read = { accessId: 'x2', uscc: SHENGHUA, consentId: 'c-1' };
  const readerKey = parseReaderKey(sealTo ?? call.readerKey?.publicKey);
  return {
    ...read,
    records: [
      {
        category: 'TAX_PAYMENT',
        attestation: attestation(SHENGHUA, 'TAX_PAYMENT', 'abc123'),
        disputed: false,
        isLatest: true,
        available: true,
      },
    ],
    missingCategories: [],
    sealed: sealRawRecords(
      [{ category: 'TAX_PAYMENT', record: { paidYuan: 1 }, salt: 's'.repeat(32) }],
      readerKey,
      read,
    ),
  };
}

export function ledgerWithCatalog(): FakeLedger {
  return new FakeLedger()
    .on('catalog:ListCategories', () => ({ items: CATEGORIES }))
    .on('access:CurrentVersions', () => ({ versions: { TAX_PAYMENT: 1 } }))
    .on('attestation:Attest', (request) => ({
      attestation: attestation(String(request.uscc), String(request.category)),
    }))
    .on('attestation:AttestBatch', () => ({
      count: 0,
      txId: 'tx-batch',
      attestedAt: '2026-10-01T00:00:00.000Z',
      department: 'TAX',
      algorithm: 'sha256' as const,
      items: [],
    }))
    .on('company:GetCompany', (request) => {
      if (request.uscc !== SHENGHUA) {
        throw new ApiError('NOT_FOUND', `company ${String(request.uscc)} is not registered`);
      }
      return {
        company: {
          uscc: SHENGHUA,
          registeredByDept: 'SAMR',
          txId: 't',
          registeredAt: '2026-01-01T00:00:00Z',
        },
      };
    });
}

/** The fixed tokens above; they never expire and cannot be revoked (see auth/token-routes.test.ts for that). */
const fixedTokens: TokenAuthority = {
  check: (token) => {
    const identity = TOKENS[token];
    if (identity === undefined) {
      return Promise.resolve({ status: 'unknown' });
    }
    const valid = { status: 'valid', tokenId: token, expiresAt: new Date(8.64e15) } as const;
    return Promise.resolve(
      identity === '' ? { ...valid, operator: true } : { ...valid, operator: false, identity },
    );
  },
  revokeById: () => Promise.resolve(false),
  revokeIdentity: () => Promise.resolve(0),
};

export async function appWith(
  ledger: FakeLedger,
  overrides: Partial<AppDependencies> = {},
): Promise<FastifyInstance> {
  const identities = testIdentities();
  return buildApp({
    ledger,
    identities: { resolve: (key) => Promise.resolve(identities.get(key)) },
    tokens: fixedTokens,
    metrics: new Metrics(),
    checkpointDir: '/tmp/gateway-test-checkpoints',
    profilePath: '/nonexistent/gateway-profile.json',
    salts: {
      keys: () => Promise.resolve([{ id: 'test', key: Buffer.alloc(32, 7), createdAt: 0 }]),
      allowClientSalt: false,
    },
    ...overrides,
  });
}
