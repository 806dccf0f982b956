import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
  EVENT_NAMES,
  LIMITS,
  type AccessRecord,
  type AuthorizedRecord,
  type RawRecord,
  type ReadAuthorizedRecordsResponse,
  TRANSIENT_FIELDS,
} from '../api';
import { accessRecord, attestedVersionsOf, requireReadableAccess } from '../domain/access-rules';
import { canonicalJson } from '../domain/canonical-json';
import { parseCategoryList, parsePurpose, recordUse, refuseAccess } from '../domain/consent-rules';
import { fail } from '../domain/errors';
import { requireString } from '../domain/input';
import { isDisputed } from '../domain/objection-rules';
import { dayOf } from '../domain/proposal-time';
import { requireRefusalRoom } from '../domain/quota-rules';
import { requireReaderKey, sealForReader } from '../domain/reader-key';
import { requireRole } from '../domain/roles';
import { parseUscc } from '../domain/uscc';
import type { CreditStore } from '../ledger/credit-store';
import type { LedgerPort } from '../ledger/ledger-port';
import { CreditContext, CreditContract } from './credit-context';
import { evaluate, submit } from './transaction';

/**
 * Bank access in two steps. RecordAccess (submit) checks the consent and appends an access record: granted
 * ones count against the consent, refused ones are recorded with their code instead of failing, because a
 * failed transaction leaves no trace for auditors. ReadAuthorizedRecords (evaluate, on a GovMSP peer) then
 * returns the raw records for a recent granted access of the caller's bank, sealed to the caller's key.
 */
@Info({ title: 'AccessContract', description: 'Consent-checked bank access with an append-only access log' })
export class AccessContract extends CreditContract {
  constructor() {
    super('access');
  }

  @Transaction()
  @Returns('string')
  public async RecordAccess(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'access:RecordAccess', request, async ({ caller, fields, store, ledger }) => {
      const bank = requireRole(caller, ['bank'], 'record access');
      const consentId = requireString(fields, 'consentId', 128);
      const attempt = {
        bankMspId: bank.mspId,
        uscc: parseUscc(fields.uscc),
        categories: parseCategoryList(fields),
        purpose: parsePurpose(fields.purpose),
      };
      // An unknown company is a malformed request, not a decision: refusals are counted per company, so
      // recording them for made-up codes would let a bank escape its quota.
      await store.requireCompany(attempt.uscc);
      const consent = await store.getConsent(consentId);
      const refusal = refuseAccess(consent, attempt, ledger.txTime);
      if (refusal !== undefined) {
        const access = accessRecord({ ...attempt, consentId }, refusal, ledger);
        const day = dayOf(ledger.txTime);
        const refusedToday = await store.countRefusedAccesses(
          bank.mspId,
          attempt.uscc,
          day,
          LIMITS.maxRefusedAccessesPerCompanyPerDay,
        );
        requireRefusalRoom(refusedToday, bank.mspId, attempt.uscc, day);
        await store.putRefusedAccess(access, day);
        return logAccess(store, ledger, access);
      }
      const versions = attestedVersionsOf(
        attempt.categories,
        await store.getHeads(attempt.uscc, attempt.categories),
      );
      const access = accessRecord({ ...attempt, consentId }, undefined, ledger, versions);
      const counted = consent === undefined ? undefined : recordUse(consent, ledger);
      if (counted !== undefined) {
        await store.putConsent(counted);
      }
      return logAccess(store, ledger, access);
    });
  }

  /**
   * Evaluate, on a GovMSP peer. Transient `readerKey` (required): the raw records and salts come back sealed
   * to it, because `@Transaction(false)` is only a label and a submitted response is stored in a block.
   */
  @Transaction(false)
  @Returns('string')
  public async ReadAuthorizedRecords(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(ctx, request, async ({ caller, fields, store, ledger }) => {
      const bank = requireRole(caller, ['bank'], 'read authorized records');
      const accessId = requireString(fields, 'accessId', 128);
      const readerKey = requireReaderKey(ledger.transient(TRANSIENT_FIELDS.readerKey));
      const access =
        (await store.getAccess(accessId)) ?? fail('NOT_FOUND', `no access ${accessId}; record one first`);
      requireReadableAccess(access, await store.getConsent(access.consentId), bank.mspId, ledger.txTime);
      const read = { accessId, uscc: access.uscc, consentId: access.consentId };
      const records: AuthorizedRecord[] = [];
      const raw: RawRecord[] = [];
      const missingCategories: string[] = [];
      const versions = access.attestedVersions ?? {};
      for (const category of access.categories) {
        const version = versions[category];
        const found =
          version === undefined ? undefined : await authorizedRecord(store, access.uscc, category, version);
        if (found === undefined) {
          missingCategories.push(category);
        } else {
          records.push(found.proof);
          if (found.raw !== undefined) raw.push(found.raw);
        }
      }
      const response: ReadAuthorizedRecordsResponse = {
        ...read,
        records,
        missingCategories,
        sealed: sealForReader(raw, readerKey, read),
      };
      return response;
    });
  }

  /** An access record, for its bank, the company concerned and auditors. */
  @Transaction(false)
  @Returns('string')
  public async GetAccess(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(ctx, request, async ({ caller, fields, store }) => {
      const reader = requireRole(caller, ['bank', 'company', 'auditor'], 'read access records');
      const accessId = requireString(fields, 'accessId', 128);
      const access = (await store.getAccess(accessId)) ?? fail('NOT_FOUND', `no access ${accessId}`);
      const isOwner =
        reader.role === 'auditor' ||
        (reader.role === 'bank' && reader.mspId === access.bankMspId) ||
        (reader.role === 'company' && reader.uscc === access.uscc);
      return isOwner ? access : fail('NOT_AUTHORIZED', `access ${accessId} concerns another bank or company`);
    });
  }
}

async function logAccess(
  store: CreditStore,
  ledger: LedgerPort,
  access: AccessRecord,
): Promise<AccessRecord> {
  await store.putAccess(access);
  ledger.setEvent(EVENT_NAMES.AccessRecorded, canonicalJson(access));
  return access;
}

/** The raw record of the version the access logged, not the head: the bank reads what was consented and logged. */
async function authorizedRecord(
  store: CreditStore,
  uscc: string,
  category: string,
  version: number,
): Promise<{ proof: AuthorizedRecord; raw?: RawRecord }> {
  const head = await store.requireHead(uscc, category);
  const attestation = await store.requireAttestation(uscc, category, version);
  const base = { category, attestation, disputed: isDisputed(head) };
  if (head.erasedThroughVersion >= version) {
    return { proof: { ...base, available: false } };
  }
  const raw = await store.getRawRecord(uscc, category, version);
  if (raw === undefined) {
    return fail(
      'NOT_FOUND',
      `raw ${category} is not held by this peer; evaluate ReadAuthorizedRecords on a GovMSP peer`,
    );
  }
  return {
    proof: { ...base, available: true },
    raw: { category, record: JSON.parse(raw.record) as Record<string, unknown>, salt: raw.salt },
  };
}
