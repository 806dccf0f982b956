import { IP_LOAN, SUPPLY_CHAIN_LOAN } from '@sme-credit-ledger/chaincode/testing';
import { TRADE_LOAN } from './launch-day-offers';

export type LendingBank = 'Bank1MSP' | 'Bank2MSP' | 'Bank3MSP';

/**
 * The three companies of the launch day, what departments attest about them (enough for their loan's rules
 * and the scorecard), the bank each one consents to and borrows from, and the loan it was granted.
 */
export interface Company {
  name: string;
  identity: string;
  uscc: string;
  financing: string;
  purpose: 'supply-chain' | 'trade' | 'ip-financing';
  bank: LendingBank;
  records: { department: string; category: string; record: Record<string, unknown> }[];
  /** The launch day's loan: the product applied to, the amount granted and its term. */
  loan: { productId: string; amountYuan: number; termMonths: number };
}

export const COMPANIES: Company[] = [
  {
    name: 'Huizhou Shenghua Industry',
    identity: 'gov/shenghua',
    uscc: '91441300MA4UQ7R20Q',
    financing: 'supply-chain financing',
    purpose: 'supply-chain',
    bank: 'Bank1MSP',
    records: [
      {
        department: 'gov/samr-officer',
        category: 'BUSINESS_REGISTRATION',
        record: { status: 'active', registeredCapitalYuan: 50_000_000, established: '2016-04-12' },
      },
      {
        department: 'gov/tax-officer',
        category: 'TAX_PAYMENT',
        record: { period: '2026Q3', paidYuan: 1_284_300, overdue: false },
      },
      {
        department: 'gov/utility-officer',
        category: 'ELECTRICITY_PAYMENTS',
        record: { months: 12, kwh: 2_310_000, lateMonths: 0 },
      },
      {
        department: 'gov/court-officer',
        category: 'COURT_ENFORCEMENT',
        record: { openCases: 0, dishonestDebtor: false },
      },
      { department: 'gov/tax-officer', category: 'TAX_CREDIT_RATING', record: { year: 2025, rating: 'B' } },
      {
        department: 'gov/hrss-officer',
        category: 'SOCIAL_INSURANCE',
        record: { paidMonths: 36, insuredEmployees: 120, arrears: false },
      },
    ],
    loan: { productId: SUPPLY_CHAIN_LOAN.productId, amountYuan: 1_120_000, termMonths: 12 },
  },
  {
    name: 'Guangdong Sunlux IOT Technology',
    identity: 'gov/sunlux',
    uscc: '91440605MA53KJ1C4K',
    financing: 'trade financing',
    purpose: 'trade',
    bank: 'Bank2MSP',
    records: [
      {
        department: 'gov/samr-officer',
        category: 'BUSINESS_REGISTRATION',
        record: { status: 'active', registeredCapitalYuan: 20_000_000, established: '2019-03-08' },
      },
      {
        department: 'gov/customs-officer',
        category: 'CUSTOMS_DECLARATIONS',
        record: { year: 2025, exportsUsd: 18_400_000, importsUsd: 2_100_000 },
      },
      {
        department: 'gov/customs-officer',
        category: 'CUSTOMS_CREDIT_RATING',
        record: { rating: 'AEO-advanced' },
      },
      {
        department: 'gov/tax-officer',
        category: 'INVOICE_VOLUME',
        record: { quarter: '2026Q3', invoices: 4_812, amountYuan: 96_500_000 },
      },
      { department: 'gov/tax-officer', category: 'TAX_CREDIT_RATING', record: { year: 2025, rating: 'A' } },
    ],
    loan: { productId: TRADE_LOAN.productId, amountYuan: 500_000, termMonths: 12 },
  },
  {
    name: 'Corehelm Electronic Technology',
    identity: 'gov/corehelm',
    uscc: '91440300MA5FT9WX61',
    financing: 'IP financing',
    purpose: 'ip-financing',
    bank: 'Bank3MSP',
    records: [
      {
        department: 'gov/samr-officer',
        category: 'BUSINESS_REGISTRATION',
        record: { status: 'active', registeredCapitalYuan: 10_000_000, established: '2018-11-20' },
      },
      {
        department: 'gov/cnipa-officer',
        category: 'PATENTS',
        record: { invention: 37, utilityModel: 112, design: 9 },
      },
      {
        department: 'gov/cnipa-officer',
        category: 'IP_PLEDGES',
        record: { activePledges: 1, pledgedValueYuan: 8_000_000 },
      },
      { department: 'gov/tax-officer', category: 'TAX_CREDIT_RATING', record: { year: 2025, rating: 'A' } },
    ],
    loan: { productId: IP_LOAN.productId, amountYuan: 200_000, termMonths: 12 },
  },
];

export const BANK_IDENTITY = {
  Bank1MSP: 'bank1/officer',
  Bank2MSP: 'bank2/officer',
  Bank3MSP: 'bank3/officer',
} as const;
/** A bank the company did not consent to, for the refused read. */
export const OTHER_BANK = { Bank1MSP: 'Bank2MSP', Bank2MSP: 'Bank3MSP', Bank3MSP: 'Bank1MSP' } as const;
