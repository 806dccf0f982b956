import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { parseBulkInput, parseCsv } from './bulk-input';

describe('parseBulkInput', () => {
  it('reads JSON lines and reports each unusable line by number', () => {
    const text = [
      '{"uscc":"91441300MA4UQ7R20Q","category":"TAX_PAYMENT","effectiveDate":"2026-01-01","record":{"a":1}}',
      '',
      '# comment',
      '{not json',
      '{"uscc":"X","category":"TAX_PAYMENT","record":{}}',
    ].join('\n');

    const { items, errors } = parseBulkInput(text, 'jsonl');

    assert.equal(items.length, 1);
    assert.equal(items[0]?.line, 1);
    assert.deepEqual(errors, [
      { line: 4, reason: 'not valid JSON' },
      { line: 5, reason: 'effectiveDate missing' },
    ]);
  });

  it('checks each line against the service’s own schema of a record to attest', () => {
    const ok = {
      uscc: '91441300MA4UQ7R20Q',
      category: 'TAX_PAYMENT',
      effectiveDate: '2026-01-01',
      record: { a: 1 },
    };
    const lines = [
      { ...ok, uscc: '' },
      { ...ok, effectiveDate: '2026-13-40' },
      { ...ok, schemaVersion: 0 },
      { ...ok, note: 'extra' },
      { ...ok, record: [1] },
      ok,
    ].map((line) => JSON.stringify(line));

    const { items, errors } = parseBulkInput(lines.join('\n'), 'jsonl');

    assert.deepEqual(
      items.map((item) => item.line),
      [6],
    );
    assert.deepEqual(
      errors.map((error) => error.line),
      [1, 2, 3, 4, 5],
    );
    assert.match(errors[0]?.reason ?? '', /^uscc must NOT have fewer than 1 characters/);
    assert.match(errors[1]?.reason ?? '', /^effectiveDate must match format "date"/);
    assert.match(errors[2]?.reason ?? '', /^schemaVersion must be >= 1/);
    assert.equal(errors[3]?.reason, 'unknown field note');
    assert.match(errors[4]?.reason ?? '', /^record must be object/);
  });

  it('reads CSV with extra columns as the record, and a JSON record column', () => {
    const plain = 'uscc,category,effectiveDate,rating\n91441300MA4UQ7R20Q,TAX_CREDIT_RATING,2026-01-01,A\n';
    const json =
      'uscc,category,effectiveDate,record\n' +
      '91441300MA4UQ7R20Q,TAX_PAYMENT,2026-01-01,"{""paid"": 5}"\n91441300MA4UQ7R20Q,TAX_PAYMENT,2026-01-01,oops\n';

    const first = parseBulkInput(plain, 'csv');
    const second = parseBulkInput(json, 'csv');

    assert.deepEqual(first.items[0]?.record, { rating: 'A' });
    assert.equal(first.items[0]?.line, 2);
    assert.deepEqual(second.items[0]?.record, { paid: 5 });
    assert.deepEqual(second.errors, [{ line: 3, reason: 'column record is not valid JSON' }]);
  });

  it('reports malformed quoting with the line it is found on, and attests nothing from the file', () => {
    const text = 'uscc,category,effectiveDate,rating\nU,C,2026-01-01,A\nU,C,2026-01-01,A"B\n';

    const { items, errors } = parseBulkInput(text, 'csv');

    assert.deepEqual(items, []);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.line, 3);
    assert.match(errors[0]?.reason ?? '', /^not valid CSV: .*quote/i);
  });

  it('refuses a CSV without the required columns and rows with the wrong column count', () => {
    assert.match(parseBulkInput('uscc,category\n', 'csv').errors[0]?.reason ?? '', /effectiveDate/);
    const { errors } = parseBulkInput('uscc,category,effectiveDate\na,b\n', 'csv');
    assert.deepEqual(errors, [{ line: 2, reason: 'expected 3 columns, got 2' }]);
  });
});

describe('parseCsv', () => {
  it('keeps quoted commas, quotes and line breaks, and the first line number of each row', () => {
    const rows = parseCsv('a,"b,1","say ""hi""\nthere"\nc,d,e');

    assert.deepEqual(rows, [
      { line: 1, cells: ['a', 'b,1', 'say "hi"\nthere'] },
      { line: 3, cells: ['c', 'd', 'e'] },
    ]);
  });

  it('counts a CRLF inside a quoted field as one line, and accepts CRLF, LF and CR row ends', () => {
    const rows = parseCsv('a,"x\r\ny"\r\nb,c\nd,e\rf,g');

    assert.deepEqual(rows, [
      { line: 1, cells: ['a', 'x\r\ny'] },
      { line: 3, cells: ['b', 'c'] },
      { line: 4, cells: ['d', 'e'] },
      { line: 5, cells: ['f', 'g'] },
    ]);
  });
});
