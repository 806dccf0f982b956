import type { ConsentPurpose } from './fields';

/*
 * Financing: banks' products (public offers), consent-scoped matching on the data custodian's peer,
 * applications and decisions in each bank's private collection. The types of the `product` and `application`
 * contracts; their rows are in transactions.ts and their request schemas in financing-requests.ts.
 */

/**
 * Raw loan-outcome records a bank reports: gov-only like `govRawRecords`, but writable by a bank's client
 * through the chaincode (`govRawRecords` is member-only for writes, so a bank's transaction cannot write it).
 */
export const LENDER_RAW_RECORDS_COLLECTION = 'lenderRawRecords';
const LOAN_CATEGORY_PREFIX = 'LOAN_OUTCOMES_';

/** The attester code of a bank in its loan category (`Bank1MSP` -> `BANK1MSP`); undefined if it has none. */
export function lenderCodeOf(bankMspId: string): string | undefined {
  const code = bankMspId.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return /^[A-Z][A-Z0-9_]{1,15}$/.test(code) ? code : undefined;
}

/** A bank's own loan-outcome category, `LOAN_OUTCOMES_BANK1MSP`. */
export function loanCategoryOf(bankMspId: string): string | undefined {
  const code = lenderCodeOf(bankMspId);
  return code === undefined ? undefined : `${LOAN_CATEGORY_PREFIX}${code}`;
}

/**
 * Whether a category code is in the lenders' namespace: each bank's own loan-outcome category, defined by its
 * institution profile and attested only by its reports, never by the catalog admin or a department.
 */
export function isLoanCategory(code: string): boolean {
  return code.startsWith(LOAN_CATEGORY_PREFIX);
}

/** Which collection holds a category's raw records. */
export function rawRecordsCollectionOf(category: string): string {
  return isLoanCategory(category) ? LENDER_RAW_RECORDS_COLLECTION : 'govRawRecords';
}

// ---- catalog fields (what a category's records hold, so rules can be checked) ----
export type FieldType = 'string' | 'enum' | 'integer' | 'boolean' | 'date';
export interface CategoryField {
  /** A key of the attested record, e.g. `rating`. */
  name: string;
  type: FieldType;
  /** For `enum`: the allowed values. */
  values?: string[];
}

// ---- eligibility rules ----
export type RuleOperator =
  | 'in'
  | 'not-in'
  | '>='
  | '<='
  | '=='
  | '!='
  | 'exists'
  | 'within-last-months'
  | 'not-within-last-months';
export type RuleValue = string | number | boolean | string[];
/** One condition over one field of one catalog category; see chaincode/README.md, "Eligibility rules". */
export interface EligibilityRule {
  /** Unique within the product: `a-z 0-9 -`, ≤ 48. */
  id: string;
  category: string;
  field: string;
  op: RuleOperator;
  /** Absent for `exists`; a list for `in`/`not-in`; months for `*-within-last-months`; else the field's type. */
  value?: RuleValue;
  /** The record must have taken effect at most this many months before the evaluation, else `stale`. */
  maxAgeMonths?: number;
}
/**
 * `needs-consent`: the company did not let matching use the category; `not-attested`: no department attested
 * it (or its raw record was erased); `stale`: older than the rule's `maxAgeMonths`.
 */
export type RuleOutcome = 'passed' | 'failed' | 'needs-consent' | 'not-attested' | 'stale';
export interface RuleEvaluation {
  ruleId: string;
  category: string;
  outcome: RuleOutcome;
  /** Why, for failed and stale outcomes. */
  detail?: string;
}

// ---- products ----
export type ProductType = 'supply-chain' | 'trade' | 'ip-backed' | 'working-capital' | 'credit-line';
export type ProductStatus = 'active' | 'withdrawn';
/** Inclusive integer range. */
export interface IntegerRange {
  min: number;
  max: number;
}
export interface StraightThrough {
  /** Auto-approve when every rule passes and the score is at least this (0-100). */
  minScore: number;
  /** The rate an automatic approval carries, in basis points, within `rateBps`. */
  rateBps: number;
}
export interface ProductTerms {
  /** `a-z 0-9 -`, 2-48, unique within the bank. */
  productId: string;
  name: string;
  type: ProductType;
  amountYuan: IntegerRange;
  termMonths: IntegerRange;
  /** Annual rate in basis points (385 = 3.85 %). */
  rateBps: IntegerRange;
  rules: EligibilityRule[];
  straightThrough?: StraightThrough;
  /** How long the consent an application grants lasts; default 30. */
  consentDays?: number;
}
export interface Product extends ProductTerms {
  bankMspId: string;
  version: number;
  status: ProductStatus;
  /** What an application consents to: the rules' categories, and the scorecard's when the product scores. */
  categories: string[];
  purpose: ConsentPurpose;
  scorecardVersion: number;
  txId: string;
  publishedAt: string;
  withdrawal?: { reason?: string; txId: string; at: string };
}
export interface ProductResponse {
  product: Product;
}
export interface InstitutionProfile {
  mspId: string;
  displayName: string;
  txId: string;
  updatedAt: string;
}
export interface InstitutionProfileResponse {
  institution: InstitutionProfile;
}

// ---- scorecard ----
export interface FactorScore {
  factorId: string;
  category: string;
  points: number;
  maxPoints: number;
  /** The attested version and hash the points came from; absent when the factor had no usable record. */
  version?: number;
  hash?: string;
}
export interface ScoreResult {
  model: string;
  modelVersion: number;
  score: number;
  maxScore: number;
  factors: FactorScore[];
}

// ---- matching and applications ----
export interface EvaluatedInput {
  category: string;
  version: number;
  hash: string;
  effectiveDate: string;
}
/** What the gov peer evaluated for one product; `evaluationTag` (MatchProducts) proves it to Apply. */
export interface ProductEvaluation {
  uscc: string;
  bankMspId: string;
  productId: string;
  productVersion: number;
  evaluatedAt: string;
  rules: RuleEvaluation[];
  score: ScoreResult;
  /** The attested records used, of the product's categories only. */
  inputs: EvaluatedInput[];
}
export interface ProductMatch {
  rank: number;
  bankMspId: string;
  /** From the bank's institution profile, when it set one. */
  bankName?: string;
  productId: string;
  productVersion: number;
  name: string;
  type: ProductType;
  /** Every rule passed. */
  eligible: boolean;
  /** An application now would be approved straight through. */
  straightThrough: boolean;
  counts: Record<RuleOutcome, number>;
  evaluation: ProductEvaluation;
  /** HMAC of the evaluation under the platform key (gov peers only): send both with Apply. */
  evaluationTag: string;
}
export interface MatchProductsResponse {
  uscc: string;
  evaluatedAt: string;
  /** Active products considered. */
  total: number;
  items: ProductMatch[];
}
export type ApplicationStatus = 'submitted' | 'approved' | 'declined';
export interface ApplicationDecision {
  outcome: 'approved' | 'declined';
  /** `straight-through`: approved in the Apply transaction by the product's configuration. */
  decidedBy: 'bank' | 'straight-through';
  amountYuan?: number;
  rateBps?: number;
  termMonths?: number;
  reasonCodes?: string[];
  /** The bank's granted accesses under the application's consent that the decision relied on. */
  accessIds: string[];
  /** category -> attested version the bank saw: through its accesses, else the application's evaluation. */
  attestedVersions: Record<string, number>;
  consentId: string;
  txId: string;
  decidedAt: string;
}
export interface Application {
  applicationId: string;
  uscc: string;
  bankMspId: string;
  productId: string;
  productVersion: number;
  /** The product's ranges at application, against which a decision is checked. */
  terms: Pick<ProductTerms, 'amountYuan' | 'termMonths' | 'rateBps'>;
  amountYuan: number;
  termMonths: number;
  /** Granted in the Apply transaction for the product's categories and purpose. */
  consentId: string;
  evaluation: ProductEvaluation;
  status: ApplicationStatus;
  txId: string;
  submittedAt: string;
  decision?: ApplicationDecision;
}
export interface ApplicationResponse {
  application: Application;
}
/** An application in its company's own list: the bank's display name and the product's name as applied to. */
export interface CompanyApplication extends Application {
  /** The bank's institution profile name, or its MSP id when it has none. */
  bankName: string;
  /** The product's name at the version applied to. */
  productName: string;
}
