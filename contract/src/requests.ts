import { Type, type Static, type TProperties } from '@sinclair/typebox';
import {
  BookmarkField,
  CategoryCodeField,
  CategoryListField,
  ConsentPurposeField,
  DateField,
  DateTimeField,
  HashAlgorithmField,
  MspIdField,
  PageSizeField,
  RawRecordField,
  ReasonField,
  RecordIdField,
  RequestIdField,
  SaltField,
  SchemaVersionField,
  UsccField,
} from './fields';
import { LIMITS } from './limits';

/*
 * The request of every transaction, as a TypeBox schema (its TypeScript type: `RequestOf<'contract:Name'>` in
 * transactions.ts). Every transaction takes one string argument, the JSON of its request, or for a
 * confidential one `{}` with the request in transient `request` (confidential.ts).
 */

/** Writes a client may retry carry a requestId: a retry returns the first result and records nothing. */
const idempotent = <P extends TProperties>(properties: P) =>
  Type.Object({ requestId: RequestIdField, ...properties });

/** A page of a list: `pageSize` 1-100 (default 50), `bookmark` from the previous page of the same list. */
export const PageRequestFields = {
  pageSize: Type.Optional(PageSizeField),
  bookmark: Type.Optional(BookmarkField),
};
const paged = <P extends TProperties>(properties: P) => Type.Object({ ...properties, ...PageRequestFields });

/** Transactions that need nothing: the argument is `{}`. */
export const NoRequest = Type.Object({});

// ---- catalog ----
export const CategorySchema = Type.Object({
  code: CategoryCodeField,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  /** Department codes allowed to attest this category. */
  departments: Type.Array(Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,15}$' }), { minItems: 1 }),
  schemaVersion: SchemaVersionField,
  sensitivity: Type.Unsafe<'low' | 'medium' | 'high'>({ type: 'string', enum: ['low', 'medium', 'high'] }),
});
export const DefineCategoryRequest = Type.Object({ category: CategorySchema });
export const GetCategoryRequest = Type.Object({ code: CategoryCodeField });

// ---- company ----
export const RegisterCompanyRequest = idempotent({ uscc: UsccField });
/** SAMR's bulk onboarding: every code new, none twice; all are checked before anything is written. */
export const RegisterCompaniesRequest = idempotent({
  usccs: Type.Array(UsccField, { minItems: 1, maxItems: LIMITS.maxRegistrationBatch }),
});
export const GetCompanyRequest = Type.Object({ uscc: UsccField });

// ---- attestation ----
/** Raw record and salt go in transient fields `record` and `salt`. */
export const AttestRequest = idempotent({
  uscc: UsccField,
  category: CategoryCodeField,
  schemaVersion: SchemaVersionField,
  /** ISO date `YYYY-MM-DD` from which the attested data is in force. */
  effectiveDate: DateField,
  algorithm: Type.Optional(HashAlgorithmField),
});
/** The items go in transient field `batch` (a JSON array of BatchAttestationItem). */
export const AttestBatchRequest = idempotent({ algorithm: Type.Optional(HashAlgorithmField) });
/** One element of the transient `batch` array. */
export const BatchAttestationItem = Type.Object({
  uscc: UsccField,
  category: CategoryCodeField,
  schemaVersion: SchemaVersionField,
  effectiveDate: DateField,
  record: RawRecordField,
  salt: SaltField,
});
export const EraseRawRecordsRequest = idempotent({
  uscc: UsccField,
  categories: CategoryListField,
  reason: ReasonField,
});
export const GetAttestationRequest = Type.Object({ uscc: UsccField, category: CategoryCodeField });

// ---- consent ----
/** What a consent covers; a consent, its request and its receipt all carry these terms. */
export const ConsentTermsFields = {
  uscc: UsccField,
  categories: CategoryListField,
  purpose: ConsentPurposeField,
  validFrom: DateTimeField,
  validUntil: DateTimeField,
  /** Number of granted accesses allowed (the chaincode caps it); omit for unlimited within the window. */
  usageLimit: Type.Optional(Type.Integer({ minimum: 1 })),
  /** A consent this one replaces; the old one is revoked when this one is authorised. */
  replacesConsentId: Type.Optional(RecordIdField),
};
export const RequestConsentRequest = idempotent(ConsentTermsFields);
export const GrantConsentRequest = idempotent({ ...ConsentTermsFields, bankMspId: MspIdField });
/** AuthoriseConsent, RejectConsent and RevokeConsent. */
export const ConsentDecisionRequest = idempotent({
  consentId: RecordIdField,
  reason: Type.Optional(ReasonField),
});
export const GetConsentRequest = Type.Object({ consentId: RecordIdField });
export const ListConsentsByCompanyRequest = paged({ uscc: UsccField });
export const ListConsentsByBankRequest = paged({ bankMspId: MspIdField });

// ---- access ----
const accessAttempt = {
  consentId: RecordIdField,
  uscc: UsccField,
  categories: CategoryListField,
  purpose: ConsentPurposeField,
};
export const CurrentVersionsRequest = Type.Object(accessAttempt);
export const RecordAccessRequest = idempotent({
  ...accessAttempt,
  /**
   * category -> the attested version the bank will read (from access:CurrentVersions); a category left out
   * is read as missing. The chaincode does not read the heads itself: that read would name the company in
   * the block.
   */
  versions: Type.Optional(Type.Record(Type.String(), Type.Integer({ minimum: 1 }))),
});
export const ReadAuthorizedRecordsRequest = Type.Object({ accessId: RecordIdField });
export const GetAccessRequest = Type.Object({ accessId: RecordIdField });

// ---- objection ----
export const RaiseObjectionRequest = idempotent({
  uscc: UsccField,
  category: CategoryCodeField,
  /** Attestation version objected to; default the latest. */
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  reason: ReasonField,
  /** Hex sha256 of the company's evidence (kept off chain). */
  evidenceHash: Type.String({ pattern: '^[0-9a-fA-F]{64}$' }),
});
export const ResolveObjectionRequest = idempotent({
  objectionId: RecordIdField,
  outcome: Type.Unsafe<'corrected' | 'rejected'>({ type: 'string', enum: ['corrected', 'rejected'] }),
  reason: ReasonField,
  /** For `corrected`: the newer attestation version that corrects the record. */
  correctedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
});
export const GetObjectionRequest = Type.Object({ objectionId: RecordIdField });

// ---- audit ----
export const GetAttestationHistoryRequest = Type.Object({
  uscc: UsccField,
  /** Omit for every category of the company. */
  category: Type.Optional(CategoryCodeField),
});
export const GetConsentHistoryRequest = paged({ uscc: UsccField });
export const ListAccessByCompanyRequest = paged({ uscc: UsccField });
export const ListAccessByBankRequest = paged({ bankMspId: MspIdField });
/** Half-open range [from, to) of recordedAt. */
export const ListAccessByTimeRangeRequest = paged({ from: DateTimeField, to: DateTimeField });
export const ListObjectionsRequest = Type.Object({ uscc: UsccField });
/** Record and salt go in transient fields `record` and `salt`. */
export const VerifyRecordRequest = Type.Object({ uscc: UsccField, category: CategoryCodeField });

// ---- health ----
/** The health contract's argument is the heartbeat id itself, not JSON. */
export const HeartbeatId = Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' });

// The static type of each schema, under the same name.
export type DefineCategoryRequest = Static<typeof DefineCategoryRequest>;
export type GetCategoryRequest = Static<typeof GetCategoryRequest>;
export type RegisterCompanyRequest = Static<typeof RegisterCompanyRequest>;
export type RegisterCompaniesRequest = Static<typeof RegisterCompaniesRequest>;
export type GetCompanyRequest = Static<typeof GetCompanyRequest>;
export type AttestRequest = Static<typeof AttestRequest>;
export type AttestBatchRequest = Static<typeof AttestBatchRequest>;
export type BatchAttestationItem = Static<typeof BatchAttestationItem>;
export type EraseRawRecordsRequest = Static<typeof EraseRawRecordsRequest>;
export type GetAttestationRequest = Static<typeof GetAttestationRequest>;
export type RequestConsentRequest = Static<typeof RequestConsentRequest>;
export type GrantConsentRequest = Static<typeof GrantConsentRequest>;
export type ConsentDecisionRequest = Static<typeof ConsentDecisionRequest>;
export type GetConsentRequest = Static<typeof GetConsentRequest>;
export type ListConsentsByCompanyRequest = Static<typeof ListConsentsByCompanyRequest>;
export type ListConsentsByBankRequest = Static<typeof ListConsentsByBankRequest>;
export type CurrentVersionsRequest = Static<typeof CurrentVersionsRequest>;
export type RecordAccessRequest = Static<typeof RecordAccessRequest>;
export type ReadAuthorizedRecordsRequest = Static<typeof ReadAuthorizedRecordsRequest>;
export type GetAccessRequest = Static<typeof GetAccessRequest>;
export type RaiseObjectionRequest = Static<typeof RaiseObjectionRequest>;
export type ResolveObjectionRequest = Static<typeof ResolveObjectionRequest>;
export type GetObjectionRequest = Static<typeof GetObjectionRequest>;
export type GetAttestationHistoryRequest = Static<typeof GetAttestationHistoryRequest>;
export type GetConsentHistoryRequest = Static<typeof GetConsentHistoryRequest>;
export type ListAccessByCompanyRequest = Static<typeof ListAccessByCompanyRequest>;
export type ListAccessByBankRequest = Static<typeof ListAccessByBankRequest>;
export type ListAccessByTimeRangeRequest = Static<typeof ListAccessByTimeRangeRequest>;
export type ListObjectionsRequest = Static<typeof ListObjectionsRequest>;
export type VerifyRecordRequest = Static<typeof VerifyRecordRequest>;
export type HeartbeatId = Static<typeof HeartbeatId>;
