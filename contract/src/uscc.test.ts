import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { buildUscc, checkUscc } from './uscc';

describe('buildUscc', () => {
  it('rebuilds the public reference code from its first 16 characters', () => {
    assert.equal(buildUscc('91440300', '19220382'), '914403001922038216');
  });

  it('builds codes that pass both checks, including letter bodies', () => {
    for (const body of ['MA4UQ7R2', 'BN000001', 'PN202611', '00000000']) {
      const code = buildUscc('91441300', body);
      assert.deepEqual(checkUscc(code), { ok: true, code }, body);
    }
  });
});
