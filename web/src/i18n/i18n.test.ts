import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { ERROR_CODES } from '@sme-credit-ledger/contract';
import { GATEWAY_ERROR_CODES } from '@sme-credit-ledger/gateway/problem';
import { en } from './en';
import { errorText, formatDate, formatDateTime, formatNumber, pickLocale, translate } from './i18n';
import { zh } from './zh';

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('console texts', () => {
  it('has every key in both languages, none empty, with the same placeholders', () => {
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
    for (const [key, english] of Object.entries(en)) {
      const chinese = zh[key as keyof typeof en];
      assert.ok(english.trim() !== '' && chinese.trim() !== '', key);
      assert.deepEqual(placeholders(chinese), placeholders(english), key);
    }
  });

  it('translates every chaincode and gateway error code, in Chinese and English', () => {
    for (const code of [...ERROR_CODES, ...GATEWAY_ERROR_CODES]) {
      const key = `error.${code}`;
      assert.ok(key in en, `no English text for ${code}`);
      assert.ok(key in zh, `no Chinese text for ${code}`);
      const chinese = errorText('zh-CN', code);
      const english = errorText('en', code);
      assert.notEqual(chinese, english, code);
      assert.doesNotMatch(chinese, /[A-Z]{2,}_[A-Z]/, `${code} shows a raw code in Chinese`);
      assert.doesNotMatch(english, /[A-Z]{2,}_[A-Z]/, `${code} shows a raw code in English`);
      assert.match(chinese, /[\u4e00-\u9fff]/, `${code} has no Chinese`);
    }
  });

  it('gives an unknown code the generic text rather than the code', () => {
    assert.equal(errorText('en', 'SOMETHING_NEW'), en['error.UNKNOWN']);
    assert.equal(errorText('zh-CN', 'SOMETHING_NEW'), zh['error.UNKNOWN']);
  });

  it('fills placeholders and leaves an unfilled one visible', () => {
    assert.equal(
      translate('en', 'dept.attest.done', { version: 2, block: '1,024' }),
      'Attested version 2 in block 1,024.',
    );
    assert.equal(translate('zh-CN', 'company.disputed', { count: 1 }), '有异议（1 项未决）');
    assert.equal(translate('en', 'company.disputed'), 'Disputed ({count} open)');
    assert.equal(translate('en', 'status.someday' as 'status.requested'), 'status.someday');
  });

  it('defaults to Simplified Chinese and keeps a stored choice', () => {
    assert.equal(pickLocale(null), 'zh-CN');
    assert.equal(pickLocale('en'), 'en');
    assert.equal(pickLocale('zh-CN'), 'zh-CN');
    assert.equal(pickLocale('fr'), 'zh-CN');
  });

  it('formats dates and numbers for the locale', () => {
    const at = '2026-03-05T08:09:00.000Z';
    assert.match(formatDateTime('zh-CN', at), /^2026年3月5日/);
    assert.match(formatDateTime('en', at), /^Mar 5, 2026/);
    assert.equal(formatDate('zh-CN', '2026-03-05'), '2026年3月5日');
    assert.equal(formatDate('en', '2026-03-05'), 'Mar 5, 2026');
    assert.equal(formatDateTime('en', 'not a date'), 'not a date');
    assert.equal(formatDateTime('en', undefined), '—');
    assert.equal(formatNumber('en', '1234567'), '1,234,567');
    assert.equal(formatNumber('zh-CN', 1234567), '1,234,567');
  });
});
