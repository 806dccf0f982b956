import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { BoundedCache } from './bounded-cache';

describe('BoundedCache', () => {
  it('never holds more than its capacity, dropping the oldest entry first', () => {
    const cache = new BoundedCache<string, number>(3);

    for (let i = 0; i < 10; i++) {
      cache.set(`tx${i}`, i);
    }

    assert.equal(cache.size, 3);
    assert.deepEqual(
      ['tx6', 'tx7', 'tx8', 'tx9'].map((key) => cache.get(key)),
      [undefined, 7, 8, 9],
    );
  });

  it('keeps an entry that was read recently and drops the least recently used instead', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);

    assert.equal(cache.get('a'), 1);
    cache.set('c', 3);

    assert.equal(cache.get('a'), 1);
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('c'), 3);
  });

  it('replaces the value of a key already held without growing', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('a', 5);

    assert.equal(cache.size, 1);
    assert.equal(cache.get('a'), 5);
  });

  it('refuses a capacity that is not a positive integer', () => {
    assert.throws(() => new BoundedCache(0), RangeError);
    assert.throws(() => new BoundedCache(1.5), RangeError);
  });
});
