import type { KeyObject } from 'node:crypto';
import { newReaderKeyPair, open, seal, type SealedBox } from './sealed-records';
import { TRANSIENT_FIELDS } from './transient';

/*
 * A bank's business (its consents, its accesses, refusals and their reasons) is confidential to the bank,
 * the company concerned, gov (endorser and custodian) and the auditor. A Fabric block holds a transaction's
 * arguments, its response and its chaincode event in clear on every peer of the channel, so these
 * transactions take their request from transient data and answer with a box sealed to the caller's one-time
 * key; what they store goes to private collections (see chaincode/README.md, "Confidential bank business").
 */

/* Which transactions are confidential: CONFIDENTIAL_TRANSACTIONS, from the table in transactions.ts. */

/** The one argument a confidential transaction accepts: anything else would be written to the block. */
export const CONFIDENTIAL_ARGUMENT = '{}';

const BANK_COLLECTION_PREFIX = 'business_';

/** Private collection of one bank's business: readable by gov, that bank and the auditor only. */
export function bankCollection(bankMspId: string): string {
  return `${BANK_COLLECTION_PREFIX}${bankMspId}`;
}

/** The bank whose business collection this is, or undefined for any other collection. */
export function bankOfCollection(collection: string): string | undefined {
  return collection.startsWith(BANK_COLLECTION_PREFIX)
    ? collection.slice(BANK_COLLECTION_PREFIX.length)
    : undefined;
}

/**
 * Private collection held by gov and the auditor: the pseudonym key, registration marks and the indexes
 * across banks (by company, by time, id to bank), so no bank's collection is needed to find a record.
 */
export const PLATFORM_INDEX_COLLECTION = 'platformIndex';

function associatedData(invocation: string): string {
  return `sme-credit-ledger confidential response\n${invocation}`;
}

/** The chaincode's half: the response JSON sealed to the caller's key, bound to the invocation. */
export function sealResponse(responseJson: string, readerKey: KeyObject, invocation: string): SealedBox {
  return seal(responseJson, readerKey, associatedData(invocation));
}

/**
 * The caller's half: the response JSON of a confidential transaction.
 * @throws SealingError for another key, another invocation's box or a modified box.
 */
export function openResponse(box: SealedBox, privateKey: KeyObject, invocation: string): string {
  return open(box, privateKey, associatedData(invocation));
}

/** A confidential call as it goes to the peer, and how its caller reads the answer. */
export interface ConfidentialExchange {
  /** The one argument: `{}`. */
  argument: string;
  /** `request` and `readerKey`, plus any transient fields the caller gave. */
  transient: Record<string, string>;
  /**
   * The response JSON from the sealed answer.
   * @throws SealingError or SyntaxError when the answer is not a box sealed to this call.
   */
  open(answer: string): string;
}

/** The client's half of a confidential transaction, with a one-time reader key unless one is given. */
export function confidentialExchange(
  invocation: string,
  requestJson: string,
  transient: Record<string, string> = {},
  reader: { publicKey: string; privateKey: KeyObject } = newReaderKeyPair(),
): ConfidentialExchange {
  return {
    argument: CONFIDENTIAL_ARGUMENT,
    transient: {
      ...transient,
      [TRANSIENT_FIELDS.request]: requestJson,
      [TRANSIENT_FIELDS.readerKey]: reader.publicKey,
    },
    open: (answer) => openResponse(JSON.parse(answer) as SealedBox, reader.privateKey, invocation),
  };
}
