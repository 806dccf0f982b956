import { Type, type Static } from '@sinclair/typebox';
import { LIMITS } from './limits';
import { BOOKMARK_PATTERN, MAX_BOOKMARK_LENGTH } from './page';
import { MSP_ID_PATTERN } from './roles';

/*
 * The fields requests are made of, as TypeBox schemas: each is a JSON Schema and, through `Static`, a
 * TypeScript type. The HTTP routes validate with them; the chaincode's own parsers (chaincode/src/domain)
 * check the same fields in depth and name the precise fault with its error code.
 */

/** Checked in depth by the chaincode and the service (length, alphabet, both check characters). */
export const UsccField = Type.String({
  minLength: 1,
  maxLength: 32,
  description: 'Unified Social Credit Code',
});
export const CategoryCodeField = Type.String({
  pattern: '^[A-Z][A-Z0-9_]{1,47}$',
  description: 'Catalog category code',
});
export const CategoryListField = Type.Array(CategoryCodeField, {
  minItems: 1,
  maxItems: LIMITS.maxCategoriesPerConsent,
});
export const DateField = Type.String({ format: 'date' });
export const DateTimeField = Type.String({ format: 'date-time' });
export const ReasonField = Type.String({ minLength: 1, maxLength: LIMITS.maxReasonLength });
/** Consent, access and objection ids. */
export const RecordIdField = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' });
export const RequestIdField = Type.String({
  pattern: '^[A-Za-z0-9._-]{8,64}$',
  description: 'Request id: a retry with the same id returns the first result and records nothing',
});
export const MspIdField = Type.String({ pattern: MSP_ID_PATTERN, description: 'MSP id of an organization' });
export const SaltField = Type.String({
  minLength: 2 * LIMITS.minSaltBytes,
  maxLength: LIMITS.maxSaltLength,
  description: `Hex or base64 of at least ${LIMITS.minSaltBytes} random bytes; generated when omitted`,
});
export const RawRecordField = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  additionalProperties: true,
  description: 'The raw record (any JSON object); sent as transient data, never written to a block',
});
export const SchemaVersionField = Type.Integer({ minimum: 1 });

/** The purposes a consent may name. */
export const CONSENT_PURPOSES = [
  'supply-chain',
  'trade',
  'ip-financing',
  'credit-review',
  'working-capital',
] as const;
export const ConsentPurposeField = Type.Unsafe<(typeof CONSENT_PURPOSES)[number]>({
  type: 'string',
  enum: [...CONSENT_PURPOSES],
});
export type ConsentPurpose = Static<typeof ConsentPurposeField>;

export const HASH_ALGORITHMS = ['sha256', 'sm3'] as const;
export const HashAlgorithmField = Type.Unsafe<(typeof HASH_ALGORITHMS)[number]>({
  type: 'string',
  enum: [...HASH_ALGORITHMS],
  description: 'Default sha256; sm3 is reserved and refused for now',
});
export type HashAlgorithm = Static<typeof HashAlgorithmField>;

export const PageSizeField = Type.Integer({ minimum: 1, maximum: LIMITS.maxPageSize });
export const BookmarkField = Type.String({ maxLength: MAX_BOOKMARK_LENGTH, pattern: BOOKMARK_PATTERN });
