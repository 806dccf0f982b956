import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  bankCollection,
  CONFIDENTIAL_TRANSACTIONS,
  PLATFORM_INDEX_COLLECTION,
  type AccessRecord,
  type AccessResponse,
  type ConsentResponse,
  type CurrentVersionsResponse,
} from '@sme-credit-ledger/contract';
import { InMemoryWorld, TEST_ORGS } from '../ledger/in-memory-ledger';
import { attest, FakeNetwork, IDS, seededNetwork, USCC } from '../testing/fake-network';

const TERMS_OF_ACCESS = { uscc: USCC.shenghua, categories: ['TAX_PAYMENT'], purpose: 'working-capital' };
const TERMS = {
  uscc: USCC.shenghua,
  bankMspId: 'Bank1MSP',
  categories: ['TAX_PAYMENT'],
  purpose: 'working-capital',
  validFrom: '2026-11-29T00:00:00Z',
  validUntil: '2026-12-29T00:00:00Z',
};

/** A network where Shenghua granted Bank1 the consent of TERMS; the access terms that consent covers. */
async function grantedNetwork(requestId: string): Promise<{
  network: FakeNetwork;
  terms: { consentId: string; uscc: string; categories: string[]; purpose: string };
}> {
  const network = await seededNetwork();
  const granted = await network.submit<ConsentResponse>(IDS.shenghua, 'consent:GrantConsent', {
    requestId,
    ...TERMS,
  });
  return { network, terms: { ...TERMS_OF_ACCESS, consentId: granted.consent.consentId } };
}

/** Bank1's business with Shenghua: a granted consent and one recorded access; the events of both. */
async function bank1Business(): Promise<{ network: FakeNetwork; consentId: string; access: AccessRecord }> {
  const network = await seededNetwork();
  await attest(network, IDS.tax, USCC.shenghua, 'TAX_PAYMENT', { year: 2025, paidCny: 1 });
  const publicBefore = new Set(network.world.state.keys());
  const granted = await network.submit<ConsentResponse>(IDS.shenghua, 'consent:GrantConsent', {
    requestId: 'grant-0001',
    ...TERMS,
  });
  const terms = { ...TERMS_OF_ACCESS, consentId: granted.consent.consentId };
  const { versions } = await network.evaluate<CurrentVersionsResponse>(
    IDS.bank1,
    'access:CurrentVersions',
    terms,
  );
  const { access } = await network.submit<AccessResponse>(IDS.bank1, 'access:RecordAccess', {
    requestId: 'access-0001',
    versions,
    ...terms,
  });
  const newPublic = [...network.world.state.keys()].filter((key) => !publicBefore.has(key));
  assert.deepEqual(newPublic, [], 'consent and access write nothing to public state');
  return { network, consentId: granted.consent.consentId, access };
}

describe('confidential bank business', () => {
  it('keeps consents and accesses out of public state and events, with pseudonymous keys and salted values', async () => {
    const { network, consentId, access } = await bank1Business();
    assert.equal(access.outcome, 'granted');
    const events = network.world.events.filter((event) =>
      ['ConsentChanged', 'AccessRecorded'].includes(event.name),
    );
    assert.equal(events.length, 2);
    for (const event of events) {
      for (const secret of [USCC.shenghua, 'working-capital', 'TAX_PAYMENT']) {
        assert.equal(event.payload.includes(secret), false, `${event.name} names ${secret}`);
      }
      assert.equal((JSON.parse(event.payload) as { bankMspId: string }).bankMspId, 'Bank1MSP');
    }
    for (const name of [bankCollection('Bank1MSP'), PLATFORM_INDEX_COLLECTION]) {
      const collection = network.world.collection(name);
      assert.ok(collection.size > 0, `${name} holds the business`);
      for (const [key, value] of collection) {
        assert.equal(
          key.includes(USCC.shenghua),
          false,
          `${name} key ${JSON.stringify(key)} names the company`,
        );
        if (key !== 'pseudonymKey') {
          assert.match(
            value,
            /^\{"salt":"[0-9a-f]{64}","value":/,
            `${name} ${JSON.stringify(key)} is salted`,
          );
        }
      }
    }
    assert.equal(network.world.collection(bankCollection('Bank2MSP')).size, 0);
    const consent = await network.evaluate<ConsentResponse>(IDS.auditor, 'consent:GetConsent', { consentId });
    assert.equal(consent.consent.purpose, 'working-capital');
  });

  it('refuses a confidential request sent as the argument, which the block would keep, and changes nothing', async () => {
    const network = await seededNetwork();
    const before = network.snapshot();
    const reader = network.newReaderKeyPair();
    await assert.rejects(
      network.rawText(
        IDS.shenghua,
        'consent:GrantConsent',
        JSON.stringify({ requestId: 'grant-0005', ...TERMS }),
        {
          readerKey: reader.publicKey,
        },
      ),
      /VALIDATION_FAILED: consent:GrantConsent is confidential: send the request in transient field "request"/,
    );
    await assert.rejects(
      network.rawText(IDS.shenghua, 'consent:GrantConsent', '{}', {
        request: JSON.stringify({ requestId: 'grant-0005', ...TERMS }),
      }),
      /VALIDATION_FAILED: transient field "readerKey"/,
    );
    assert.equal(network.snapshot(), before);
  });

  it('answers a confidential transaction only as a box sealed to the caller', async () => {
    const network = await seededNetwork();
    const reader = network.newReaderKeyPair();
    const text = await network.rawText(IDS.shenghua, 'consent:GrantConsent', '{}', {
      request: JSON.stringify({ requestId: 'grant-0002', ...TERMS }),
      readerKey: reader.publicKey,
    });
    assert.deepEqual(Object.keys(JSON.parse(text) as object).sort(), [
      'ciphertext',
      'nonce',
      'scheme',
      'senderKey',
      'tag',
    ]);
    for (const secret of [USCC.shenghua, 'Bank1MSP', 'working-capital']) {
      assert.equal(text.includes(secret), false, `the response names ${secret}`);
    }
  });

  it('lets Fabric refuse another bank’s client at its collection, as the peer does', async () => {
    const { network } = await bank1Business();
    const key = [...network.world.collection(bankCollection('Bank1MSP')).keys()][0] ?? '';
    const asBank2 = network.world.begin({ identity: IDS.bank2, time: network.time });
    await assert.rejects(
      asBank2.getPrivate(bankCollection('Bank1MSP'), key),
      /tx creator does not have read access permission on privatedata in chaincodeName:credit collectionName: business_Bank1MSP/,
    );
    await assert.rejects(
      asBank2.putPrivate(bankCollection('Bank1MSP'), key, '{}'),
      /does not have write access permission/,
    );
    const asCompany = network.world.begin({ identity: IDS.shenghua, time: network.time });
    assert.notEqual(await asCompany.getPrivate(bankCollection('Bank1MSP'), key), undefined);
    await assert.rejects(
      asBank2.getPrivate('noSuchCollection', key),
      /collection \[noSuchCollection\] not defined in the collection config for chaincode \[credit\]/,
    );
  });

  it('makes the pseudonym key at the first registration, from the seed gov sends, and never again', async () => {
    const network = new FakeNetwork();
    await network.submit(IDS.catalogAdmin, 'catalog:LoadStarterCatalog', {});
    for (const seed of [
      'short',
      Buffer.alloc(32, 1).toString('base64'),
      Buffer.alloc(31, 1).toString('base64url'),
    ]) {
      await assert.rejects(
        network.rawText(
          IDS.samr,
          'company:RegisterCompany',
          JSON.stringify({ requestId: 'register-0', uscc: USCC.shenghua }),
          { pseudonymSeed: seed },
        ),
        /VALIDATION_FAILED: the first company registration creates the pseudonym key/,
        `seed ${seed}`,
      );
    }
    await assert.rejects(
      network.rawText(
        IDS.samr,
        'company:RegisterCompany',
        JSON.stringify({ requestId: 'register-1', uscc: USCC.shenghua }),
      ),
      /VALIDATION_FAILED: the first company registration creates the pseudonym key/,
    );
    assert.equal(network.world.collection(PLATFORM_INDEX_COLLECTION).size, 0);
    await network.submit(IDS.samr, 'company:RegisterCompany', {
      requestId: 'register-2',
      uscc: USCC.shenghua,
    });
    const key = network.world.collection(PLATFORM_INDEX_COLLECTION).get('pseudonymKey');
    await network.rawText(
      IDS.samr,
      'company:RegisterCompany',
      JSON.stringify({ requestId: 'register-3', uscc: USCC.sunlux }),
      {
        pseudonymSeed: Buffer.alloc(32, 9).toString('base64url'),
      },
    );
    assert.equal(network.world.collection(PLATFORM_INDEX_COLLECTION).get('pseudonymKey'), key);
  });

  it('checks the versions a bank records: only its requested categories, positive integers', async () => {
    const { network, terms: base } = await grantedNetwork('grant-0003');
    for (const [versions, message] of [
      [[1], /versions must be an object/],
      [{ COURT_JUDGEMENTS: 1 }, /versions names COURT_JUDGEMENTS/],
      [{ TAX_PAYMENT: 0 }, /versions.TAX_PAYMENT must be a positive integer/],
      [{ TAX_PAYMENT: 1.5 }, /versions.TAX_PAYMENT must be a positive integer/],
    ] as const) {
      await assert.rejects(
        network.submit(IDS.bank1, 'access:RecordAccess', {
          requestId: `versions-${String(message).length}-${Object.keys(versions).length}`,
          ...base,
          versions,
        }),
        message,
      );
    }
  });

  it('refuses CurrentVersions without a consent, and to another bank', async () => {
    const { network, terms } = await grantedNetwork('grant-0004');
    await assert.rejects(network.evaluate(IDS.bank2, 'access:CurrentVersions', terms), /CONSENT_REQUIRED/);
    await assert.rejects(
      network.evaluate(IDS.bank1, 'access:CurrentVersions', { ...terms, categories: ['COURT_JUDGEMENTS'] }),
      /CONSENT_REQUIRED: consent .* does not cover COURT_JUDGEMENTS/,
    );
    await assert.rejects(network.evaluate(IDS.auditor, 'access:CurrentVersions', terms), /NOT_AUTHORIZED/);
  });

  it('gives a new in-memory channel the collections of its organizations', () => {
    const world = new InMemoryWorld();
    assert.deepEqual(
      [...world.collections.keys()],
      [
        'govRawRecords',
        PLATFORM_INDEX_COLLECTION,
        'business_Bank1MSP',
        'business_Bank2MSP',
        'lenderRawRecords',
      ],
    );
  });

  it('makes a bank of any organization the topology gives a business collection, and of no other', async () => {
    const bank9 = { mspId: 'Bank9MSP', role: 'bank', dept: null, uscc: null };
    const network = await seededNetwork([...TEST_ORGS, { mspId: 'Bank9MSP', role: 'bank' }]);
    const requested = await network.submit<ConsentResponse>(bank9, 'consent:RequestConsent', {
      requestId: 'request-bank9',
      ...TERMS,
    });
    assert.equal(requested.consent.bankMspId, 'Bank9MSP');
    assert.equal(network.world.collection(bankCollection('Bank9MSP')).size > 0, true);

    const without = await seededNetwork();
    await assert.rejects(
      without.submit(bank9, 'consent:RequestConsent', { requestId: 'request-bank9', ...TERMS }),
      /NOT_AUTHORIZED: Bank9MSP is not a bank of this platform/,
    );
    await assert.rejects(
      without.submit(IDS.shenghua, 'consent:GrantConsent', {
        requestId: 'grant-bank9',
        ...TERMS,
        bankMspId: 'Bank9MSP',
      }),
      /VALIDATION_FAILED: Bank9MSP is not a bank of this platform/,
    );
    await assert.rejects(
      without.evaluate(IDS.auditor, 'consent:ListConsentsByBank', { bankMspId: 'GovMSP' }),
      /VALIDATION_FAILED: GovMSP is not a bank of this platform/,
    );
  });

  // A confidential transaction that forgot to say so would answer in clear; every one must refuse a request
  // in its argument before anything else, whoever calls.
  it('refuses a request in the argument for every confidential transaction, evaluations included', async () => {
    const network = await seededNetwork();
    const reader = network.newReaderKeyPair();
    for (const invocation of CONFIDENTIAL_TRANSACTIONS) {
      await assert.rejects(
        network.rawText(IDS.auditor, invocation, JSON.stringify({ consentId: 'c', uscc: USCC.shenghua }), {
          readerKey: reader.publicKey,
        }),
        new RegExp(`VALIDATION_FAILED: ${invocation} is confidential`),
        invocation,
      );
    }
  });
});
