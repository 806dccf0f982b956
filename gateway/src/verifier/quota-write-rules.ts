import { KEY_FAMILIES as K } from './key-families';
import {
  describe,
  isBank,
  isCompanyOf,
  recordsOf,
  text,
  type Fields,
  type ParsedWrite,
  type TxView,
} from './rule-context';

/**
 * The marks the chaincode keeps to bound a bank's consent requests and refused accesses per company
 * (chaincode/src/ledger/credit-store.ts). They hold no business of their own: each must sit beside the
 * record it counts, written by the bank it counts against.
 */

/** `pendingConsentRequest [bank, uscc, consentId]`: written with the bank's new request of that id. */
export function pendingRequestRule(value: Fields, tx: TxView, write: ParsedWrite): string | undefined {
  const [bank = '', uscc = '', consentId = ''] = write.attributes;
  if (!isBank(tx, bank)) return `pending request of ${bank} on ${uscc} written by ${describe(tx.creator)}`;
  const request = recordsOf(tx, K.consent).find((consent) => text(consent, 'consentId') === consentId);
  const marksRequest =
    request !== undefined &&
    text(request, 'status') === 'requested' &&
    text(request, 'uscc') === uscc &&
    text(request, 'bankMspId') === bank;
  if (!marksRequest) return `pending request ${consentId} written without the request it marks`;
  return text(value, 'consentId') === consentId ? undefined : `pending request ${consentId} names another id`;
}

/** The company decides on the request; the bank drops its own marks (expired ones) when it requests again. */
export function pendingRequestDeleteProblem(tx: TxView, write: ParsedWrite): string | undefined {
  const [bank = '', uscc = ''] = write.attributes;
  return isCompanyOf(tx, uscc) || isBank(tx, bank)
    ? undefined
    : `pending request of ${bank} on ${uscc} removed by ${describe(tx.creator)}`;
}

/** `refusedAccess [bank, uscc, day, accessId]`: written with that refused access record, on its day. */
export function refusedAccessRule(_value: Fields, tx: TxView, write: ParsedWrite): string | undefined {
  const [bank = '', uscc = '', day = '', accessId = ''] = write.attributes;
  if (!isBank(tx, bank))
    return `refused-access mark of ${bank} on ${uscc} written by ${describe(tx.creator)}`;
  const access = recordsOf(tx, K.access).find((record) => text(record, 'accessId') === accessId);
  const marksRefusal =
    access !== undefined &&
    text(access, 'outcome') === 'refused' &&
    text(access, 'uscc') === uscc &&
    text(access, 'bankMspId') === bank &&
    text(access, 'recordedAt').startsWith(`${day}T`);
  if (!marksRefusal) return `refused-access mark ${accessId} written without the refused access it counts`;
  return write.value === accessId ? undefined : `refused-access mark ${accessId} names another access`;
}
