import {
  openAuthorizedRecords,
  type AccessRecord,
  type AccessResponse,
  type ConsentResponse,
  type CurrentVersionsResponse,
  type OpenedAuthorizedRecords,
  type ReadAuthorizedRecordsResponse,
} from '@sme-credit-ledger/contract';
import type { CallerIdentity } from '../domain/roles';
import { attest, IDS, seededNetwork, USCC, type FakeNetwork } from './fake-network';

// The access contract's tests share these: a consented network, and reads and accesses as the gateway makes them.
export const TAX_RECORD = { year: 2025, paidCny: 1_250_000 };
let counter = 0;
export const rid = (): string => `acc-${String((counter += 1)).padStart(6, '0')}`;

/** Tax and social insurance attested for Shenghua; Bank1 holds an authorised consent for both. */
export async function consentedNetwork(
  extra: Record<string, unknown> = {},
): Promise<{ network: FakeNetwork; consentId: string; salt: string }> {
  const network = await seededNetwork();
  const { salt } = await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', TAX_RECORD);
  await attest(network, IDS.hrss, USCC.shenghua, 'SOCIAL_INSURANCE', { months: 12, insured: 48 });
  await attest(network, IDS.court, USCC.shenghua, 'COURT_JUDGEMENTS', { cases: 0 });
  const granted = await network.submit<ConsentResponse>(IDS.shenghua, 'consent:GrantConsent', {
    requestId: rid(),
    uscc: USCC.shenghua,
    bankMspId: 'Bank1MSP',
    categories: ['TAX_PAYMENT', 'SOCIAL_INSURANCE'],
    purpose: 'supply-chain',
    validFrom: '2026-11-29T00:00:00Z',
    validUntil: '2026-12-29T00:00:00Z',
    ...extra,
  });
  return { network, consentId: granted.consent.consentId, salt };
}

/** A bank's read as the gateway does it: a one-time key in transient data, the sealed part opened with it. */
export async function readAuthorized(
  network: FakeNetwork,
  identity: CallerIdentity,
  accessId: string,
): Promise<OpenedAuthorizedRecords> {
  const reader = network.newReaderKeyPair();
  const read = await network.evaluate<ReadAuthorizedRecordsResponse>(
    identity,
    'access:ReadAuthorizedRecords',
    { accessId },
    { readerKey: reader.publicKey },
  );
  return openAuthorizedRecords(read, reader.privateKey);
}

/** As the gateway records an access: the versions the consent allows first (none when it refuses). */
export async function recordAccess(
  network: FakeNetwork,
  consentId: string,
  extra: Record<string, unknown> = {},
  identity: CallerIdentity = IDS.bank1,
): Promise<AccessRecord> {
  const terms = {
    consentId,
    uscc: USCC.shenghua,
    categories: ['TAX_PAYMENT'],
    purpose: 'supply-chain',
    ...extra,
  };
  const versions = await network
    .evaluate<CurrentVersionsResponse>(identity, 'access:CurrentVersions', terms)
    .then((current) => current.versions)
    .catch(() => ({}));
  const request = { requestId: rid(), versions, ...terms };
  const { access } = await network.submit<AccessResponse>(identity, 'access:RecordAccess', request);
  return access;
}
