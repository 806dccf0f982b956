import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {
  CONFIDENTIAL_TRANSACTIONS,
  EVALUATE_TRANSACTIONS,
  GOV_PEER_EVALUATIONS,
  invocationName,
  isTransactionName,
  TRANSACTION_NAMES,
  TRANSACTIONS,
  type RequestOf,
} from './index';

describe('the transaction table', () => {
  it('derives the confidential transactions: every consent, access and application one, the audit lists of bank business and a bank’s own accesses and a company’s own applications', () => {
    assert.deepEqual([...CONFIDENTIAL_TRANSACTIONS].sort(), [
      'access:CurrentVersions',
      'access:GetAccess',
      'access:ReadAuthorizedRecords',
      'access:RecordAccess',
      'application:Apply',
      'application:DecideApplication',
      'application:GetApplication',
      'application:ListApplicationsByBank',
      'application:MatchProducts',
      'audit:GetConsentHistory',
      'audit:ListAccessByBank',
      'audit:ListAccessByCompany',
      'audit:ListAccessByTimeRange',
      'consent:AuthoriseConsent',
      'consent:GetConsent',
      'consent:GrantConsent',
      'consent:ListConsentsByBank',
      'consent:ListConsentsByCompany',
      'consent:RejectConsent',
      'consent:RequestConsent',
      'consent:RevokeConsent',
      'own:ListOwnAccess',
      'own:ListOwnApplications',
    ]);
  });

  it('sends to a gov peer exactly the confidential evaluations', () => {
    assert.deepEqual(
      GOV_PEER_EVALUATIONS,
      CONFIDENTIAL_TRANSACTIONS.filter((name) => EVALUATE_TRANSACTIONS.includes(name)),
    );
    assert.ok(GOV_PEER_EVALUATIONS.includes('access:ReadAuthorizedRecords'));
    assert.ok(!GOV_PEER_EVALUATIONS.includes('access:RecordAccess'));
  });

  it('groups the transactions by contract and names them as Fabric invokes them', () => {
    assert.equal(TRANSACTION_NAMES.consent.GrantConsent, 'GrantConsent');
    assert.equal(invocationName('consent', 'GrantConsent'), 'consent:GrantConsent');
    const grouped = Object.entries(TRANSACTION_NAMES).flatMap(([contract, transactions]) =>
      Object.keys(transactions).map((transaction) => `${contract}:${transaction}`),
    );
    assert.deepEqual(grouped.sort(), Object.keys(TRANSACTIONS).sort());
    assert.ok(isTransactionName('audit:VerifyRecord'));
    assert.ok(!isTransactionName('audit:toString'));
  });

  it('describes each request as a JSON schema that accepts a well-formed request and refuses a malformed one', () => {
    const grant: RequestOf<'consent:GrantConsent'> = {
      requestId: 'grant-0001',
      uscc: '91350211M000100Y43',
      categories: ['TAX_PAYMENT'],
      purpose: 'credit-review',
      validFrom: '2026-01-01T00:00:00Z',
      validUntil: '2026-06-30T00:00:00Z',
      bankMspId: 'Bank1MSP',
    };
    // The validator Fastify uses for the HTTP routes.
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    const check = ajv.compile(TRANSACTIONS['consent:GrantConsent'].request);
    assert.ok(check(grant));
    assert.ok(!check({ ...grant, purpose: 'gambling' }));
    assert.ok(!check({ ...grant, categories: [] }));
    assert.ok(!check({ ...grant, validUntil: 'next week' }));
    assert.ok(!check({ ...grant, requestId: undefined }));
  });
});
