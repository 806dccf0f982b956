/**
 * The identities, companies and standing consents the mixed load uses, set up through the services
 * themselves (idempotent: a company registered before answers 409 and is kept).
 */
import { buildUscc } from '@sme-credit-ledger/contract';
import { attempt, type Attester, type LoadCompany, type LoadFixture } from './mixed-load';

/** Departments' identities and a category each attests, with a valid record of its fields. */
export const ATTESTERS: readonly Attester[] = [
  {
    identity: 'gov/tax-officer',
    category: 'TAX_CREDIT_RATING',
    record: (n) => ({ year: 2000 + (n % 26), rating: 'A' }),
  },
  { identity: 'gov/hrss-officer', category: 'EMPLOYEE_HEADCOUNT', record: (n) => ({ insured: 10 + n }) },
  { identity: 'gov/cnipa-officer', category: 'TRADEMARKS', record: (n) => ({ registered: n }) },
  {
    identity: 'gov/samr-officer',
    category: 'SHAREHOLDERS',
    record: (n) => ({ shareholders: 1 + (n % 9), registeredCapitalYuan: 100_000 + n }),
  },
  {
    identity: 'gov/utility-officer',
    category: 'WATER_PAYMENTS',
    record: (n) => ({ months: 12, lateMonths: n % 3 }),
  },
  {
    identity: 'gov/housing-officer',
    category: 'HOUSING_FUND_CONTRIBUTIONS',
    record: (n) => ({ paidMonths: n, employees: 5 }),
  },
];

/** The companies enrolled with the network (network/identities.json). */
export const COMPANIES: readonly { uscc: string; identity: string }[] = [
  { uscc: '91441300MA4UQ7R20Q', identity: 'gov/shenghua' },
  { uscc: '91440605MA53KJ1C4K', identity: 'gov/sunlux' },
  { uscc: '91440300MA5FT9WX61', identity: 'gov/corehelm' },
  { uscc: '91440101MA59AB3N63', identity: 'gov/test-company' },
];

export const READ_CATEGORY = 'TAX_CREDIT_RATING';

/** A test USCC for bulk and contention runs, `91449800` + 8 digits + check characters. */
export const loadUscc = (index: number): string =>
  buildUscc('91449800', String(30_000_000 + index).padStart(8, '0'));

export interface FixtureServices {
  url: (org: string) => string;
  token: (identity: string) => Promise<string>;
  banks: readonly { org: string; mspId: string }[];
}

async function must(
  what: string,
  answer: Promise<{ status: number; code?: string; body?: Record<string, unknown> }>,
  allowed: readonly number[] = [],
): Promise<Record<string, unknown> | undefined> {
  const result = await answer;
  if ((result.status >= 200 && result.status < 300) || allowed.includes(result.status)) return result.body;
  throw new Error(`${what}: HTTP ${result.status} ${result.code ?? ''} ${JSON.stringify(result.body ?? {})}`);
}

const key = (label: string) =>
  `fx-${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** Registers `usccs` (a registered one is kept) after loading the starter catalog. */
export async function registerCompanies(services: FixtureServices, usccs: readonly string[]): Promise<void> {
  const gov = services.url('gov');
  await must(
    'load the starter catalog',
    attempt(
      `${gov}/v1/catalog/starter`,
      await services.token('gov/catalog-admin'),
      key('catalog'),
      {},
      60_000,
    ),
  );
  const samr = await services.token('gov/samr-officer');
  for (const uscc of usccs) {
    await must(`register ${uscc}`, attempt(`${gov}/v1/companies`, samr, key('company'), { uscc }, 60_000), [
      409,
    ]);
  }
}

export async function setUpFixture(services: FixtureServices): Promise<LoadFixture> {
  const gov = services.url('gov');
  await registerCompanies(
    services,
    COMPANIES.map((company) => company.uscc),
  );
  const identities = [
    ...ATTESTERS.map((attester) => attester.identity),
    ...COMPANIES.map((company) => company.identity),
    ...services.banks.map((bank) => `${bank.org}/officer`),
  ];
  const tokens: Record<string, string> = {};
  for (const identity of identities) tokens[identity] = await services.token(identity);
  const tax = tokens['gov/tax-officer'] ?? '';
  const companies: LoadCompany[] = [];
  for (const company of COMPANIES) {
    await must(
      `attest ${READ_CATEGORY} of ${company.uscc}`,
      attempt(
        `${gov}/v1/attestations`,
        tax,
        key('attest'),
        {
          uscc: company.uscc,
          category: READ_CATEGORY,
          effectiveDate: '2026-10-01',
          record: { year: 2025, rating: 'A' },
        },
        60_000,
      ),
    );
    const readConsents: Record<string, string> = {};
    for (const bank of services.banks) {
      const body = await must(
        `consent of ${company.uscc} for ${bank.mspId}`,
        attempt(
          `${gov}/v1/consents`,
          tokens[company.identity] ?? '',
          key('consent'),
          {
            bankMspId: bank.mspId,
            categories: [READ_CATEGORY],
            purpose: 'credit-review',
            validFrom: new Date(Date.now() - 60_000).toISOString(),
            validUntil: new Date(Date.now() + 86_400_000).toISOString(),
          },
          60_000,
        ),
      );
      const consentId = (body?.consent as { consentId?: string } | undefined)?.consentId;
      if (consentId === undefined) throw new Error(`no consent id in ${JSON.stringify(body)}`);
      readConsents[bank.mspId] = consentId;
    }
    companies.push({ ...company, readConsents });
  }
  const services_ = Object.fromEntries(
    ['gov', ...services.banks.map((bank) => bank.org)].map((org) => [org, services.url(org)]),
  );
  return {
    services: services_,
    tokens,
    attesters: ATTESTERS,
    companies,
    banks: services.banks.map((bank) => ({ identity: `${bank.org}/officer`, mspId: bank.mspId })),
    readCategory: READ_CATEGORY,
  };
}
