import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { ERROR_CODES, parseErrorCode, parseErrorDetail } from './errors';

describe('parseErrorCode', () => {
  it('reads the code at the start of a chaincode message', () => {
    assert.equal(parseErrorCode('CONSENT_REVOKED: consent tx1 was revoked'), 'CONSENT_REVOKED');
  });

  it('finds the code inside a message wrapped by Fabric', () => {
    assert.equal(
      parseErrorCode('10 ABORTED: failed to endorse transaction, chaincode response 500, NOT_AUTHORIZED: no'),
      'NOT_AUTHORIZED',
    );
  });

  it('ignores unknown codes and plain text', () => {
    assert.equal(parseErrorCode('ABORTED: something else'), undefined);
    assert.equal(parseErrorCode('connection refused'), undefined);
  });

  it('knows every required code', () => {
    for (const code of [
      'INVALID_USCC',
      'UNKNOWN_CATEGORY',
      'NOT_AUTHORIZED',
      'CONSENT_REQUIRED',
      'CONSENT_REVOKED',
      'CONSENT_EXPIRED',
      'VALIDATION_FAILED',
      'LIMIT_EXCEEDED',
      'NOT_FOUND',
      'CONFLICT',
    ]) {
      assert.ok((ERROR_CODES as readonly string[]).includes(code), code);
    }
  });

  it('extracts the detail after the code', () => {
    assert.equal(parseErrorDetail('x, LIMIT_EXCEEDED: batch too big'), 'batch too big');
    assert.equal(parseErrorDetail('plain'), 'plain');
  });
});
