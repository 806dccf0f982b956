import { LIMITS } from '@sme-credit-ledger/contract';

/**
 * One item beside its record: USCC (32), category (48), date, schema version, a client salt (256), the JSON
 * keys and punctuation come to under 500 bytes; the rest is room for whitespace.
 */
const ITEM_ENVELOPE_BYTES = 1024;
/** The body around the items: `{"items":[...],"algorithm":"sha256"}` and whitespace. */
const BODY_ENVELOPE_BYTES = 1024;

/**
 * Bodies sized from what the chaincode accepts (records of at most `maxRecordBytes` of canonical JSON), so
 * nothing larger is read and parsed only to be refused later. Records are expected compact, as canonical
 * JSON is; a record pretty-printed far beyond its canonical size is refused with LIMIT_EXCEEDED.
 */
export const BODY_LIMIT = LIMITS.maxRecordBytes + ITEM_ENVELOPE_BYTES + BODY_ENVELOPE_BYTES;
export const BATCH_BODY_LIMIT =
  LIMITS.maxBatchItems * (LIMITS.maxRecordBytes + ITEM_ENVELOPE_BYTES) + BODY_ENVELOPE_BYTES;
