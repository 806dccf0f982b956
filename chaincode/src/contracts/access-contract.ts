import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
  EVENT_NAMES,
  type AccessRecord,
  type AuthorizedRecord,
  type CurrentVersionsResponse,
  type RawRecord,
  type ReadAuthorizedRecordsResponse,
  TRANSIENT_FIELDS,
} from '@sme-credit-ledger/contract';
import {
  accessRecord,
  attestedVersionsOf,
  parseAttestedVersions,
  requireReadableAccess,
} from '../domain/access-rules';
import { canonicalJson } from '../domain/canonical-json';
import {
  parseCategoryList,
  parsePurpose,
  recordUse,
  refuseAccess,
  type AccessAttempt,
} from '../domain/consent-rules';
import { fail } from '../domain/errors';
import { requireString, type RequestFields } from '../domain/input';
import { isDisputed } from '../domain/objection-rules';
import { dayOf } from '../domain/proposal-time';
import { requireRefusalRoom } from '../domain/quota-rules';
import { requireReaderKey, sealForReader } from '../domain/reader-key';
import { requireRole } from '../domain/roles';
import { parseUscc } from '../domain/uscc';
import type { BusinessStore } from '../ledger/business-store';
import type { CreditStore } from '../ledger/credit-store';
import type { LedgerPort } from '../ledger/ledger-port';
import { CreditContext, CreditContract } from './credit-context';
import { evaluate, submit } from './transaction';

/**
 * Bank access in three steps, all confidential (contract/src/confidential.ts). CurrentVersions (evaluate) gives the
 * attested versions a consent lets the bank read. RecordAccess (submit) checks the consent and appends an
 * access record naming those versions: granted ones count against the consent, refused ones are recorded
 * with their code instead of failing, because a failed transaction leaves no trace for auditors.
 * ReadAuthorizedRecords (evaluate, on a GovMSP peer) then returns the logged versions' raw records.
 * RecordAccess reads no public key naming the company, so its block does not say whom the bank assessed.
 */
@Info({ title: 'AccessContract', description: 'Consent-checked bank access with an append-only access log' })
export class AccessContract extends CreditContract {
  constructor() {
    super('access');
  }

  /** The latest attested version of each category the bank's consent covers (for RecordAccess). */
  @Transaction(false)
  @Returns('string')
  public async CurrentVersions(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, store, business, ledger }) => {
        const bank = requireRole(caller, ['bank'], 'read attested versions');
        const { consentId, attempt } = parseAttempt(bank.mspId, fields);
        const refusal = refuseAccess(
          await business.getConsent(consentId, bank.mspId),
          attempt,
          ledger.txTime,
        );
        if (refusal !== undefined) {
          fail(refusal.code, refusal.detail);
        }
        const heads = await store.getHeads(attempt.uscc, attempt.categories);
        const response: CurrentVersionsResponse = { versions: attestedVersionsOf(attempt.categories, heads) };
        return response;
      },
      'access:CurrentVersions',
    );
  }

  @Transaction()
  @Returns('string')
  public async RecordAccess(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'access:RecordAccess', request, async ({ caller, fields, business, ledger }) => {
      const bank = requireRole(caller, ['bank'], 'record access');
      const { consentId, attempt } = parseAttempt(bank.mspId, fields);
      const versions = parseAttestedVersions(fields, attempt.categories);
      // An unknown company is a malformed request, not a decision: refusals are counted per company, so
      // recording them for made-up codes would let a bank escape its quota.
      await business.requireRegistered(attempt.uscc);
      const consent = await business.getConsent(consentId, bank.mspId);
      const refusal = refuseAccess(consent, attempt, ledger.txTime);
      if (refusal !== undefined) {
        const day = dayOf(ledger.txTime);
        const refusedToday = await business.countRefusedAccesses(bank.mspId, attempt.uscc, day);
        requireRefusalRoom(refusedToday, bank.mspId, attempt.uscc, day);
        await business.putRefusedAccessCount(bank.mspId, attempt.uscc, day, refusedToday + 1);
        return {
          access: await logAccess(business, ledger, accessRecord({ ...attempt, consentId }, refusal, ledger)),
        };
      }
      const access = accessRecord({ ...attempt, consentId }, undefined, ledger, versions);
      const counted = consent === undefined ? undefined : recordUse(consent, ledger);
      if (counted !== undefined) {
        await business.putConsent(counted);
      }
      return { access: await logAccess(business, ledger, access) };
    });
  }

  /**
   * Evaluate, on a GovMSP peer. Beyond the sealed response, the raw records and salts are sealed once more,
   * bound to the access, so a client keeps that box with the proof fields.
   */
  @Transaction(false)
  @Returns('string')
  public async ReadAuthorizedRecords(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, store, business, ledger }) => {
        const bank = requireRole(caller, ['bank'], 'read authorized records');
        const accessId = requireString(fields, 'accessId', 128);
        const readerKey = requireReaderKey(ledger.transient(TRANSIENT_FIELDS.readerKey));
        const access =
          (await business.getAccess(accessId, bank.mspId)) ??
          fail('NOT_FOUND', `no access ${accessId}; record one first`);
        requireReadableAccess(
          access,
          await business.getConsent(access.consentId, bank.mspId),
          bank.mspId,
          ledger.txTime,
        );
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
      },
      'access:ReadAuthorizedRecords',
    );
  }

  /** An access record, for its bank, the company concerned and auditors. */
  @Transaction(false)
  @Returns('string')
  public async GetAccess(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, business }) => {
        const reader = requireRole(caller, ['bank', 'company', 'auditor'], 'read access records');
        const accessId = requireString(fields, 'accessId', 128);
        const access =
          (await business.getAccess(accessId, reader.role === 'bank' ? reader.mspId : undefined)) ??
          fail('NOT_FOUND', `no access ${accessId}`);
        const isOwner =
          reader.role === 'auditor' ||
          (reader.role === 'bank' && reader.mspId === access.bankMspId) ||
          (reader.role === 'company' && reader.uscc === access.uscc);
        return isOwner
          ? { access }
          : fail('NOT_AUTHORIZED', `access ${accessId} concerns another bank or company`);
      },
      'access:GetAccess',
    );
  }
}

/** The consent a bank names and what it wants to read under it. */
function parseAttempt(
  bankMspId: string,
  fields: RequestFields,
): { consentId: string; attempt: AccessAttempt } {
  return {
    consentId: requireString(fields, 'consentId', 128),
    attempt: {
      bankMspId,
      uscc: parseUscc(fields.uscc),
      categories: parseCategoryList(fields),
      purpose: parsePurpose(fields.purpose),
    },
  };
}

/** The event names the access and its bank only: every peer's block keeps it. */
async function logAccess(
  business: BusinessStore,
  ledger: LedgerPort,
  access: AccessRecord,
): Promise<AccessRecord> {
  await business.putAccess(access);
  const event = { accessId: access.accessId, bankMspId: access.bankMspId, txId: ledger.txId };
  ledger.setEvent(EVENT_NAMES.AccessRecorded, canonicalJson(event));
  return access;
}

/**
 * The raw record of the version the access logged, not the head: the bank reads what was consented and
 * logged. A version that does not exist is missing; `isLatest` tells whether a newer one supersedes it.
 */
async function authorizedRecord(
  store: CreditStore,
  uscc: string,
  category: string,
  version: number,
): Promise<{ proof: AuthorizedRecord; raw?: RawRecord } | undefined> {
  const head = await store.getHead(uscc, category);
  const attestation = await store.getAttestation(uscc, category, version);
  if (head === undefined || attestation === undefined) {
    return undefined;
  }
  const base = {
    category,
    attestation,
    disputed: isDisputed(head),
    isLatest: version === head.latestVersion,
  };
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
