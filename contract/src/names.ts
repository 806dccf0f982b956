import { CONFIDENTIAL_TRANSACTIONS } from './confidential';

/**
 * Contract and transaction names. Fabric invokes `contract:Transaction`; use `invocationName` so the
 * gateway and the chaincode never drift. Every transaction takes exactly one string argument, the JSON of
 * its request type (see types.ts), unless noted; private inputs travel in transient fields (transient.ts).
 */
export const CONTRACT_NAMES = {
  health: 'health',
  catalog: 'catalog',
  company: 'company',
  attestation: 'attestation',
  consent: 'consent',
  access: 'access',
  objection: 'objection',
  audit: 'audit',
} as const;

export type ContractName = (typeof CONTRACT_NAMES)[keyof typeof CONTRACT_NAMES];

/** Transactions per contract. `submit` ones change state; `evaluate` ones are read-only queries. */
export const TRANSACTION_NAMES = {
  health: { RecordHeartbeat: 'RecordHeartbeat', ReadHeartbeat: 'ReadHeartbeat' },
  catalog: {
    LoadStarterCatalog: 'LoadStarterCatalog',
    DefineCategory: 'DefineCategory',
    GetCategory: 'GetCategory',
    ListCategories: 'ListCategories',
  },
  company: { RegisterCompany: 'RegisterCompany', GetCompany: 'GetCompany' },
  attestation: {
    Attest: 'Attest',
    AttestBatch: 'AttestBatch',
    EraseRawRecords: 'EraseRawRecords',
    GetAttestation: 'GetAttestation',
  },
  consent: {
    RequestConsent: 'RequestConsent',
    GrantConsent: 'GrantConsent',
    AuthoriseConsent: 'AuthoriseConsent',
    RejectConsent: 'RejectConsent',
    RevokeConsent: 'RevokeConsent',
    GetConsent: 'GetConsent',
    ListConsentsByCompany: 'ListConsentsByCompany',
    ListConsentsByBank: 'ListConsentsByBank',
  },
  access: {
    CurrentVersions: 'CurrentVersions',
    RecordAccess: 'RecordAccess',
    ReadAuthorizedRecords: 'ReadAuthorizedRecords',
    GetAccess: 'GetAccess',
  },
  objection: {
    RaiseObjection: 'RaiseObjection',
    ResolveObjection: 'ResolveObjection',
    GetObjection: 'GetObjection',
  },
  audit: {
    GetAttestationHistory: 'GetAttestationHistory',
    GetConsentHistory: 'GetConsentHistory',
    ListAccessByCompany: 'ListAccessByCompany',
    ListAccessByBank: 'ListAccessByBank',
    ListAccessByTimeRange: 'ListAccessByTimeRange',
    ListObjections: 'ListObjections',
    VerifyRecord: 'VerifyRecord',
  },
} as const;

/** Read-only transactions: call them with evaluate, never submit. The rest are submit transactions. */
export const EVALUATE_TRANSACTIONS: readonly string[] = [
  'health:ReadHeartbeat',
  'catalog:GetCategory',
  'catalog:ListCategories',
  'company:GetCompany',
  'attestation:GetAttestation',
  'consent:GetConsent',
  'consent:ListConsentsByCompany',
  'consent:ListConsentsByBank',
  'access:CurrentVersions',
  'access:ReadAuthorizedRecords',
  'access:GetAccess',
  'objection:GetObjection',
  'audit:GetAttestationHistory',
  'audit:GetConsentHistory',
  'audit:ListAccessByCompany',
  'audit:ListAccessByBank',
  'audit:ListAccessByTimeRange',
  'audit:ListObjections',
  'audit:VerifyRecord',
];

/**
 * Pass as `endorsingOrganizations` on every submit (and on the evaluations below). The chaincode policy is
 * OR('GovMSP.peer'); without targets, a bank's or auditor's Fabric Gateway first executes the proposal on its
 * own peer and refuses the transaction when that peer's answer differs from the gov peer's (it does whenever
 * the local peer has not yet committed the block the request depends on).
 */
export const ENDORSING_ORGANIZATIONS: readonly string[] = ['GovMSP'];

/**
 * Evaluations that read private collections: send them to a GovMSP peer (`endorsingOrganizations:
 * ['GovMSP']`), the only organization that holds the raw records, the platform index and every bank's
 * collection. These are the confidential evaluations (confidential.ts).
 */
export const GOV_PEER_EVALUATIONS: readonly string[] = CONFIDENTIAL_TRANSACTIONS.filter((name) =>
  EVALUATE_TRANSACTIONS.includes(name),
);

export function invocationName<C extends keyof typeof TRANSACTION_NAMES>(
  contract: C,
  transaction: keyof (typeof TRANSACTION_NAMES)[C] & string,
): string {
  return `${CONTRACT_NAMES[contract]}:${transaction}`;
}

/**
 * Chaincode event names; Fabric keeps one event per transaction, in the block. Payloads never hold raw
 * data, and consent and access events name only the record id and its bank (no company, no terms).
 */
export const EVENT_NAMES = {
  CategoryDefined: 'CategoryDefined',
  CompanyRegistered: 'CompanyRegistered',
  AttestationRecorded: 'AttestationRecorded',
  AttestationBatchRecorded: 'AttestationBatchRecorded',
  RawRecordsErased: 'RawRecordsErased',
  ConsentChanged: 'ConsentChanged',
  AccessRecorded: 'AccessRecorded',
  ObjectionChanged: 'ObjectionChanged',
} as const;

export type EventName = (typeof EVENT_NAMES)[keyof typeof EVENT_NAMES];

export const CHAINCODE_NAME = 'credit';
export const CHANNEL_NAME = 'credit';
/** Private data collection with the raw records; held by GovMSP peers only. */
export const RAW_RECORDS_COLLECTION = 'govRawRecords';
