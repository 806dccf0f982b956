import type { Static, TSchema } from '@sinclair/typebox';
import { CONTRACT_NAMES, type ContractName } from './names';
import * as Financing from './financing-requests';
import type {
  Application,
  ApplicationResponse,
  CompanyApplication,
  InstitutionProfileResponse,
  MatchProductsResponse,
  Product,
  ProductResponse,
} from './financing';
import * as Own from './own-requests';
import * as Request from './requests';
import type { TransientField } from './transient';
import type {
  AccessRecord,
  AccessResponse,
  AttestationHistory,
  AttestationView,
  AttestBatchResponse,
  AttestResponse,
  Attestation,
  Category,
  CategoryResponse,
  CompanyResponse,
  ConsentResponse,
  Consent,
  CurrentVersionsResponse,
  DefineCategoryResponse,
  ErasureRecord,
  ErasureResponse,
  HeartbeatResponse,
  LoadStarterCatalogResponse,
  Objection,
  ObjectionResponse,
  Page,
  ReadAuthorizedRecordsResponse,
  RegisterCompaniesResponse,
  VerifyRecordResponse,
} from './types';

declare const responseType: unique symbol;
/** Carries a transaction's response type in the table; has no value at run time. */
export interface Responds<T> {
  readonly [responseType]?: T;
}
const responds = <T>(): Responds<T> => ({});

/** One row of the transaction table. */
export interface TransactionSpec {
  /** `submit` transactions change state and are ordered; `evaluate` ones are read-only queries. */
  readonly kind: 'submit' | 'evaluate';
  /** The JSON the one argument holds (for a confidential transaction, transient `request`). */
  readonly request: TSchema;
  readonly response: Responds<unknown>;
  /** Transient fields the caller sends besides the confidential exchange's (transient.ts says what each holds). */
  readonly transient?: readonly TransientField[];
  /**
   * Request in transient `request`, answer sealed to transient `readerKey`, what it stores in private
   * collections (confidential.ts). A confidential evaluation runs on a GovMSP peer.
   */
  readonly confidential?: true;
  /** The argument is the request value itself, not its JSON (the health contract's heartbeat id). */
  readonly textArgument?: true;
  /**
   * Request fields the client derives from the ledger at call time rather than chooses. A retry of the same
   * requestId may carry other values (the ledger moved on between the attempts) and still replays the first
   * answer, instead of being refused as a different request.
   */
  readonly derivedFields?: readonly string[];
}

/**
 * Every transaction of the chaincode, keyed by its invocation name `contract:Transaction`. Adding a
 * transaction is one row here (see README.md); every list below and every client's types follow from it.
 */
export const TRANSACTIONS = {
  'health:RecordHeartbeat': {
    kind: 'submit',
    request: Request.HeartbeatId,
    response: responds<HeartbeatResponse>(),
    textArgument: true,
  },
  'health:ReadHeartbeat': {
    kind: 'evaluate',
    request: Request.HeartbeatId,
    response: responds<HeartbeatResponse>(),
    textArgument: true,
  },

  'catalog:LoadStarterCatalog': {
    kind: 'submit',
    request: Request.NoRequest,
    response: responds<LoadStarterCatalogResponse>(),
  },
  'catalog:DefineCategory': {
    kind: 'submit',
    request: Request.DefineCategoryRequest,
    response: responds<DefineCategoryResponse>(),
  },
  'catalog:GetCategory': {
    kind: 'evaluate',
    request: Request.GetCategoryRequest,
    response: responds<CategoryResponse>(),
  },
  'catalog:ListCategories': {
    kind: 'evaluate',
    request: Request.NoRequest,
    response: responds<{ items: Category[] }>(),
  },

  'company:RegisterCompany': {
    kind: 'submit',
    request: Request.RegisterCompanyRequest,
    response: responds<CompanyResponse>(),
    transient: ['pseudonymSeed'],
  },
  'company:RegisterCompanies': {
    kind: 'submit',
    request: Request.RegisterCompaniesRequest,
    response: responds<RegisterCompaniesResponse>(),
    transient: ['pseudonymSeed'],
  },
  'company:GetCompany': {
    kind: 'evaluate',
    request: Request.GetCompanyRequest,
    response: responds<CompanyResponse>(),
  },

  'attestation:Attest': {
    kind: 'submit',
    request: Request.AttestRequest,
    response: responds<AttestResponse>(),
    transient: ['record', 'salt'],
  },
  'attestation:AttestBatch': {
    kind: 'submit',
    request: Request.AttestBatchRequest,
    response: responds<AttestBatchResponse>(),
    transient: ['batch'],
  },
  'attestation:EraseRawRecords': {
    kind: 'submit',
    request: Request.EraseRawRecordsRequest,
    response: responds<ErasureResponse>(),
  },
  'attestation:GetAttestation': {
    kind: 'evaluate',
    request: Request.GetAttestationRequest,
    response: responds<AttestationView>(),
  },

  'consent:RequestConsent': {
    kind: 'submit',
    request: Request.RequestConsentRequest,
    response: responds<ConsentResponse>(),
    confidential: true,
  },
  'consent:GrantConsent': {
    kind: 'submit',
    request: Request.GrantConsentRequest,
    response: responds<ConsentResponse>(),
    confidential: true,
  },
  'consent:AuthoriseConsent': {
    kind: 'submit',
    request: Request.ConsentDecisionRequest,
    response: responds<ConsentResponse>(),
    confidential: true,
  },
  'consent:RejectConsent': {
    kind: 'submit',
    request: Request.ConsentDecisionRequest,
    response: responds<ConsentResponse>(),
    confidential: true,
  },
  'consent:RevokeConsent': {
    kind: 'submit',
    request: Request.ConsentDecisionRequest,
    response: responds<ConsentResponse>(),
    confidential: true,
  },
  'consent:GetConsent': {
    kind: 'evaluate',
    request: Request.GetConsentRequest,
    response: responds<ConsentResponse>(),
    confidential: true,
  },
  'consent:ListConsentsByCompany': {
    kind: 'evaluate',
    request: Request.ListConsentsByCompanyRequest,
    response: responds<Page<Consent>>(),
    confidential: true,
  },
  'consent:ListConsentsByBank': {
    kind: 'evaluate',
    request: Request.ListConsentsByBankRequest,
    response: responds<Page<Consent>>(),
    confidential: true,
  },

  'access:CurrentVersions': {
    kind: 'evaluate',
    request: Request.CurrentVersionsRequest,
    response: responds<CurrentVersionsResponse>(),
    confidential: true,
  },
  'access:RecordAccess': {
    kind: 'submit',
    request: Request.RecordAccessRequest,
    response: responds<AccessResponse>(),
    confidential: true,
    // The versions come from access:CurrentVersions just before; a department may attest a newer one
    // before a retry. The retry is still the same access, and reads what the first attempt recorded.
    derivedFields: ['versions'],
  },
  'access:ReadAuthorizedRecords': {
    kind: 'evaluate',
    request: Request.ReadAuthorizedRecordsRequest,
    response: responds<ReadAuthorizedRecordsResponse>(),
    confidential: true,
  },
  'access:GetAccess': {
    kind: 'evaluate',
    request: Request.GetAccessRequest,
    response: responds<AccessResponse>(),
    confidential: true,
  },

  'objection:RaiseObjection': {
    kind: 'submit',
    request: Request.RaiseObjectionRequest,
    response: responds<ObjectionResponse>(),
  },
  'objection:ResolveObjection': {
    kind: 'submit',
    request: Request.ResolveObjectionRequest,
    response: responds<ObjectionResponse>(),
  },
  'objection:GetObjection': {
    kind: 'evaluate',
    request: Request.GetObjectionRequest,
    response: responds<ObjectionResponse>(),
  },

  'audit:GetAttestationHistory': {
    kind: 'evaluate',
    request: Request.GetAttestationHistoryRequest,
    response: responds<AttestationHistory>(),
  },
  'audit:GetConsentHistory': {
    kind: 'evaluate',
    request: Request.GetConsentHistoryRequest,
    response: responds<Page<Consent>>(),
    confidential: true,
  },
  'audit:ListAccessByCompany': {
    kind: 'evaluate',
    request: Request.ListAccessByCompanyRequest,
    response: responds<Page<AccessRecord>>(),
    confidential: true,
  },
  'audit:ListAccessByBank': {
    kind: 'evaluate',
    request: Request.ListAccessByBankRequest,
    response: responds<Page<AccessRecord>>(),
    confidential: true,
  },
  'audit:ListAccessByTimeRange': {
    kind: 'evaluate',
    request: Request.ListAccessByTimeRangeRequest,
    response: responds<Page<AccessRecord>>(),
    confidential: true,
  },
  'audit:ListObjections': {
    kind: 'evaluate',
    request: Request.ListObjectionsRequest,
    response: responds<{ items: Objection[] }>(),
  },
  'audit:VerifyRecord': {
    kind: 'evaluate',
    request: Request.VerifyRecordRequest,
    response: responds<VerifyRecordResponse>(),
    transient: ['record', 'salt'],
  },

  // Products and institution profiles are public offers: not confidential.
  'product:SetInstitutionProfile': {
    kind: 'submit',
    request: Financing.SetInstitutionProfileRequest,
    response: responds<InstitutionProfileResponse>(),
  },
  'product:GetInstitutionProfile': {
    kind: 'evaluate',
    request: Financing.GetInstitutionProfileRequest,
    response: responds<InstitutionProfileResponse>(),
  },
  'product:PublishProduct': {
    kind: 'submit',
    request: Financing.PublishProductRequest,
    response: responds<ProductResponse>(),
  },
  'product:WithdrawProduct': {
    kind: 'submit',
    request: Financing.WithdrawProductRequest,
    response: responds<ProductResponse>(),
  },
  'product:GetProduct': {
    kind: 'evaluate',
    request: Financing.GetProductRequest,
    response: responds<ProductResponse>(),
  },
  'product:ListProducts': {
    kind: 'evaluate',
    request: Financing.ListProductsRequest,
    response: responds<Page<Product>>(),
  },

  // Matching runs on the gov peer over the company's own records; applications are the applied-to bank's.
  'application:MatchProducts': {
    kind: 'evaluate',
    request: Financing.MatchProductsRequest,
    response: responds<MatchProductsResponse>(),
    confidential: true,
  },
  'application:Apply': {
    kind: 'submit',
    request: Financing.ApplyRequest,
    response: responds<ApplicationResponse>(),
    confidential: true,
  },
  'application:DecideApplication': {
    kind: 'submit',
    request: Financing.DecideApplicationRequest,
    response: responds<ApplicationResponse>(),
    confidential: true,
  },
  'application:GetApplication': {
    kind: 'evaluate',
    request: Financing.GetApplicationRequest,
    response: responds<ApplicationResponse>(),
    confidential: true,
  },
  'application:ListApplicationsByBank': {
    kind: 'evaluate',
    request: Financing.ListApplicationsByBankRequest,
    response: responds<Page<Application>>(),
    confidential: true,
  },
  // Not confidential: it writes a public attestation, which names the company anyway.
  'application:ReportLoanOutcome': {
    kind: 'submit',
    request: Financing.ReportLoanOutcomeRequest,
    response: responds<AttestResponse>(),
    transient: ['record', 'salt'],
  },

  // Each party's own lists; the caller's certificate says whose. A bank's accesses are its business: sealed.
  'own:ListOwnAttestations': {
    kind: 'evaluate',
    request: Own.ListOwnAttestationsRequest,
    response: responds<Page<Attestation>>(),
  },
  'own:ListOwnAccess': {
    kind: 'evaluate',
    request: Own.ListOwnAccessRequest,
    response: responds<Page<AccessRecord>>(),
    confidential: true,
  },
  'own:ListOwnErasures': {
    kind: 'evaluate',
    request: Own.ListOwnErasuresRequest,
    response: responds<{ items: ErasureRecord[] }>(),
  },
  'own:ListOwnObjections': {
    kind: 'evaluate',
    request: Own.ListOwnObjectionsRequest,
    response: responds<Page<Objection>>(),
  },
  // Every bank's applications of one company: read from the banks' collections, so on a gov peer, sealed.
  'own:ListOwnApplications': {
    kind: 'evaluate',
    request: Own.ListOwnApplicationsRequest,
    response: responds<Page<CompanyApplication>>(),
    confidential: true,
  },
} as const satisfies Record<`${ContractName}:${string}`, TransactionSpec>;

type Table = typeof TRANSACTIONS;
export type TransactionName = keyof Table;
export type SubmitName = {
  [N in TransactionName]: Table[N]['kind'] extends 'submit' ? N : never;
}[TransactionName];
export type EvaluateName = Exclude<TransactionName, SubmitName>;
/** Transactions whose one argument is the JSON of their request (all but the health contract's). */
export type JsonTransactionName = {
  [N in TransactionName]: Table[N] extends { textArgument: true } ? never : N;
}[TransactionName];

/** What the transaction's argument (or confidential `request`) holds. */
export type RequestOf<N extends TransactionName> = Static<Table[N]['request']>;
/** What the transaction answers (for a confidential one: once opened). */
export type ResponseOf<N extends TransactionName> =
  Table[N]['response'] extends Responds<infer T> ? T : never;
/** The transient fields the caller sends (the confidential exchange adds its own). */
export type TransientOf<N extends TransactionName> = Table[N] extends {
  transient: readonly (infer F extends TransientField)[];
}
  ? F
  : never;
export type TransientInput<N extends TransactionName> = { [F in TransientOf<N>]?: string };

const names = Object.keys(TRANSACTIONS) as TransactionName[];
const rows = (keep: (spec: TransactionSpec) => boolean): readonly string[] =>
  names.filter((name) => keep(TRANSACTIONS[name]));

export function isTransactionName(name: string): name is TransactionName {
  return Object.hasOwn(TRANSACTIONS, name);
}

/** Read-only transactions: call them with evaluate, never submit. The rest are submit transactions. */
export const EVALUATE_TRANSACTIONS = rows((spec) => spec.kind === 'evaluate');

/** Transactions whose request travels in transient `request` and whose response is sealed to `readerKey`. */
export const CONFIDENTIAL_TRANSACTIONS = rows((spec) => spec.confidential === true);

/**
 * Evaluations that read private collections: send them to a GovMSP peer (`endorsingOrganizations:
 * ['GovMSP']`), the only organization that holds the raw records, the platform index and every bank's
 * collection. These are the confidential evaluations.
 */
export const GOV_PEER_EVALUATIONS = rows((spec) => spec.confidential === true && spec.kind === 'evaluate');

/** The row's `derivedFields` (none for most transactions): left out of the request a retry must repeat. */
export function derivedFieldsOf(name: string): readonly string[] {
  return isTransactionName(name) ? ((TRANSACTIONS[name] as TransactionSpec).derivedFields ?? []) : [];
}

type ContractOf<N> = N extends `${infer C}:${string}` ? C : never;
type TransactionOf<N, C extends string> = N extends `${C}:${infer T}` ? T : never;

/** Transactions per contract, from the table: `TRANSACTION_NAMES.consent.GrantConsent === 'GrantConsent'`. */
export const TRANSACTION_NAMES = Object.fromEntries(
  Object.values(CONTRACT_NAMES).map((contract) => [
    contract,
    Object.fromEntries(
      names
        .filter((name) => name.startsWith(`${contract}:`))
        .map((name) => name.slice(contract.length + 1))
        .map((transaction) => [transaction, transaction]),
    ),
  ]),
) as { [C in ContractOf<TransactionName>]: { [T in TransactionOf<TransactionName, C>]: T } };

export function invocationName<
  C extends keyof typeof TRANSACTION_NAMES,
  T extends keyof (typeof TRANSACTION_NAMES)[C] & string,
>(contract: C, transaction: T): `${C}:${T}` {
  return `${CONTRACT_NAMES[contract]}:${transaction}` as `${C}:${T}`;
}
