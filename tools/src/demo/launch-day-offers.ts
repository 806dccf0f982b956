import { IP_LOAN, SUPPLY_CHAIN_LOAN } from '@sme-credit-ledger/chaincode/testing';

/*
 * What the three lending banks of the launch day put on the ledger: their display names (institution
 * profiles: data, not code) and one product each, its eligibility rules as data. ICBC's supply-chain loan and
 * Ping An's trade loan decide straight through; CCB's IP-backed loan waits for an officer, who reads the
 * consented records first (a patent portfolio is valued by a person).
 */

/** Display names as each bank publishes them in its institution profile. */
export const INSTITUTIONS = {
  Bank1MSP: 'ICBC 工商银行',
  Bank2MSP: 'Ping An Bank 平安银行',
  Bank3MSP: 'China Construction Bank 建设银行',
} as const;

/** Ping An Bank's trade loan: exporters with a clean customs record and a good tax rating. */
export const TRADE_LOAN = {
  productId: 'trade-loan',
  name: 'Trade loan',
  type: 'trade',
  amountYuan: { min: 100_000, max: 3_000_000 },
  termMonths: { min: 3, max: 12 },
  rateBps: { min: 400, max: 650 },
  rules: [
    {
      id: 'customs-rating',
      category: 'CUSTOMS_CREDIT_RATING',
      field: 'rating',
      op: 'not-in',
      value: ['untrustworthy'],
    },
    {
      id: 'exports',
      category: 'CUSTOMS_DECLARATIONS',
      field: 'exportsUsd',
      op: '>=',
      value: 1_000_000,
      maxAgeMonths: 18,
    },
    { id: 'tax-rating', category: 'TAX_CREDIT_RATING', field: 'rating', op: 'in', value: ['A', 'B'] },
  ],
  straightThrough: { minScore: 40, rateBps: 435 },
};

export interface Offer {
  bankMspId: keyof typeof INSTITUTIONS;
  /** The product's terms as `POST /v1/products` takes them. */
  product: { productId: string } & Record<string, unknown>;
  /** The rate an officer approves at, for a product without straight-through decisions. */
  officerRateBps?: number;
}

export const OFFERS: readonly Offer[] = [
  { bankMspId: 'Bank1MSP', product: SUPPLY_CHAIN_LOAN },
  { bankMspId: 'Bank2MSP', product: TRADE_LOAN },
  { bankMspId: 'Bank3MSP', product: IP_LOAN, officerRateBps: 450 },
];
