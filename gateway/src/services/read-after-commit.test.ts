import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors/problem';
import { readAfterCommit } from './read-after-commit';

const policy = { attempts: 3, delayMs: 1 };

describe('reading what the same request just committed', () => {
  it('reads again while the peer answering has not got the block yet', async () => {
    let calls = 0;
    const value = await readAfterCommit(() => {
      calls++;
      if (calls < 3) return Promise.reject(new ApiError('NOT_FOUND', 'no access a1; record one first'));
      return Promise.resolve('records');
    }, policy);

    assert.equal(value, 'records');
    assert.equal(calls, 3);
  });

  it('gives up after the last attempt with the NOT_FOUND itself', async () => {
    let calls = 0;
    await assert.rejects(
      readAfterCommit(() => {
        calls++;
        return Promise.reject(new ApiError('NOT_FOUND', 'gone'));
      }, policy),
      (error: unknown) => error instanceof ApiError && error.code === 'NOT_FOUND',
    );
    assert.equal(calls, 3);
  });

  it('does not repeat a refusal or any other error', async () => {
    let calls = 0;
    await assert.rejects(
      readAfterCommit(() => {
        calls++;
        return Promise.reject(new ApiError('CONSENT_REVOKED', 'revoked'));
      }, policy),
      /revoked/,
    );
    assert.equal(calls, 1);
  });
});
