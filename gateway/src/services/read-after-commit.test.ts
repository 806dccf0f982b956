import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { ApiError } from '../errors/problem';
import { isNotFound, readAfterCommit } from './read-after-commit';

const policy = { attempts: 3, delaysMs: [1] };

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

  it('repeats what the caller names as "not yet", waiting longer each time', async () => {
    const waits: number[] = [];
    let last = Date.now();
    let calls = 0;
    const value = await readAfterCommit(
      () => {
        calls++;
        const now = Date.now();
        waits.push(now - last);
        last = now;
        if (calls < 4) return Promise.reject(new ApiError('CONSENT_REQUIRED', 'no such consent'));
        return Promise.resolve('versions');
      },
      { attempts: 5, delaysMs: [5, 40] },
      (error) => error instanceof ApiError && error.code === 'CONSENT_REQUIRED',
    );
    assert.equal(value, 'versions');
    assert.equal(calls, 4);
    // The second wait is the first delay, then the last delay repeats.
    assert.ok((waits[1] ?? 0) >= 4 && (waits[2] ?? 0) >= 35 && (waits[3] ?? 0) >= 35, waits.join(','));
  });

  it('treats only NOT_FOUND as "not yet" by default', () => {
    assert.equal(isNotFound(new ApiError('NOT_FOUND', 'x')), true);
    assert.equal(isNotFound(new ApiError('CONSENT_REQUIRED', 'x')), false);
    assert.equal(isNotFound(new Error('NOT_FOUND: x')), false);
  });
});
