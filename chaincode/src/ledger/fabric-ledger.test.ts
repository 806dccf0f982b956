import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { Iterators } from 'fabric-shim';
import { collectPage } from './fabric-ledger';

/** A shim-like iterator over fixed results, recording whether it was closed. */
function iteratorOf(entries: { key: string; value: string }[]) {
  let index = 0;
  const state = { closed: false };
  const iterator = {
    next: () => {
      const entry = entries[index++];
      return Promise.resolve(
        entry === undefined
          ? { done: true, value: undefined }
          : { done: index >= entries.length, value: { key: entry.key, value: Buffer.from(entry.value) } },
      );
    },
    close: () => {
      state.closed = true;
      return Promise.resolve();
    },
  } as unknown as Iterators.StateQueryIterator;
  return { iterator, state };
}

describe('Fabric ledger pagination', () => {
  it('treats the undefined metadata of an empty page as the end of the list', async () => {
    const { iterator, state } = iteratorOf([]);

    const page = await collectPage(iterator, undefined, 20);

    assert.deepEqual(page, { items: [], bookmark: '' });
    assert.equal(state.closed, true);
  });

  it('returns the bookmark when the page is full, and none on a short last page', async () => {
    const entries = [
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ];
    const full = await collectPage(
      iteratorOf(entries).iterator,
      { bookmark: 'c', fetchedRecordsCount: 2 },
      2,
    );
    const last = await collectPage(
      iteratorOf(entries).iterator,
      { bookmark: 'c', fetchedRecordsCount: 2 },
      5,
    );

    assert.equal(full.bookmark, 'c');
    assert.deepEqual(
      full.items.map((item) => item.key),
      ['a', 'b'],
    );
    assert.equal(last.bookmark, '');
  });
});
