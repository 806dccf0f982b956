import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type {
  AccessRecord,
  AccessResponse,
  Consent,
  ConsentResponse,
  Page,
} from '@sme-credit-ledger/contract';
import type { CallerIdentity } from '../domain/roles';
import { attest, IDS, seededNetwork, USCC, type FakeNetwork } from '../testing/fake-network';
import { CRAFTED_BOOKMARKS as CRAFTED } from '../testing/crafted-bookmarks';

/**
 * Issue 10, items 1 and 2: the peer starts a paginated scan at the caller's bookmark, so a raw key as
 * bookmark read other companies' and banks' consents and accesses, or (past the end key) crashed the gov
 * peer. The in-memory ledger scans exactly like the peer, so these tests fail without the bookmark checks.
 */

let counter = 0;
const rid = (): string => `bm-${String((counter += 1)).padStart(6, '0')}`;

async function grant(network: FakeNetwork, company: CallerIdentity, uscc: string, bankMspId: string) {
  const { consent } = await network.submit<ConsentResponse>(company, 'consent:GrantConsent', {
    requestId: rid(),
    uscc,
    bankMspId,
    categories: ['TAX_PAYMENT'],
    purpose: 'supply-chain',
    validFrom: '2026-11-29T00:00:00Z',
    validUntil: '2026-12-29T00:00:00Z',
  });
  return consent;
}

/** Shenghua consents to Bank1, Sunlux to Bank2; each bank records one access. */
async function twoTenants(): Promise<FakeNetwork> {
  const network = await seededNetwork();
  await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { year: 2025 });
  await attest(network, IDS.tax, USCC.sunlux, 'TAX_PAYMENT', { year: 2025 });
  const pairs = [
    { company: IDS.shenghua, uscc: USCC.shenghua, bank: IDS.bank1 },
    { company: IDS.sunlux, uscc: USCC.sunlux, bank: IDS.bank2 },
  ];
  for (const { company, uscc, bank } of pairs) {
    const consent = await grant(network, company, uscc, bank.mspId);
    await network.submit<AccessResponse>(bank, 'access:RecordAccess', {
      requestId: rid(),
      consentId: consent.consentId,
      uscc,
      categories: ['TAX_PAYMENT'],
      purpose: 'supply-chain',
    });
  }
  return network;
}

interface Probe {
  who: string;
  identity: CallerIdentity;
  invocation: string;
  request: Record<string, unknown>;
  /** True when an item belongs to the caller. */
  owns: (item: Consent | AccessRecord) => boolean;
}

const PROBES: Probe[] = [
  {
    who: 'a company listing its consents',
    identity: IDS.shenghua,
    invocation: 'consent:ListConsentsByCompany',
    request: { uscc: USCC.shenghua },
    owns: (item) => item.uscc === USCC.shenghua,
  },
  {
    who: 'Bank2 listing its consents',
    identity: IDS.bank2,
    invocation: 'consent:ListConsentsByBank',
    request: { bankMspId: 'Bank2MSP' },
    owns: (item) => item.bankMspId === 'Bank2MSP',
  },
  {
    who: 'a company listing who read its data',
    identity: IDS.shenghua,
    invocation: 'audit:ListAccessByCompany',
    request: { uscc: USCC.shenghua },
    owns: (item) => item.uscc === USCC.shenghua,
  },
  {
    who: 'an auditor listing accesses by time',
    identity: IDS.auditor,
    invocation: 'audit:ListAccessByTimeRange',
    request: { from: '2026-11-29T00:00:00Z', to: '2026-11-30T00:00:00Z' },
    owns: (item) => 'accessId' in item,
  },
];

describe('crafted pagination bookmarks', () => {
  for (const probe of PROBES) {
    it(`refuses every crafted bookmark for ${probe.who}`, async () => {
      const network = await twoTenants();
      const own = await network.evaluate<Page<Consent | AccessRecord>>(
        probe.identity,
        probe.invocation,
        probe.request,
      );
      assert.ok(own.items.length > 0 && own.items.every(probe.owns));

      for (const bookmark of CRAFTED) {
        await assert.rejects(
          network.evaluate(probe.identity, probe.invocation, { ...probe.request, bookmark }),
          /^Error: VALIDATION_FAILED: bookmark/,
          `bookmark ${JSON.stringify(bookmark)}`,
        );
      }
    });
  }

  it('pages through a list with the bookmarks it hands out', async () => {
    const network = await seededNetwork();
    for (const bank of ['Bank1MSP', 'Bank2MSP', 'Bank1MSP']) {
      await grant(network, IDS.shenghua, USCC.shenghua, bank);
    }
    const seen: string[] = [];
    let bookmark = '';
    do {
      const page = await network.evaluate<Page<Consent>>(IDS.shenghua, 'consent:ListConsentsByCompany', {
        uscc: USCC.shenghua,
        pageSize: 1,
        bookmark,
      });
      seen.push(...page.items.map((consent) => consent.consentId));
      bookmark = page.bookmark;
    } while (bookmark !== '');

    assert.equal(new Set(seen).size, 3);
  });
});
