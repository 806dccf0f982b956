/** The parts of the gateway's answers the console reads (see gateway/openapi.golden.json and the chaincode api). */
export interface Me {
  identity: string;
  mspId: string;
  role: string;
  dept?: string;
  uscc?: string;
}

export interface Category {
  code: string;
  name: string;
  departments: string[];
  schemaVersion: number;
}

export interface Attestation {
  uscc: string;
  category: string;
  version: number;
  hash: string;
  schemaVersion: number;
  effectiveDate: string;
  department: string;
  txId: string;
  attestedAt: string;
}

export interface AttestationView {
  attestation: Attestation;
  disputed: boolean;
  openObjectionIds: string[];
  erasedThroughVersion: number;
}

export interface Consent {
  consentId: string;
  uscc: string;
  bankMspId: string;
  categories: string[];
  purpose: string;
  validFrom: string;
  validUntil: string;
  usageLimit?: number;
  usageCount: number;
  status: string;
  history: { status: string; txId: string; at: string; reason?: string }[];
}

export interface AccessRecord {
  accessId: string;
  bankMspId: string;
  uscc: string;
  categories: string[];
  consentId: string;
  purpose: string;
  outcome: 'granted' | 'refused';
  refusalCode?: string;
  txId: string;
  recordedAt: string;
}

export interface Objection {
  objectionId: string;
  uscc: string;
  category: string;
  version: number;
  department: string;
  reason: string;
  status: string;
  raisedTxId: string;
  raisedAt: string;
  resolution?: {
    outcome: string;
    reason: string;
    correctedVersion?: number;
    txId: string;
    resolvedAt: string;
  };
}

export interface Page<T> {
  items: T[];
  bookmark?: string;
}

export interface ProfileCategory {
  category: string;
  available: boolean;
  disputed?: boolean;
  record?: Record<string, unknown>;
  salt?: string;
  proof?: {
    txId: string;
    blockNumber: string;
    timestamp: string;
    hash: string;
    algorithm: string;
    version: number;
    department: string;
    effectiveDate: string;
  };
}

export interface ProfileRead {
  accessId: string;
  uscc: string;
  consentId: string;
  access: { txId: string; blockNumber: string; recordedAt: string };
  categories: ProfileCategory[];
}

export interface Finding {
  code: string;
  block: number;
  txId?: string;
  message: string;
}

export interface VerificationReport {
  source: string;
  fromBlock: number;
  toBlock: number;
  blocksChecked: number;
  transactionsChecked: number;
  validTransactions: number;
  invalidTransactions: number;
  signaturesVerified: number;
  failures: Finding[];
  warnings: Finding[];
  durationMs: number;
  ok: boolean;
}

export const PURPOSES = [
  'credit-review',
  'working-capital',
  'supply-chain',
  'trade',
  'ip-financing',
] as const;
export const BANKS = ['Bank1MSP', 'Bank2MSP'] as const;

export type { ErasureRecord } from '@sme-credit-ledger/contract';
