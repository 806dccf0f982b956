import { BOOKMARK_PATTERN, LIMITS, MAX_BOOKMARK_LENGTH } from '@sme-credit-ledger/contract';

/**
 * JSON Schemas shared by the routes. Fastify validates requests with them and @fastify/swagger publishes
 * them as the OpenAPI 3 description, so the document and the checks cannot drift.
 */

/** Checked in depth by the service (length, alphabet, both check characters) to name the precise fault. */
export const usccSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 32,
  description: 'Unified Social Credit Code',
};
export const categorySchema = {
  type: 'string',
  pattern: '^[A-Z][A-Z0-9_]{1,47}$',
  description: 'Catalog category code',
};
export const dateSchema = { type: 'string', format: 'date' };
export const dateTimeSchema = { type: 'string', format: 'date-time' };
export const saltSchema = {
  type: 'string',
  minLength: 2 * LIMITS.minSaltBytes,
  maxLength: LIMITS.maxSaltLength,
  description: `Hex or base64 of at least ${LIMITS.minSaltBytes} random bytes; generated when omitted`,
};
export const rawRecordSchema = {
  type: 'object',
  additionalProperties: true,
  description: 'The raw record (any JSON object); sent as transient data, never written to a block',
};
export const purposeSchema = {
  type: 'string',
  enum: ['supply-chain', 'trade', 'ip-financing', 'credit-review', 'working-capital'],
};
export const reasonSchema = { type: 'string', minLength: 1, maxLength: LIMITS.maxReasonLength };
export const idSchema = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' };
/**
 * One record to attest: the body of `POST /v1/attestations`, an element of a batch, and a line of the CLI's
 * bulk input (cli/bulk-input.ts validates with it too).
 */
export const attestItemSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['uscc', 'category', 'effectiveDate', 'record'],
  properties: {
    uscc: usccSchema,
    category: categorySchema,
    schemaVersion: { type: 'integer', minimum: 1 },
    effectiveDate: dateSchema,
    record: rawRecordSchema,
    salt: {
      ...saltSchema,
      description:
        'Leave out: the service generates every salt. Refused (400 VALIDATION_FAILED) unless the operator allows client salts (SME_GATEWAY_ALLOW_CLIENT_SALT=true)',
    },
  },
};

export const categoryListSchema = {
  type: 'array',
  items: categorySchema,
  minItems: 1,
  maxItems: LIMITS.maxCategoriesPerConsent,
};

export const pageQuerySchema = {
  pageSize: { type: 'integer', minimum: 1, maximum: LIMITS.maxPageSize },
  bookmark: { type: 'string', maxLength: MAX_BOOKMARK_LENGTH, pattern: BOOKMARK_PATTERN },
};

/** Chaincode objects pass through whole; their shapes are documented in the chaincode api module. */
export const ledgerObject = { type: 'object', additionalProperties: true };

/** One page of a ledger list: the items and the bookmark that fetches the next page. */
export const ledgerPage = {
  type: 'object',
  properties: { items: { type: 'array', items: ledgerObject }, bookmark: { type: 'string' } },
} as const;

export const txFields = {
  txId: { type: 'string', description: 'Fabric transaction id' },
  blockNumber: { type: 'string', description: 'Block holding the transaction (decimal string)' },
};

export const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details; `code` is the chaincode or gateway error code',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string' },
    txId: { type: 'string' },
    field: { type: 'string', description: 'JSON pointer to the offending field' },
  },
};

export const problemResponses = {
  '4xx': problemSchema,
  '5xx': problemSchema,
};

export const idempotencyHeader = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      pattern: '^[A-Za-z0-9._-]{8,64}$',
      description: 'Request id: a retry with the same key returns the first result and records nothing',
    },
  },
};

export const bearer = [{ bearerAuth: [] }];
