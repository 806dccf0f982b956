// The financing shapes, as the contract package declares them (types only: nothing of it reaches the bundle).
export type {
  Application,
  CompanyApplication,
  IntegerRange,
  MatchProductsResponse,
  Product,
  ProductMatch,
  ProductTerms,
  RuleEvaluation,
  RuleOutcome,
} from '@sme-credit-ledger/contract';
