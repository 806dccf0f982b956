import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { status } from '@grpc/grpc-js';
import { peer } from '@hyperledger/fabric-protos';
import { ERROR_CODES } from '@sme-credit-ledger/contract';
import { ApiError, PROBLEM_TABLE } from '../errors/problem';
import { classifyFailure, translateEvaluateError, translateFabricError } from './fabric-errors';

const { ENDORSEMENT_POLICY_FAILURE, MVCC_READ_CONFLICT, PHANTOM_READ_CONFLICT } = peer.TxValidationCode;

const gatewayError = (name: string, code: number, peerMessage?: string): Error =>
  Object.assign(new Error(`${name} message`), {
    name,
    code,
    transactionId: 'tx9',
    details: peerMessage === undefined ? [] : [{ address: 'peer0', mspId: 'GovMSP', message: peerMessage }],
  });

describe('translateFabricError', () => {
  it('reads the chaincode code from an endorser detail, not from English text', () => {
    const error = translateFabricError(
      gatewayError(
        'EndorseError',
        status.ABORTED,
        'chaincode response 500, NOT_FOUND: company 9144 is not registered',
      ),
    );

    assert.equal(error.code, 'NOT_FOUND');
    assert.equal(error.status, 404);
    assert.deepEqual(error.toProblem(), {
      type: 'urn:sme-credit-ledger:problem:not-found',
      title: 'Not found',
      status: 404,
      code: 'NOT_FOUND',
      detail: 'company 9144 is not registered',
      txId: 'tx9',
    });
  });

  it('reads the code from the message of an evaluate error', () => {
    const error = new Error(
      'evaluate call to endorser returned error: chaincode response 500, SALT_REUSED: gone',
    );

    assert.equal(translateFabricError(error).code, 'SALT_REUSED');
  });

  it('maps transport failures by gRPC status, keeping peer details out of the problem', () => {
    const unavailable = translateFabricError(
      gatewayError('GatewayError', status.UNAVAILABLE, 'connection refused 10.0.0.1'),
    );
    const timeout = translateFabricError(gatewayError('CommitStatusError', status.DEADLINE_EXCEEDED));

    assert.equal(unavailable.code, 'LEDGER_UNAVAILABLE');
    assert.equal(unavailable.status, 503);
    assert.ok(!JSON.stringify(unavailable.toProblem()).includes('10.0.0.1'));
    assert.equal(timeout.code, 'LEDGER_TIMEOUT');
    assert.equal(timeout.status, 504);
  });

  it('answers a read past its deadline as 503 with Retry-After (nothing changed), a submit as 504', () => {
    const late = gatewayError('GatewayError', status.DEADLINE_EXCEEDED);
    const read = translateEvaluateError(late);
    assert.equal(read.code, 'LEDGER_UNAVAILABLE');
    assert.equal(read.status, 503);
    assert.equal(translateFabricError(late).code, 'LEDGER_TIMEOUT');
    // Other failures of a read translate as any other.
    assert.equal(
      translateEvaluateError(gatewayError('GatewayError', status.UNAVAILABLE)).code,
      'LEDGER_UNAVAILABLE',
    );
    const refused = new ApiError('NOT_FOUND', 'no such record');
    assert.equal(translateEvaluateError(refused), refused);
  });

  it('answers a peer at its gateway concurrency limit as 503 LEDGER_UNAVAILABLE, not 502', () => {
    // As the peer sends it (internal/peer/node/grpc_limiters.go): a plain error, so gRPC code UNKNOWN.
    const refusal = 'too many requests for /gateway.Gateway, exceeding concurrency limit (500)';
    const evaluate = translateFabricError(gatewayError('GatewayError', status.UNKNOWN, refusal));
    const endorse = translateFabricError(
      Object.assign(new Error(refusal), { name: 'EndorseError', code: status.UNKNOWN }),
    );

    assert.equal(evaluate.code, 'LEDGER_UNAVAILABLE');
    assert.equal(evaluate.status, 503);
    assert.equal(endorse.code, 'LEDGER_UNAVAILABLE');
    assert.ok(!evaluate.detail.includes('/gateway.Gateway'));
  });

  it('names the validation code of an invalid commit', () => {
    const error = translateFabricError(
      Object.assign(new Error('x'), { name: 'CommitError', code: MVCC_READ_CONFLICT, transactionId: 't' }),
    );

    assert.equal(error.code, 'TRANSACTION_INVALID');
    assert.match(error.detail, /MVCC_READ_CONFLICT/);
  });

  it('shows a validation code outside the named few by number', () => {
    const error = translateFabricError(
      Object.assign(new Error('x'), { name: 'CommitError', code: peer.TxValidationCode.BAD_PAYLOAD }),
    );

    assert.equal(error.detail, 'transaction committed as validation code 2');
  });

  it('passes an ApiError through unchanged and hides anything else as INTERNAL', () => {
    const apiError = new ApiError('CONFLICT', 'already');

    assert.equal(translateFabricError(apiError), apiError);
    assert.equal(translateFabricError(new TypeError('boom')).code, 'INTERNAL');
  });

  it('has an HTTP row for every chaincode error code', () => {
    for (const code of ERROR_CODES) {
      assert.ok(PROBLEM_TABLE[code].status >= 400, code);
    }
    assert.equal(PROBLEM_TABLE.CONSENT_REVOKED.status, 403);
    assert.equal(PROBLEM_TABLE.INVALID_USCC.status, 400);
  });
});

describe('classifyFailure', () => {
  it('tells each cause apart', () => {
    assert.equal(
      classifyFailure(gatewayError('EndorseError', status.ABORTED, 'CONSENT_REQUIRED: ask first')),
      'chaincode',
    );
    assert.equal(classifyFailure(gatewayError('EndorseError', status.UNAVAILABLE)), 'endorse');
    assert.equal(classifyFailure(gatewayError('SubmitError', status.UNAVAILABLE)), 'submit');
    assert.equal(
      classifyFailure(gatewayError('CommitStatusError', status.DEADLINE_EXCEEDED)),
      'commit-status',
    );
    assert.equal(
      classifyFailure(Object.assign(new Error(), { name: 'CommitError', code: PHANTOM_READ_CONFLICT })),
      'conflict',
    );
    assert.equal(
      classifyFailure(Object.assign(new Error(), { name: 'CommitError', code: ENDORSEMENT_POLICY_FAILURE })),
      'invalid',
    );
    assert.equal(classifyFailure(new Error('other')), 'unknown');
  });
});
