import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { AccessResponse, ConsentResponse } from '@sme-credit-ledger/contract';
import { consentedNetwork, readAuthorized, TAX_RECORD } from '../testing/access-fixtures';
import { attest, IDS, USCC } from '../testing/fake-network';

/** RecordAccess as the gateway sends it, naming version 1 of the tax record. */
const accessRequest = (requestId: string, consentId: string) => ({
  requestId,
  consentId,
  uscc: USCC.shenghua,
  categories: ['TAX_PAYMENT'],
  purpose: 'supply-chain',
  versions: { TAX_PAYMENT: 1 },
});

describe('a retried access (the same requestId)', () => {
  it('returns the original access record for a retried requestId without counting twice', async () => {
    const { network, consentId } = await consentedNetwork({ usageLimit: 2 });
    const request = accessRequest('retry-access-1', consentId);
    const first = await network.submitText(IDS.bank1, 'access:RecordAccess', request);
    assert.equal(await network.submitText(IDS.bank1, 'access:RecordAccess', request), first);
    const consent = await network.evaluate<ConsentResponse>(IDS.bank1, 'consent:GetConsent', { consentId });
    assert.equal(consent.consent.usageCount, 1);
  });

  it('replays the first access for a retry whose versions moved on, and still refuses another request under the id', async () => {
    const { network, consentId } = await consentedNetwork({ usageLimit: 3 });
    const request = accessRequest('retry-access-newer', consentId);
    const first = await network.submit<AccessResponse>(IDS.bank1, 'access:RecordAccess', request);
    // Between the attempts the tax bureau attests a newer version; the retry asked CurrentVersions again.
    await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { ...TAX_RECORD, paidCny: 1_300_000 });
    const retry = { ...request, versions: { TAX_PAYMENT: 2 } };
    const again = await network.submit<AccessResponse>(IDS.bank1, 'access:RecordAccess', retry);
    assert.deepEqual(again, first, 'the retry is the same access');
    const consent = await network.evaluate<ConsentResponse>(IDS.bank1, 'consent:GetConsent', { consentId });
    assert.equal(consent.consent.usageCount, 1, 'one use, not two');
    const read = await readAuthorized(network, IDS.bank1, first.access.accessId);
    assert.deepEqual(
      read.records.map((item) => item.attestation.version),
      [1],
      'the read is what the first attempt recorded',
    );
    assert.equal(read.records[0]?.isLatest, false);
    await assert.rejects(
      network.submit(IDS.bank1, 'access:RecordAccess', { ...request, categories: ['SOCIAL_INSURANCE'] }),
      /^Error: CONFLICT: requestId retry-access-newer was already used/,
    );
  });
});
