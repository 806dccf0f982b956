import { LIMITS, MAX_BOOKMARK_LENGTH } from '@sme-credit-ledger/contract';
import { parseJson } from './canonical-json';
import { fail } from './errors';

/** A parsed request object whose fields are checked one by one by the helpers below. */
export type RequestFields = Record<string, unknown>;

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const MAX_REQUEST_BYTES = 64 * 1024;

export function parseRequest(json: string): RequestFields {
  if (Buffer.byteLength(json, 'utf8') > MAX_REQUEST_BYTES) {
    return fail('LIMIT_EXCEEDED', `request must be at most ${MAX_REQUEST_BYTES} bytes`);
  }
  const value = parseJson(json, 'request');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('VALIDATION_FAILED', 'request must be a JSON object');
  }
  return value as RequestFields;
}

export function requireString(fields: RequestFields, name: string, maxLength = 256): string {
  const value = fields[name];
  if (typeof value !== 'string' || value.trim().length === 0) {
    return fail('VALIDATION_FAILED', `${name} is required and must be a non-empty string`);
  }
  if (value.length > maxLength) {
    return fail('LIMIT_EXCEEDED', `${name} must be at most ${maxLength} characters`);
  }
  return value.trim();
}

export function optionalString(fields: RequestFields, name: string, maxLength = 256): string | undefined {
  return fields[name] === undefined ? undefined : requireString(fields, name, maxLength);
}

export function requireInteger(fields: RequestFields, name: string, min: number, max: number): number {
  const value = fields[name];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return fail('VALIDATION_FAILED', `${name} must be an integer`);
  }
  if (value < min || value > max) {
    return fail(
      value > max ? 'LIMIT_EXCEEDED' : 'VALIDATION_FAILED',
      `${name} must be between ${min} and ${max}`,
    );
  }
  return value;
}

export function optionalInteger(
  fields: RequestFields,
  name: string,
  min: number,
  max: number,
): number | undefined {
  return fields[name] === undefined ? undefined : requireInteger(fields, name, min, max);
}

export function parseRequestId(fields: RequestFields): string {
  const value = fields.requestId;
  if (typeof value !== 'string' || !REQUEST_ID.test(value)) {
    return fail('VALIDATION_FAILED', 'requestId must be 8-64 characters of A-Z a-z 0-9 . _ -');
  }
  return value;
}

/** An ISO 8601 UTC instant (`2026-01-31T00:00:00Z`), normalized to milliseconds. */
export function requireIsoTime(fields: RequestFields, name: string): string {
  const value = fields[name];
  const time = typeof value === 'string' && ISO_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    return fail('VALIDATION_FAILED', `${name} must be an ISO 8601 UTC time such as 2026-01-31T00:00:00Z`);
  }
  return new Date(time).toISOString();
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function requireIsoDate(fields: RequestFields, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    return fail('VALIDATION_FAILED', `${name} must be a date YYYY-MM-DD`);
  }
  if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    return fail('VALIDATION_FAILED', `${name} ${value} is not a calendar date`);
  }
  return value;
}

export function requireSha256Hex(fields: RequestFields, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || !HEX_SHA256.test(value)) {
    return fail('VALIDATION_FAILED', `${name} must be a lower-case hex sha256 digest (64 characters)`);
  }
  return value;
}

/** A non-empty list of distinct strings, at most `max` long, each passed through `parseItem`. */
export function requireList<T>(
  fields: RequestFields,
  name: string,
  max: number,
  parseItem: (item: unknown) => T,
): T[] {
  const value = fields[name];
  if (!Array.isArray(value) || value.length === 0) {
    return fail('VALIDATION_FAILED', `${name} must be a non-empty array`);
  }
  if (value.length > max) {
    return fail('LIMIT_EXCEEDED', `${name} may hold at most ${max} items`);
  }
  const items = value.map((item: unknown) => parseItem(item));
  if (new Set(items.map((item) => String(item))).size !== items.length) {
    return fail('VALIDATION_FAILED', `${name} must not repeat items`);
  }
  return items;
}

export interface PageOptions {
  pageSize: number;
  bookmark: string;
}

export function parsePage(fields: RequestFields): PageOptions {
  const pageSize = optionalInteger(fields, 'pageSize', 1, LIMITS.maxPageSize) ?? LIMITS.defaultPageSize;
  const bookmark =
    fields.bookmark === undefined || fields.bookmark === ''
      ? ''
      : requireString(fields, 'bookmark', MAX_BOOKMARK_LENGTH);
  return { pageSize, bookmark };
}

export function requireReason(fields: RequestFields, name = 'reason'): string {
  return requireString(fields, name, LIMITS.maxReasonLength);
}
