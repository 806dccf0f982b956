import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { partialKeyRange } from './key-range';
import type { KeyValuePage } from './ledger-port';
import { bookmarkStartKey, bookmarkToken, pageWithinRange } from './page-bookmark';
import { CRAFTED_BOOKMARKS as CRAFTED } from '../testing/crafted-bookmarks';

const companyRange = partialKeyRange('\u0000consentByCompany\u000091441300MA4UQ7R20Q\u0000');
const timeRange = {
  start: 'accessByTime|2026-11-01T00:00:00.000Z',
  end: 'accessByTime|2026-12-01T00:00:00.000Z',
};

describe('page bookmarks', () => {
  it('round-trips the next key of a list through an opaque token', () => {
    const next = `${companyRange.start}consent-42\u0000`;
    const token = bookmarkToken(companyRange, next);

    assert.match(token, /^[A-Za-z0-9_-]+$/);
    assert.equal(token.includes('consentByCompany'), false);
    assert.equal(bookmarkStartKey(companyRange, token), next);
  });

  it('round-trips keys of a simple-key time range, and a key equal to the shared prefix', () => {
    const next = 'accessByTime|2026-11-15T08:00:00.000Z|a1';
    assert.equal(bookmarkStartKey(timeRange, bookmarkToken(timeRange, next)), next);
    const range = partialKeyRange('\u0000p\u0000');
    assert.notEqual(bookmarkToken(range, range.start), '');
    assert.equal(bookmarkStartKey(range, bookmarkToken(range, range.start)), range.start);
  });

  it('treats an empty bookmark as the first page', () => {
    assert.equal(bookmarkStartKey(companyRange, ''), '');
  });

  for (const crafted of CRAFTED) {
    it(`refuses the crafted bookmark ${JSON.stringify(crafted)} for a company's and a time range`, () => {
      for (const range of [companyRange, timeRange]) {
        assert.throws(() => bookmarkStartKey(range, crafted), /^Error: VALIDATION_FAILED: bookmark/);
      }
    });
  }

  it('confines a token decoded against another list to that list', () => {
    const otherCompany = partialKeyRange('\u0000consentByCompany\u000091440605MA53KJ1C4K\u0000');
    const token = bookmarkToken(otherCompany, `${otherCompany.start}c9\u0000`);

    assert.equal(bookmarkStartKey(companyRange, token), `${companyRange.start}c9\u0000`);
  });

  it('hands the scan only a start inside the range, and drops what a peer returns outside it', async () => {
    const starts: string[] = [];
    const leaky: KeyValuePage = {
      items: [
        { key: `${companyRange.start}c1\u0000`, value: 'own' },
        { key: '\u0000consentByCompany\u000091440605MA53KJ1C4K\u0000c2\u0000', value: 'other' },
      ],
      bookmark: '\u0000consentByCompany\u000091440605MA53KJ1C4K\u0000c3\u0000',
    };

    const page = await pageWithinRange(companyRange, { pageSize: 2, bookmark: '' }, (start) => {
      starts.push(start);
      return Promise.resolve(leaky);
    });
    await assert.rejects(
      pageWithinRange(companyRange, { pageSize: 2, bookmark: '\u0001' }, (start) => {
        starts.push(start);
        return Promise.resolve(leaky);
      }),
      /VALIDATION_FAILED/,
    );

    assert.deepEqual(starts, ['']);
    assert.deepEqual(page, { items: [{ key: `${companyRange.start}c1\u0000`, value: 'own' }], bookmark: '' });
  });
});
