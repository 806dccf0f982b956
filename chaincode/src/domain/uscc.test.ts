import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { organizationCodeCheckCharacter, parseUscc, usccCheckCharacter } from './uscc';

describe('parseUscc', () => {
  it('accepts the test companies and the public reference code', () => {
    for (const code of [
      '91441300MA4UQ7R20Q',
      '91440605MA53KJ1C4K',
      '91440300MA5FT9WX61',
      '91440101MA59AB3N63',
      '914403001922038216',
    ]) {
      assert.equal(parseUscc(code), code);
    }
  });

  it('trims and upper-cases before checking', () => {
    assert.equal(parseUscc('  91441300ma4uq7r20q\n'), '91441300MA4UQ7R20Q');
  });

  it('refuses a wrong length, naming the length', () => {
    assert.throws(() => parseUscc('9144130'), /^Error: INVALID_USCC: uscc must have 18 characters, got 7$/);
  });

  it('refuses letters outside the GB 32100 alphabet', () => {
    assert.throws(() => parseUscc('91441300MA4UQ7R2OQ'), /INVALID_USCC: character 17 'O' is not allowed/);
  });

  it('refuses a wrong check character and names the expected one', () => {
    assert.throws(() => parseUscc('91441300MA4UQ7R20X'), /INVALID_USCC: check character must be Q, got X/);
  });

  it('refuses a code whose embedded organization code fails GB 11714 even with a valid check character', () => {
    assert.throws(
      () => parseUscc('91441300MA4UQ7R21U'),
      /INVALID_USCC: embedded organization code MA4UQ7R21/,
    );
  });

  it('refuses non-strings', () => {
    assert.throws(() => parseUscc(914403001), /INVALID_USCC/);
  });

  it('computes check characters per the standards', () => {
    assert.equal(usccCheckCharacter('91440300192203821'), '6');
    assert.equal(organizationCodeCheckCharacter('19220382'), '1');
    assert.equal(organizationCodeCheckCharacter('MA4UQ7R2'), '0');
  });
});
