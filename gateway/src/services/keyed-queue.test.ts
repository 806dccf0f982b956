import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedQueue } from './keyed-queue';

/** Work that records how many callers of each key run at once. */
function tracker() {
  const running = new Map<string, number>();
  const most = new Map<string, number>();
  const order: string[] = [];
  const work = (key: string, label: string, ms: number) => async () => {
    running.set(key, (running.get(key) ?? 0) + 1);
    most.set(key, Math.max(most.get(key) ?? 0, running.get(key) ?? 0));
    order.push(label);
    await sleep(ms);
    running.set(key, (running.get(key) ?? 0) - 1);
    return label;
  };
  return { most, order, work };
}

describe('KeyedQueue', () => {
  it('runs the callers of one key one at a time, in arrival order', async () => {
    const queue = new KeyedQueue();
    const { most, order, work } = tracker();

    const results = await Promise.all(
      Array.from({ length: 8 }, (_, n) => queue.run(['a'], work('a', `a${n}`, 2))),
    );

    assert.deepEqual(results, ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']);
    assert.deepEqual(order, results);
    assert.equal(most.get('a'), 1);
    assert.equal(queue.activeKeys, 0, 'an idle key keeps no lane');
  });

  it('runs different keys side by side', async () => {
    const queue = new KeyedQueue();
    let running = 0;
    let most = 0;
    const work = async () => {
      running++;
      most = Math.max(most, running);
      await sleep(5);
      running--;
    };

    await Promise.all(['a', 'b', 'c'].map((key) => queue.run([key], work)));

    assert.equal(most, 3);
  });

  it('lets the next caller of a key run after a caller failed', async () => {
    const queue = new KeyedQueue();

    const failed = queue.run(['a'], () => Promise.reject(new Error('refused')));
    const next = queue.run(['a'], () => Promise.resolve('ran'));

    await assert.rejects(failed, /refused/);
    assert.equal(await next, 'ran');
    assert.equal(queue.activeKeys, 0);
  });

  it('serializes a caller of several keys against each of them, without deadlock on overlapping sets', async () => {
    const queue = new KeyedQueue();
    const { most, work } = tracker();

    await Promise.all([
      queue.run(['a', 'b'], work('a', 'ab', 3)),
      queue.run(['b', 'a'], work('a', 'ba', 3)),
      queue.run(['c', 'b', 'a'], work('a', 'cba', 3)),
      queue.run(['a', 'a'], work('a', 'aa', 3)),
    ]);

    assert.equal(most.get('a'), 1, 'no two callers sharing a key ran at once');
    assert.equal(queue.activeKeys, 0);
  });
});
