import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { tipsAgree, type PeerTip } from './ledger-scan';

const tip = (org: string, extra: Partial<PeerTip> = {}): PeerTip => ({
  org,
  height: 10,
  tipHash: 'aa',
  tipFlags: '0000',
  ...extra,
});

describe('peer tips', () => {
  it('agree at the same height, block hash and validation flags', () => {
    assert.equal(tipsAgree([tip('gov'), tip('bank1'), tip('bank2')]), true);
  });

  it('differ at another height or block hash, or when a peer does not answer', () => {
    assert.equal(tipsAgree([tip('gov'), tip('bank2', { height: 9 })]), false);
    assert.equal(tipsAgree([tip('gov'), tip('bank2', { tipHash: 'bb' })]), false);
    assert.equal(tipsAgree([tip('gov'), tip('bank2', { error: 'UNAVAILABLE' })]), false);
    assert.equal(tipsAgree([]), false);
  });

  it('differ when one peer marked a transaction of the same block otherwise (flags are outside the hash)', () => {
    assert.equal(tipsAgree([tip('gov'), tip('bank2', { tipFlags: '000b' })]), false);
  });
});
