/*
 * Test code: the launch day's product offers as a bank sends them to PublishProduct, one copy for every test
 * (chaincode domain and contract tests, the gateway's route and CLI tests). Plain data, no Fabric: the
 * domain's tests may import this file and nothing else of testing/.
 */

export const SUPPLY_CHAIN_LOAN = {
  productId: 'supply-chain-loan',
  name: 'Supply-chain loan',
  type: 'supply-chain',
  amountYuan: { min: 100_000, max: 5_000_000 },
  termMonths: { min: 3, max: 24 },
  rateBps: { min: 345, max: 600 },
  rules: [
    { id: 'tax-rating', category: 'TAX_CREDIT_RATING', field: 'rating', op: 'in', value: ['A', 'B'] },
    {
      id: 'no-recent-enforcement',
      category: 'COURT_ENFORCEMENT',
      field: 'lastEnforcementDate',
      op: 'not-within-last-months',
      value: 24,
    },
    { id: 'social-insurance', category: 'SOCIAL_INSURANCE', field: 'paidMonths', op: '>=', value: 12 },
  ],
  straightThrough: { minScore: 50, rateBps: 385 },
};

export const IP_LOAN = {
  productId: 'ip-loan',
  name: 'IP-backed loan',
  type: 'ip-backed',
  amountYuan: { min: 50_000, max: 2_000_000 },
  termMonths: { min: 6, max: 36 },
  rateBps: { min: 400, max: 700 },
  rules: [{ id: 'granted-patent', category: 'PATENTS', field: 'invention', op: '>=', value: 1 }],
};

export const STRICT_LOAN = {
  productId: 'a-rated-only',
  name: 'Working capital for A-rated taxpayers',
  type: 'working-capital',
  amountYuan: { min: 10_000, max: 500_000 },
  termMonths: { min: 1, max: 12 },
  rateBps: { min: 300, max: 500 },
  rules: [{ id: 'tax-a', category: 'TAX_CREDIT_RATING', field: 'rating', op: '==', value: 'A' }],
};

/** A product without straight-through decisions: an officer decides every application. */
export const MANUAL_LOAN = {
  productId: 'working-capital-b',
  name: 'Working capital, decided by an officer',
  type: 'working-capital',
  amountYuan: { min: 10_000, max: 1_000_000 },
  termMonths: { min: 3, max: 24 },
  rateBps: { min: 350, max: 650 },
  rules: [{ id: 'tax-rating', category: 'TAX_CREDIT_RATING', field: 'rating', op: 'in', value: ['A', 'B'] }],
};
