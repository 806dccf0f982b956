import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, codes, creator, remove, write } from './rule-test-kit';
import { TrackedState } from './tracked-state';

const USCC = '91440101MA59AB3N63';
const OTHER_USCC = '91441300MA4UQ7R20Q';
const COMPANY = creator('GovMSP', { role: 'company', uscc: USCC });
const BANK1 = creator('Bank1MSP', { role: 'bank' });
const BANK2 = creator('Bank2MSP', { role: 'bank' });

/** Bank1's request `tx1` to USCC: the consent, its two index entries and the pending mark. */
const request = (mark: string[] = ['Bank1MSP', USCC, 'tx1']) => [
  write(['consent', 'tx1'], {
    consentId: 'tx1',
    uscc: USCC,
    bankMspId: 'Bank1MSP',
    status: 'requested',
    usageCount: 0,
  }),
  write(['consentByCompany', USCC, 'tx1'], 'tx1'),
  write(['consentByBank', 'Bank1MSP', 'tx1'], 'tx1'),
  write(['pendingConsentRequest', ...mark], { consentId: 'tx1', validUntil: '2026-12-29T00:00:00.000Z' }),
];

/** Bank1's refused access `tx2` on USCC, recorded on 2026-12-02, with its refused-access mark. */
function refusal(mark: string[] = ['Bank1MSP', USCC, '2026-12-02', 'tx2'], outcome = 'refused') {
  const access = {
    accessId: 'tx2',
    txId: 'tx2',
    uscc: USCC,
    bankMspId: 'Bank1MSP',
    outcome,
    recordedAt: '2026-12-02T06:00:00.000Z',
  };
  return [
    write(['access', 'tx2'], access),
    write(['accessByCompany', USCC, access.recordedAt, 'tx2'], access),
    write(['accessByBank', 'Bank1MSP', access.recordedAt, 'tx2'], access),
    { ...write([], access), key: `accessByTime|${access.recordedAt}|tx2` },
    write(['refusedAccess', ...mark], 'tx2'),
  ];
}

describe('authorization rules: quota marks of consent requests and refused accesses', () => {
  it('accepts a pending mark written with the bank’s own request', () => {
    assert.deepEqual(check(request(), { creator: BANK1, functionName: 'consent:RequestConsent' }), []);
  });

  it('refuses a pending mark for another company or under another id than the request', () => {
    for (const mark of [
      ['Bank1MSP', OTHER_USCC, 'tx1'],
      ['Bank1MSP', USCC, 'tx9'],
    ]) {
      const findings = check(request(mark), { creator: BANK1, functionName: 'consent:RequestConsent' });
      assert.ok(codes(findings).includes('AUTHZ_CONSENT'), mark.join('/'));
    }
  });

  it('refuses a pending mark of one bank written by another', () => {
    const findings = check(
      [write(['pendingConsentRequest', 'Bank1MSP', USCC, 'tx1'], { consentId: 'tx1' })],
      {
        creator: BANK2,
        functionName: 'consent:RequestConsent',
      },
    );

    assert.deepEqual(codes(findings), ['AUTHZ_CONSENT']);
  });

  it('lets the company or the bank remove a pending mark, and nobody else', () => {
    const mark = ['pendingConsentRequest', 'Bank1MSP', USCC, 'tx1'];
    assert.deepEqual(check([remove(mark)], { creator: COMPANY, functionName: 'consent:RejectConsent' }), []);
    assert.deepEqual(check([remove(mark)], { creator: BANK1, functionName: 'consent:RequestConsent' }), []);

    const findings = check([remove(mark)], { creator: BANK2, functionName: 'consent:RequestConsent' });

    assert.deepEqual(codes(findings), ['AUTHZ_DELETE']);
  });

  it('accepts a refused-access mark beside the refused access it counts', () => {
    assert.deepEqual(
      check(refusal(), { creator: BANK1, txId: 'tx2', functionName: 'access:RecordAccess' }),
      [],
    );
  });

  it('refuses a refused-access mark beside a granted access, on another day, or never removed', () => {
    const cases = [
      refusal(undefined, 'granted'),
      refusal(['Bank1MSP', USCC, '2026-12-01', 'tx2']),
      [remove(['refusedAccess', 'Bank1MSP', USCC, '2026-12-02', 'tx2'])],
    ];
    for (const writes of cases) {
      const findings = check(writes, { creator: BANK1, txId: 'tx2', functionName: 'access:RecordAccess' });
      assert.ok(findings.length > 0, JSON.stringify(writes.map((item) => item.key)));
    }
  });

  it('refuses a granted access naming an attestation version the ledger does not hold', () => {
    const state = new TrackedState();
    state.addKey(`\u0000attestation\u0000${USCC}\u0000TAX_PAYMENT\u000000000002\u0000`);
    const access = (version: number) => {
      const record = {
        accessId: 'tx2',
        txId: 'tx2',
        uscc: USCC,
        bankMspId: 'Bank1MSP',
        outcome: 'granted',
        attestedVersions: { TAX_PAYMENT: version },
      };
      return [write(['access', 'tx2'], record)];
    };
    const options = { creator: BANK1, txId: 'tx2', functionName: 'access:RecordAccess', state };

    assert.deepEqual(check(access(2), options), []);
    assert.deepEqual(codes(check(access(3), options)), ['AUTHZ_ACCESS']);
  });
});
