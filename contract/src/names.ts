import { GOV_MSP } from './roles';

/**
 * Contract names. Fabric invokes `contract:Transaction`; the transactions themselves, their kinds, requests
 * and responses are the table in transactions.ts.
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
  product: 'product',
  application: 'application',
  /** Each party's own lists: a department's attestations, a bank's accesses, a company's erasures. */
  own: 'own',
} as const;

export type ContractName = (typeof CONTRACT_NAMES)[keyof typeof CONTRACT_NAMES];

/**
 * Pass as `endorsingOrganizations` on every submit (and on the evaluations below). The chaincode policy is
 * OR('GovMSP.peer'); without targets, a bank's or auditor's Fabric Gateway first executes the proposal on its
 * own peer and refuses the transaction when that peer's answer differs from the gov peer's (it does whenever
 * the local peer has not yet committed the block the request depends on).
 */
export const ENDORSING_ORGANIZATIONS: readonly string[] = [GOV_MSP];

/**
 * Chaincode event names; Fabric keeps one event per transaction, in the block. Payloads never hold raw
 * data, and consent and access events name only the record id and its bank (no company, no terms).
 */
export const EVENT_NAMES = {
  CategoryDefined: 'CategoryDefined',
  CompanyRegistered: 'CompanyRegistered',
  /** `{count, txId}`: each code is in the transaction's writes. */
  CompaniesRegistered: 'CompaniesRegistered',
  AttestationRecorded: 'AttestationRecorded',
  AttestationBatchRecorded: 'AttestationBatchRecorded',
  RawRecordsErased: 'RawRecordsErased',
  ConsentChanged: 'ConsentChanged',
  AccessRecorded: 'AccessRecorded',
  ObjectionChanged: 'ObjectionChanged',
  InstitutionProfileSet: 'InstitutionProfileSet',
  ProductChanged: 'ProductChanged',
  /** `{applicationId, bankMspId, txId}` only. */
  ApplicationChanged: 'ApplicationChanged',
  /** `{bankMspId, txId}` only: the attestation itself is public, the application it concerns is not. */
  LoanOutcomeRecorded: 'LoanOutcomeRecorded',
} as const;

export type EventName = (typeof EVENT_NAMES)[keyof typeof EVENT_NAMES];

export const CHAINCODE_NAME = 'credit';
export const CHANNEL_NAME = 'credit';
/** Private data collection with the raw records; held by GovMSP peers only. */
export const RAW_RECORDS_COLLECTION = 'govRawRecords';
