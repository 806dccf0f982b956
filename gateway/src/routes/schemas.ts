import {
  CategoryCodeField,
  CategoryListField,
  ConsentPurposeField,
  DateField,
  DateTimeField,
  PageRequestFields,
  RawRecordField,
  ReasonField,
  RecordIdField,
  SaltField,
  SchemaVersionField,
  UsccField,
} from '@sme-credit-ledger/contract';
import { Type } from '@sinclair/typebox';

/**
 * JSON Schemas shared by the routes. Fastify validates requests with them and @fastify/swagger publishes
 * them as the OpenAPI 3 description, so the document and the checks cannot drift. The fields are the
 * contract's (TypeBox schemas, fields.ts in @sme-credit-ledger/contract), the ones the chaincode's requests
 * are made of, so a request the route lets through has the shape the transaction reads.
 */

/** Checked in depth by the service (length, alphabet, both check characters) to name the precise fault. */
export const usccSchema = UsccField;
export const categorySchema = CategoryCodeField;
export const dateSchema = DateField;
export const dateTimeSchema = DateTimeField;
export const saltSchema = SaltField;
export const rawRecordSchema = RawRecordField;
export const purposeSchema = ConsentPurposeField;
export const reasonSchema = ReasonField;
export const idSchema = RecordIdField;
/**
 * One record to attest: the body of `POST /v1/attestations`, an element of a batch, and a line of the CLI's
 * bulk input (cli/bulk-input.ts validates with it too).
 */
export const attestItemSchema = Type.Object(
  {
    uscc: UsccField,
    category: CategoryCodeField,
    schemaVersion: Type.Optional(SchemaVersionField),
    effectiveDate: DateField,
    record: RawRecordField,
    salt: Type.Optional(
      Type.String({
        minLength: SaltField.minLength,
        maxLength: SaltField.maxLength,
        description:
          'Leave out: the service generates every salt. Refused (400 VALIDATION_FAILED) unless the operator allows client salts (SME_GATEWAY_ALLOW_CLIENT_SALT=true)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const categoryListSchema = CategoryListField;

export const pageQuerySchema = PageRequestFields;

/** Chaincode objects pass through whole; their shapes are the contract's (types.ts in @sme-credit-ledger/contract). */
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
