import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { CsvError, parse } from 'csv-parse/sync';
import { attestItemSchema } from '../routes/schemas';

/** One record to attest, with the line of the input it came from. */
export interface BulkItem {
  line: number;
  uscc: string;
  category: string;
  effectiveDate: string;
  schemaVersion?: number;
  salt?: string;
  record: Record<string, unknown>;
}

export interface BulkInputError {
  line: number;
  reason: string;
}

export interface BulkInput {
  items: BulkItem[];
  errors: BulkInputError[];
}

const RESERVED = ['uscc', 'category', 'effectiveDate', 'schemaVersion', 'salt', 'record'];

/**
 * Reads CSV (header row; a `record` column holding JSON, or every other column becomes a string field of the
 * record) or JSON lines (`{uscc, category, effectiveDate, record, salt?, schemaVersion?}` per line). Blank
 * lines and `#` comments in JSON lines are ignored; every other unusable line is reported with its number.
 */
export function parseBulkInput(text: string, format: 'csv' | 'jsonl'): BulkInput {
  return format === 'csv' ? parseCsvInput(text) : parseJsonLines(text);
}

export function formatOf(path: string): 'csv' | 'jsonl' | undefined {
  if (/\.csv$/i.test(path)) {
    return 'csv';
  }
  return /\.(jsonl|ndjson)$/i.test(path) ? 'jsonl' : undefined;
}

function parseJsonLines(text: string): BulkInput {
  const items: BulkItem[] = [];
  const errors: BulkInputError[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = index + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) {
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      errors.push({ line, reason: 'not valid JSON' });
      continue;
    }
    collect(value, line, items, errors);
  }
  return { items, errors };
}

function parseCsvInput(text: string): BulkInput {
  const items: BulkItem[] = [];
  const errors: BulkInputError[] = [];
  let rows: ReturnType<typeof parseCsv>;
  try {
    rows = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvInputError) {
      return { items, errors: [{ line: error.line, reason: `not valid CSV: ${error.message}` }] };
    }
    throw error;
  }
  const header = rows.shift();
  if (header === undefined) {
    return { items, errors: [{ line: 1, reason: 'empty file: expected a header row' }] };
  }
  const missing = ['uscc', 'category', 'effectiveDate'].filter((name) => !header.cells.includes(name));
  if (missing.length > 0) {
    return { items, errors: [{ line: header.line, reason: `header lacks column(s) ${missing.join(', ')}` }] };
  }
  for (const row of rows) {
    if (row.cells.length === 1 && row.cells[0] === '') {
      continue;
    }
    if (row.cells.length !== header.cells.length) {
      errors.push({
        line: row.line,
        reason: `expected ${header.cells.length} columns, got ${row.cells.length}`,
      });
      continue;
    }
    const fields = new Map(header.cells.map((name, column) => [name, row.cells[column] ?? '']));
    let record: unknown = Object.fromEntries([...fields].filter(([name]) => !RESERVED.includes(name)));
    if (fields.has('record')) {
      try {
        record = JSON.parse(fields.get('record') ?? '');
      } catch {
        errors.push({ line: row.line, reason: 'column record is not valid JSON' });
        continue;
      }
    }
    const schemaVersion = fields.get('schemaVersion');
    const salt = fields.get('salt');
    collect(
      {
        uscc: fields.get('uscc'),
        category: fields.get('category'),
        effectiveDate: fields.get('effectiveDate'),
        ...(schemaVersion ? { schemaVersion: Number(schemaVersion) } : {}),
        ...(salt ? { salt } : {}),
        record,
      },
      row.line,
      items,
      errors,
    );
  }
  return { items, errors };
}

function collect(value: unknown, line: number, items: BulkItem[], errors: BulkInputError[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push({ line, reason: 'expected a JSON object' });
    return;
  }
  const v = value as Record<string, unknown>;
  const problems = problemsOf(v);
  if (problems.length > 0) {
    errors.push({ line, reason: problems.join('; ') });
    return;
  }
  items.push({
    line,
    uscc: v.uscc as string,
    category: v.category as string,
    effectiveDate: v.effectiveDate as string,
    record: v.record as Record<string, unknown>,
    ...(v.schemaVersion === undefined ? {} : { schemaVersion: v.schemaVersion as number }),
    ...(v.salt === undefined ? {} : { salt: v.salt as string }),
  });
}

/** The service's own schema of one record to attest, so a line the service would refuse is caught here. */
const validateItem = (() => {
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);
  return ajv.compile(attestItemSchema);
})();

function problemsOf(v: Record<string, unknown>): string[] {
  return validateItem(v) ? [] : (validateItem.errors ?? []).map(describeProblem);
}

function describeProblem(error: ErrorObject): string {
  if (error.keyword === 'required') {
    return `${String(error.params.missingProperty)} missing`;
  }
  if (error.keyword === 'additionalProperties') {
    return `unknown field ${String(error.params.additionalProperty)}`;
  }
  return `${error.instancePath.slice(1) || 'line'} ${error.message ?? 'is invalid'}`;
}

/**
 * RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks; rows may end in CRLF, LF or CR), each row
 * with the line it starts on. csv-parse counts a CRLF inside a quoted field as two lines, so the line comes from
 * the byte offset where the row starts. Malformed quoting is a CsvInputError with the line it was found on.
 */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const bytes = Buffer.from(text, 'utf8');
  const lineAt = lineCounter(bytes);
  const ends: number[] = [];
  let records: string[][];
  try {
    records = parse(bytes, {
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      on_record: (record, { bytes: end }) => {
        ends.push(end);
        return record;
      },
    });
  } catch (error) {
    if (error instanceof CsvError) {
      throw new CsvInputError(lineAt(Number(error.bytes ?? 0)), error.message);
    }
    throw error;
  }
  return records.map((cells, index) => ({ line: lineAt(ends[index - 1] ?? 0), cells }));
}

export class CsvInputError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvInputError';
  }
}

/** The 1-based line of a byte offset; offsets must not decrease from call to call. */
function lineCounter(bytes: Buffer): (offset: number) => number {
  let line = 1;
  let position = 0;
  return (offset) => {
    for (; position < Math.min(offset, bytes.length); position++) {
      const byte = bytes[position];
      if (byte === 0x0a || (byte === 0x0d && bytes[position + 1] !== 0x0a)) {
        line++;
      }
    }
    return line;
  };
}
