import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { blockHref, explorerView, sectionOf, txHref } from './explorer-route';

const TX = 'ab'.repeat(32);

describe('explorer routes in the location hash', () => {
  it('reads the list, a block and a transaction, and writes the same links', () => {
    assert.deepEqual(explorerView('#blocks'), { kind: 'list' });
    assert.deepEqual(explorerView(blockHref(12)), { kind: 'block', number: '12' });
    assert.deepEqual(explorerView(txHref(TX)), { kind: 'tx', txId: TX });
  });

  it('falls back to the list for anything malformed rather than querying with it', () => {
    for (const hash of [
      '#blocks/abc',
      '#blocks/012',
      '#blocks/-1',
      '#blocks/tx/short',
      `#blocks/tx/${TX}x`,
    ]) {
      assert.deepEqual(explorerView(hash), { kind: 'list' }, hash);
    }
  });

  it('names the section by the first segment', () => {
    assert.equal(sectionOf(txHref(TX)), 'blocks');
    assert.equal(sectionOf('#health'), 'health');
    assert.equal(sectionOf(''), '');
  });
});
