import {
  confidentialExchange,
  invocationName,
  newReaderKeyPair,
  openAuthorizedRecords,
  TRANSIENT_FIELDS,
  type AccessRecord,
  type AttestResponse,
  type ConsentResponse,
  type ReadAuthorizedRecordsResponse,
} from '@sme-credit-ledger/contract';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertRefused, LedgerCaller } from './support/ledger-caller';
import { ensureNetwork, type TestProfile } from './support/network-cli';
import {
  freshSecret,
  NeedleScanner,
  secretNeedles,
  textNeedles,
  type RawSecret,
} from './support/privacy-scan';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(300_000);

// `@Transaction(false)` is metadata only: a bank with its own Fabric client can have ReadAuthorizedRecords
// ordered and committed, and the response is then in a block on every peer. These tests do exactly that and
// check that the block holds the raw record and salt only as ciphertext sealed to the bank's one-time key.
const COREHELM = '91440300MA5FT9WX61';
const BANK = 'bank1/officer';
const READ = invocationName('access', 'ReadAuthorizedRecords');
const utf8 = new TextDecoder();

describe('raw records sealed to the reader, even when a bank submits the read', () => {
  let profile: TestProfile;
  let ledger: LedgerCaller;
  let secret: RawSecret;
  let access: AccessRecord;

  const rid = (): string => `er-${randomUUID()}`;
  const inSeconds = (seconds: number): string => new Date(Date.now() + seconds * 1000).toISOString();

  const withReaderKey = (publicKey: string) => ({
    endorsingOrganizations: ['GovMSP'],
    transientData: { [TRANSIENT_FIELDS.readerKey]: Buffer.from(publicKey) },
  });

  /** The gov peer may commit RecordAccess a moment after bank1's peer reported it: retry NOT_FOUND briefly. */
  async function whenReadable(accessId: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await ledger.evaluate(BANK, READ, { accessId }, withReaderKey(newReaderKeyPair().publicKey));
        return;
      } catch (error) {
        if (attempt >= 20 || !/NOT_FOUND: no access/.test(`${String(error)} ${JSON.stringify(error)}`)) {
          throw error;
        }
        await sleep(250);
      }
    }
  }

  beforeAll(async () => {
    profile = await ensureNetwork();
    ledger = new LedgerCaller(profile);
    await ledger.seedCompany(COREHELM);
    secret = freshSecret('TAX_PAYMENT', 'hex');
    const attested = await ledger.submit<AttestResponse>(
      'gov/tax-officer',
      invocationName('attestation', 'Attest'),
      {
        requestId: rid(),
        uscc: COREHELM,
        category: 'TAX_PAYMENT',
        schemaVersion: 1,
        effectiveDate: '2026-10-01',
      },
      { [TRANSIENT_FIELDS.record]: secret.canonical, [TRANSIENT_FIELDS.salt]: secret.salt },
    );
    secret.attestation = attested.attestation;
    const granted = await ledger.submit<ConsentResponse>(
      'gov/corehelm',
      invocationName('consent', 'GrantConsent'),
      {
        requestId: rid(),
        uscc: COREHELM,
        bankMspId: 'Bank1MSP',
        categories: ['TAX_PAYMENT'],
        purpose: 'credit-review',
        validFrom: inSeconds(-600),
        validUntil: inSeconds(86_400),
      },
    );
    access = await ledger.recordAccess(BANK, {
      requestId: rid(),
      consentId: granted.consent.consentId,
      uscc: COREHELM,
      categories: ['TAX_PAYMENT'],
      purpose: 'credit-review',
    });
    assert.equal(access.outcome, 'granted');
    await whenReadable(access.accessId);
  });

  afterAll(() => {
    ledger?.close();
  });

  it('commits a submitted read with only ciphertext in its block, which the bank’s key opens', async () => {
    const reader = newReaderKeyPair();
    const exchange = confidentialExchange(READ, JSON.stringify({ accessId: access.accessId }), {}, reader);
    const contract = ledger.contract(BANK);
    const proposal = contract.newProposal(READ, {
      arguments: [exchange.argument],
      endorsingOrganizations: ['GovMSP'],
      transientData: Object.fromEntries(
        Object.entries(exchange.transient).map(([name, value]) => [name, Buffer.from(value)]),
      ),
    });
    const transaction = await proposal.endorse();
    const commit = await transaction.submit();
    const status = await commit.getStatus();
    assert.equal(status.successful, true, `the read committed as ${String(status.code)}`);

    const qscc = ledger.connection(BANK).gateway.getNetwork(profile.channel).getContract('qscc');
    const block = Buffer.from(
      await qscc.evaluateTransaction('GetBlockByTxID', profile.channel, transaction.getTransactionId()),
    );
    const control = new NeedleScanner(textNeedles('transaction id', transaction.getTransactionId()));
    assert.equal(control.scan(block).length > 0, true, 'the block holds the committed read');
    // The company's code is in this block's read set (the attestation keys read): a bank that commits an
    // evaluate-only read publishes whom it read; the request, the answer and the raw data stay sealed.
    const found = new NeedleScanner([...secretNeedles(secret), ...textNeedles('access id', access.accessId)])
      .scan(block)
      .map((needle) => needle.label);
    assert.deepEqual(found, [], 'raw record, salt or access id in the committed block');

    const opened1 = exchange.open(utf8.decode(transaction.getResult()));
    const response = JSON.parse(opened1) as ReadAuthorizedRecordsResponse;
    const opened = openAuthorizedRecords(response, reader.privateKey);
    assert.deepEqual(
      [opened.records[0]?.record, opened.records[0]?.salt, opened.records[0]?.attestation.txId],
      [secret.record, secret.salt, secret.attestation?.txId],
    );
    assert.throws(() => openAuthorizedRecords(response, newReaderKeyPair().privateKey), /does not open/);
  });

  it('refuses a read without a reader key, evaluated or submitted, with VALIDATION_FAILED', async () => {
    const options = {
      arguments: ['{}'],
      endorsingOrganizations: ['GovMSP'],
      transientData: {
        [TRANSIENT_FIELDS.request]: Buffer.from(JSON.stringify({ accessId: access.accessId })),
      },
    };
    await assertRefused(ledger.contract(BANK).evaluate(READ, options), 'VALIDATION_FAILED');
    await assertRefused(ledger.contract(BANK).submit(READ, options), 'VALIDATION_FAILED');
  });
});
