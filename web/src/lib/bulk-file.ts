import { parse } from 'csv-parse/sync';

/** One record to attest, with the line of the file it came from (the same shape the CLI's attest-bulk sends). */
export interface BulkItem {
  line: number;
  uscc: string;
  category: string;
  effectiveDate: string;
  schemaVersion?: number;
  salt?: string;
  record: Record<string, unknown>;
}

/** What is wrong with a line, as a kind the console translates (with its parameters). */
export type BulkProblemKind =
  | 'notJson'
  | 'notCsv'
  | 'emptyFile'
  | 'missingColumns'
  | 'columnCount'
  | 'recordNotJson'
  | 'notObject'
  | 'missingField'
  | 'badDate'
  | 'recordNotObject'
  | 'badSchemaVersion'
  | 'unknownField'
  | 'missingFromBatch';

export interface BulkProblem {
  kind: BulkProblemKind;
  params?: Record<string, string | number>;
}

export interface BulkLineError {
  line: number;
  /** In English, for logs and the CLI's wording; the console shows `problems` translated. */
  reason: string;
  problems: BulkProblem[];
}

const ENGLISH: Record<BulkProblemKind, string> = {
  notJson: 'not valid JSON',
  notCsv: 'not valid CSV: {detail}',
  emptyFile: 'empty file: expected a header row',
  missingColumns: 'header lacks column(s) {names}',
  columnCount: 'expected {expected} columns, got {got}',
  recordNotJson: 'column record is not valid JSON',
  notObject: 'expected a JSON object',
  missingField: '{name} missing',
  badDate: 'effectiveDate must be YYYY-MM-DD',
  recordNotObject: 'record must be a JSON object',
  badSchemaVersion: 'schemaVersion must be an integer',
  unknownField: 'unknown field {name}',
  missingFromBatch: 'missing from the batch response',
};

/** A line's error from its problems, with the English reason beside them. */
export function lineError(line: number, ...problems: BulkProblem[]): BulkLineError {
  const reason = problems
    .map(({ kind, params = {} }) =>
      ENGLISH[kind].replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole)),
    )
    .join('; ');
  return { line, reason, problems };
}

export interface BulkFile {
  items: BulkItem[];
  errors: BulkLineError[];
}

const RESERVED = new Set(['uscc', 'category', 'effectiveDate', 'schemaVersion', 'salt', 'record']);

export function formatOfName(name: string): 'csv' | 'jsonl' | undefined {
  if (/\.csv$/i.test(name)) {
    return 'csv';
  }
  return /\.(jsonl|ndjson)$/i.test(name) ? 'jsonl' : undefined;
}

/**
 * The CLI's bulk formats: CSV with a header row (a `record` column of JSON, or every other column a string
 * field of the record) or JSON lines (blank lines and `#` comments skipped). Each unusable line is reported by
 * number; the service checks the rest again.
 */
export function parseBulkFile(text: string, format: 'csv' | 'jsonl'): BulkFile {
  return format === 'csv' ? parseCsvFile(text) : parseJsonLines(text);
}

function parseJsonLines(text: string): BulkFile {
  const result: BulkFile = { items: [], errors: [] };
  for (const [index, raw] of text.split(/\r\n|\r|\n/).entries()) {
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) {
      continue;
    }
    try {
      collect(JSON.parse(raw) as unknown, index + 1, result);
    } catch {
      result.errors.push(lineError(index + 1, { kind: 'notJson' }));
    }
  }
  return result;
}

function parseCsvFile(text: string): BulkFile {
  const result: BulkFile = { items: [], errors: [] };
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      relax_column_count: true,
      info: true,
      skip_empty_lines: true,
      bom: true,
    }) as unknown as typeof rows;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return {
      items: [],
      errors: [lineError(line, { kind: 'notCsv', params: { detail: (error as Error).message } })],
    };
  }
  const header = rows.shift();
  if (header === undefined) {
    return { items: [], errors: [lineError(1, { kind: 'emptyFile' })] };
  }
  const names = header.record;
  const missing = ['uscc', 'category', 'effectiveDate'].filter((name) => !names.includes(name));
  if (missing.length > 0) {
    return {
      items: [],
      errors: [lineError(1, { kind: 'missingColumns', params: { names: missing.join(', ') } })],
    };
  }
  for (const { record: cells, info } of rows) {
    const line = info.lines;
    if (cells.length !== names.length) {
      result.errors.push(
        lineError(line, { kind: 'columnCount', params: { expected: names.length, got: cells.length } }),
      );
      continue;
    }
    const fields = new Map(names.map((name, column) => [name, cells[column] ?? '']));
    let record: unknown = Object.fromEntries([...fields].filter(([name]) => !RESERVED.has(name)));
    if (fields.has('record')) {
      try {
        record = JSON.parse(fields.get('record') ?? '');
      } catch {
        result.errors.push(lineError(line, { kind: 'recordNotJson' }));
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
      line,
      result,
    );
  }
  return result;
}

function collect(value: unknown, line: number, result: BulkFile): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    result.errors.push(lineError(line, { kind: 'notObject' }));
    return;
  }
  const v = value as Record<string, unknown>;
  const problems = problemsOf(v);
  if (problems.length > 0) {
    result.errors.push(lineError(line, ...problems));
    return;
  }
  result.items.push({
    line,
    uscc: v.uscc as string,
    category: v.category as string,
    effectiveDate: v.effectiveDate as string,
    record: v.record as Record<string, unknown>,
    ...(v.schemaVersion === undefined ? {} : { schemaVersion: v.schemaVersion as number }),
    ...(v.salt === undefined ? {} : { salt: v.salt as string }),
  });
}

/** The obvious mistakes, named per line before anything is sent; the service's schema has the last word. */
function problemsOf(v: Record<string, unknown>): BulkProblem[] {
  const problems: BulkProblem[] = [];
  for (const name of ['uscc', 'category', 'effectiveDate']) {
    if (typeof v[name] !== 'string' || v[name] === '') {
      problems.push({ kind: 'missingField', params: { name } });
    }
  }
  if (typeof v.effectiveDate === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(v.effectiveDate)) {
    problems.push({ kind: 'badDate' });
  }
  if (typeof v.record !== 'object' || v.record === null || Array.isArray(v.record)) {
    problems.push({ kind: 'recordNotObject' });
  }
  if (v.schemaVersion !== undefined && !Number.isInteger(v.schemaVersion)) {
    problems.push({ kind: 'badSchemaVersion' });
  }
  for (const name of Object.keys(v)) {
    if (!RESERVED.has(name)) {
      problems.push({ kind: 'unknownField', params: { name } });
    }
  }
  return problems;
}
