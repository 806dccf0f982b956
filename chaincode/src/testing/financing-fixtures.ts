import type { MatchProductsResponse, ProductMatch, ProductResponse } from '@sme-credit-ledger/contract';
import { attest, IDS, seededNetwork, USCC, type FakeNetwork } from './fake-network';
import { IP_LOAN, STRICT_LOAN, SUPPLY_CHAIN_LOAN } from './product-fixtures';

export { IP_LOAN, MANUAL_LOAN, STRICT_LOAN, SUPPLY_CHAIN_LOAN } from './product-fixtures';

/** Test code: the launch day's banks, products and company records over the in-memory network. */

let counter = 0;
export function rid(prefix: string): string {
  counter += 1;
  return `${prefix}-${String(counter).padStart(6, '0')}`;
}

/**
 * Bank1 (ICBC) offers the supply-chain loan (straight-through) and the A-rated loan, Bank2 (Ping An Bank)
 * the IP loan; Shenghua has a B tax rating, no enforcement and 36 months of social insurance.
 */
export async function financingNetwork(): Promise<FakeNetwork> {
  const network = await seededNetwork();
  await network.submit(IDS.bank1, 'product:SetInstitutionProfile', {
    requestId: rid('profile'),
    displayName: 'ICBC',
  });
  await network.submit(IDS.bank2, 'product:SetInstitutionProfile', {
    requestId: rid('profile'),
    displayName: 'Ping An Bank',
  });
  await publish(network, IDS.bank1, SUPPLY_CHAIN_LOAN);
  await publish(network, IDS.bank1, STRICT_LOAN);
  await publish(network, IDS.bank2, IP_LOAN);
  await attest(network, IDS.tax, USCC.shenghua, 'TAX_CREDIT_RATING', { year: 2025, rating: 'B' });
  await attest(network, IDS.court, USCC.shenghua, 'COURT_ENFORCEMENT', {
    openCases: 0,
    dishonestDebtor: false,
  });
  await attest(network, IDS.hrss, USCC.shenghua, 'SOCIAL_INSURANCE', {
    paidMonths: 36,
    insuredEmployees: 120,
  });
  await attest(network, IDS.samr, USCC.shenghua, 'BUSINESS_REGISTRATION', {
    status: 'active',
    registeredCapitalYuan: 50_000_000,
    established: '2016-04-12',
  });
  return network;
}

export function publish(
  network: FakeNetwork,
  bank: (typeof IDS)['bank1'],
  product: Record<string, unknown>,
): Promise<ProductResponse> {
  return network.submit<ProductResponse>(bank, 'product:PublishProduct', {
    requestId: rid('publish'),
    product,
  });
}

export async function match(
  network: FakeNetwork,
  request: Record<string, unknown> = {},
  identity = IDS.shenghua,
): Promise<MatchProductsResponse> {
  return network.evaluate<MatchProductsResponse>(identity, 'application:MatchProducts', {
    uscc: USCC.shenghua,
    ...request,
  });
}

export function itemOf(response: MatchProductsResponse, productId: string): ProductMatch {
  const item = response.items.find((candidate) => candidate.productId === productId);
  if (item === undefined) throw new Error(`no match item ${productId}`);
  return item;
}
