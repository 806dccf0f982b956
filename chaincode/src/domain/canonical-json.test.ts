import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { canonicalJson, parseJson } from './canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts members by UTF-16 code units at every level and drops whitespace', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }),
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('orders non-ASCII keys by code units, not by locale', () => {
    // RFC 8785 section 3.2.3: \r, \u0080, \u20ac, then the surrogate pair \ud83d\ude00, then \ufb33.
    const keys = { '\ufb33': 5, '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3, '\u0080': 4 };
    assert.deepEqual(Object.keys(JSON.parse(canonicalJson(keys)) as object), [
      '\r',
      '\u0080',
      '\u20ac',
      '\ud83d\ude00',
      '\ufb33',
    ]);
  });

  it('serializes numbers as ECMAScript does (RFC 8785 appendix B)', () => {
    assert.equal(
      canonicalJson([1e21, 1e-7, 0.1, -0, Number('333333333.33333329'), Number('4.5e-324')]),
      '[1e+21,1e-7,0.1,0,333333333.3333333,5e-324]',
    );
  });

  it('escapes strings minimally', () => {
    assert.equal(canonicalJson('\u001f"\\/é'), '"\\u001f\\"\\\\/é"');
  });

  it('refuses non-finite numbers', () => {
    assert.throws(() => canonicalJson({ a: Number.NaN }), /VALIDATION_FAILED/);
  });

  it('gives the same text for the same data whatever the input order', () => {
    assert.equal(
      canonicalJson(JSON.parse('{"y":1,"x":[true,false]}')),
      canonicalJson({ x: [true, false], y: 1 }),
    );
  });

  it('reports malformed JSON as VALIDATION_FAILED', () => {
    assert.throws(() => parseJson('{', 'record'), /^Error: VALIDATION_FAILED: record must be valid JSON$/);
  });
});

describe('parseJson nesting limit', () => {
  it('counts objects and arrays, ignores brackets inside strings, and refuses past the limit', () => {
    assert.deepEqual(parseJson('{"a":"[[[[{{{{"}', 'x'), { a: '[[[[{{{{' });
    assert.deepEqual(parseJson('{"a":"\\"[["}', 'x'), { a: '"[[' });
    const deep = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    assert.doesNotThrow(() => parseJson(deep(64), 'x'));
    assert.throws(
      () => parseJson(deep(65), 'request'),
      /^Error: VALIDATION_FAILED: request is nested deeper than 64 levels/,
    );
  });
});
