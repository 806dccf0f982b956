import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { batchesOf, receiptsText } from './bulk-attest';
import { formatOfName, parseBulkFile } from './bulk-file';

const USCC = '91440605MA53KJ1C4K';

describe('bulk files in the browser', () => {
  it('knows the CLI formats by name', () => {
    assert.equal(formatOfName('q3.CSV'), 'csv');
    assert.equal(formatOfName('q3.jsonl'), 'jsonl');
    assert.equal(formatOfName('q3.ndjson'), 'jsonl');
    assert.equal(formatOfName('q3.xlsx'), undefined);
  });

  it('reads CSV with a record column or one column per field, naming bad lines', () => {
    const csv = [
      'uscc,category,effectiveDate,record',
      `${USCC},TAX_PAYMENT,2026-09-30,"{""paid"": ""1.00""}"`,
      `${USCC},TAX_PAYMENT,2026-09-30,not json`,
      `${USCC},TAX_PAYMENT,30/09/2026,"{}"`,
      `${USCC},TAX_PAYMENT`,
    ].join('\r\n');
    const parsed = parseBulkFile(csv, 'csv');
    assert.deepEqual(parsed.items, [
      { line: 2, uscc: USCC, category: 'TAX_PAYMENT', effectiveDate: '2026-09-30', record: { paid: '1.00' } },
    ]);
    assert.deepEqual(
      parsed.errors.map((error) => error.line),
      [3, 4, 5],
    );
    const fields = parseBulkFile(
      `uscc,category,effectiveDate,salt,amount\n${USCC},TAX_PAYMENT,2026-09-30,s1,"1,5"\n`,
      'csv',
    );
    assert.deepEqual(fields.items[0]?.record, { amount: '1,5' });
    assert.equal(fields.items[0]?.salt, 's1');
  });

  it('refuses a CSV header without the required columns, and malformed quoting', () => {
    assert.match(parseBulkFile('uscc,record\n', 'csv').errors[0]?.reason ?? '', /category, effectiveDate/);
    assert.match(
      parseBulkFile(`uscc,category,effectiveDate\n"${USCC},X,2026-01-01\n`, 'csv').errors[0]?.reason ?? '',
      /CSV/,
    );
  });

  it('reads JSON lines, skipping blanks and comments', () => {
    const text = [
      '# Q3 tax',
      JSON.stringify({
        uscc: USCC,
        category: 'TAX_PAYMENT',
        effectiveDate: '2026-09-30',
        record: { a: '1' },
      }),
      '',
      '{broken',
      JSON.stringify({ uscc: USCC, category: 'TAX_PAYMENT', effectiveDate: '2026-09-30', record: [1] }),
      JSON.stringify({
        uscc: USCC,
        category: 'TAX_PAYMENT',
        effectiveDate: '2026-09-30',
        record: {},
        extra: 1,
      }),
    ].join('\n');
    const parsed = parseBulkFile(text, 'jsonl');
    assert.equal(parsed.items.length, 1);
    assert.equal(parsed.items[0]?.line, 2);
    assert.deepEqual(
      parsed.errors.map((error) => [error.line, error.reason]),
      [
        [4, 'not valid JSON'],
        [5, 'record must be a JSON object'],
        [6, 'unknown field extra'],
      ],
    );
    assert.deepEqual(parsed.errors[2]?.problems, [{ kind: 'unknownField', params: { name: 'extra' } }]);
  });

  it('cuts batches in order and writes receipts in file order', () => {
    assert.deepEqual(batchesOf([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(batchesOf([], 100), []);
    const receipt = { uscc: USCC, category: 'C', version: 1, salt: 's', hash: 'h', txId: 't' };
    assert.equal(
      receiptsText([
        { ...receipt, line: 9 },
        { ...receipt, line: 2 },
      ]),
      `${JSON.stringify({ ...receipt, line: 2 })}\n${JSON.stringify({ ...receipt, line: 9 })}\n`,
    );
  });
});
