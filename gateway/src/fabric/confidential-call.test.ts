import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  newReaderKeyPair,
  parseReaderKey,
  sealResponse,
  TRANSIENT_FIELDS,
} from '@sme-credit-ledger/contract';
import { ApiError } from '../errors/problem';
import { prepareCall } from './confidential-call';

const GRANT = { requestId: 'grant-0001', uscc: '91441300MA4UQ7R20Q', bankMspId: 'Bank1MSP' };

describe('confidential calls', () => {
  it('moves a confidential request out of the arguments, which every block keeps, into transient data', () => {
    const prepared = prepareCall({
      identity: 'gov/shenghua',
      transaction: 'consent:GrantConsent',
      args: [JSON.stringify(GRANT)],
    });
    assert.deepEqual(prepared.call.args, ['{}']);
    assert.equal(prepared.call.transient?.[TRANSIENT_FIELDS.request], JSON.stringify(GRANT));
    const readerKey = prepared.call.transient?.[TRANSIENT_FIELDS.readerKey];
    assert.ok(parseReaderKey(readerKey));
    const answer = sealResponse('{"consent":{}}', parseReaderKey(readerKey), 'consent:GrantConsent');
    const opened = prepared.open(Buffer.from(JSON.stringify(answer)));
    assert.equal(Buffer.from(opened).toString('utf8'), '{"consent":{}}');
  });

  it('answers LEDGER_ERROR for an answer sealed to another key, to another invocation, or not sealed', () => {
    const prepared = prepareCall({
      identity: 'bank1/officer',
      transaction: 'consent:GetConsent',
      args: ['{}'],
    });
    const key = parseReaderKey(prepared.call.transient?.[TRANSIENT_FIELDS.readerKey]);
    const stranger = parseReaderKey(newReaderKeyPair().publicKey);
    for (const answer of [
      JSON.stringify(sealResponse('{}', stranger, 'consent:GetConsent')),
      JSON.stringify(sealResponse('{}', key, 'access:GetAccess')),
      '{"consent":{"uscc":"91441300MA4UQ7R20Q"}}',
      'not json',
    ]) {
      assert.throws(
        () => prepared.open(Buffer.from(answer)),
        (error: unknown) => error instanceof ApiError && error.code === 'LEDGER_ERROR',
      );
    }
  });

  it('uses the caller’s reader key when given, so it can open an inner box with it', () => {
    const reader = newReaderKeyPair();
    const prepared = prepareCall({
      identity: 'bank1/officer',
      transaction: 'access:ReadAuthorizedRecords',
      args: ['{"accessId":"a"}'],
      readerKey: reader,
    });
    assert.equal(prepared.call.transient?.[TRANSIENT_FIELDS.readerKey], reader.publicKey);
    assert.equal('readerKey' in prepared.call, false, 'the private key never reaches the Fabric call');
  });

  it('adds a fresh pseudonym seed to each company registration and leaves public transactions alone', () => {
    const register = { identity: 'gov/samr-officer', transaction: 'company:RegisterCompany', args: ['{}'] };
    const seeds = [prepareCall(register), prepareCall(register)].map(
      (prepared) => prepared.call.transient?.[TRANSIENT_FIELDS.pseudonymSeed],
    );
    assert.match(seeds[0] ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(seeds[0], seeds[1]);
    const attest = { identity: 'gov/tax-officer', transaction: 'attestation:Attest', args: ['{"a":1}'] };
    assert.deepEqual(prepareCall(attest).call, attest);
  });
});
