import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from '../errors/problem';
import { CallLimiter } from './call-limiter';

describe('CallLimiter', () => {
  it('runs at most `concurrency` calls at once and queues the rest, each to completion', async () => {
    const limiter = new CallLimiter({ concurrency: 3, queue: 100 });
    let running = 0;
    let most = 0;
    const call = (n: number) => async () => {
      running++;
      most = Math.max(most, running);
      await sleep(2);
      running--;
      return n;
    };

    const results = await Promise.all(Array.from({ length: 20 }, (_, n) => limiter.run(call(n))));

    assert.deepEqual(
      results,
      Array.from({ length: 20 }, (_, n) => n),
    );
    assert.equal(most, 3);
  });

  it('refuses a call past the queue bound with LEDGER_UNAVAILABLE, without running it', async () => {
    const limiter = new CallLimiter({ concurrency: 1, queue: 2 });
    let ran = 0;
    const call = async () => {
      ran++;
      await sleep(5);
    };

    const accepted = [limiter.run(call), limiter.run(call), limiter.run(call)];
    const refused = limiter.run(call);

    await assert.rejects(refused, (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, 'LEDGER_UNAVAILABLE');
      assert.equal(error.status, 503);
      return true;
    });
    await Promise.all(accepted);
    assert.equal(ran, 3, 'the refused call never ran');
  });

  it('frees the slot of a call that failed', async () => {
    const limiter = new CallLimiter({ concurrency: 1, queue: 1 });

    await assert.rejects(
      limiter.run(() => Promise.reject(new Error('peer refused'))),
      /peer refused/,
    );

    assert.equal(await limiter.run(() => Promise.resolve('next')), 'next');
    assert.equal(limiter.running, 0);
  });
});
