import { Info, Returns, Transaction } from 'fabric-contract-api';
import { EVENT_NAMES, LIMITS, type Consent, type ConsentResponse } from '../api';
import { canonicalJson } from '../domain/canonical-json';
import {
  authorise,
  newConsent,
  parseBankMspId,
  parseConsentTerms,
  reject,
  requireReplaceable,
  revoke,
  viewConsent,
  type ConsentTerms,
} from '../domain/consent-rules';
import { fail } from '../domain/errors';
import { optionalString, parsePage, requireString } from '../domain/input';
import { requirePendingRequestRoom, splitPendingRequests } from '../domain/quota-rules';
import { requireOwnCompany, requireRole, type Caller } from '../domain/roles';
import { parseUscc } from '../domain/uscc';
import type { CreditStore } from '../ledger/credit-store';
import type { LedgerPort } from '../ledger/ledger-port';
import { CreditContext, CreditContract } from './credit-context';
import { evaluate, submit, type Call } from './transaction';

/**
 * Company consent to bank reads: requested by a bank, authorised or rejected by the company (or granted
 * directly), revoked by the company, expired by transaction time, consumed at its usage limit.
 */
@Info({ title: 'ConsentContract', description: 'Company consents for bank access to attested categories' })
export class ConsentContract extends CreditContract {
  constructor() {
    super('consent');
  }

  @Transaction()
  @Returns('string')
  public async RequestConsent(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'consent:RequestConsent', request, async ({ caller, fields, store, ledger }) => {
      const bank = requireRole(caller, ['bank'], 'request consents');
      const terms = await checkTerms(store, parseConsentTerms(fields, ledger.txTime));
      const consent = newConsent(terms, bank.mspId, 'requested', ledger);
      await checkReplacement(store, consent, ledger.txTime);
      await requirePendingRoom(store, consent, ledger.txTime);
      await store.putNewConsent(consent);
      return changed(ledger, { consent });
    });
  }

  /** A company authorises a bank directly, without a prior request. */
  @Transaction()
  @Returns('string')
  public async GrantConsent(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'consent:GrantConsent', request, async ({ caller, fields, store, ledger }) => {
      const company = requireRole(caller, ['company'], 'grant consents');
      const terms = await checkTerms(store, parseConsentTerms(fields, ledger.txTime));
      requireOwnCompany(company, terms.uscc);
      const granted = authorise(
        newConsent(terms, parseBankMspId(fields.bankMspId), 'authorised', ledger),
        ledger,
        true,
      );
      await replaceOld(store, granted.consent, ledger);
      await store.putNewConsent(granted.consent);
      return changed(ledger, granted);
    });
  }

  @Transaction()
  @Returns('string')
  public async AuthoriseConsent(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'consent:AuthoriseConsent', request, async (call) => {
      const consent = await ownConsent(call);
      const authorised = authorise(consent, call.ledger);
      await replaceOld(call.store, authorised.consent, call.ledger);
      await call.store.putDecidedRequest(authorised.consent);
      return changed(call.ledger, authorised);
    });
  }

  @Transaction()
  @Returns('string')
  public async RejectConsent(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'consent:RejectConsent', request, async (call) => {
      const consent = reject(
        await ownConsent(call),
        call.ledger,
        optionalString(call.fields, 'reason', 1000),
      );
      await call.store.putDecidedRequest(consent);
      return changed(call.ledger, { consent });
    });
  }

  @Transaction()
  @Returns('string')
  public async RevokeConsent(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'consent:RevokeConsent', request, async (call) => {
      const current = await ownConsent(call);
      const consent = revoke(current, call.ledger, optionalString(call.fields, 'reason', 1000));
      await putRevoked(call.store, current, consent);
      return changed(call.ledger, { consent });
    });
  }

  /** Readable by the company, the bank it names, and auditors. */
  @Transaction(false)
  @Returns('string')
  public async GetConsent(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(ctx, request, async ({ caller, fields, store, ledger }) => {
      const consent = await store.requireConsent(requireString(fields, 'consentId', 128));
      requireConsentReader(caller, consent);
      return { consent: viewConsent(consent, ledger.txTime) };
    });
  }

  @Transaction(false)
  @Returns('string')
  public async ListConsentsByCompany(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(ctx, request, async ({ caller, fields, store, ledger }) => {
      const reader = requireRole(caller, ['company', 'auditor'], 'list a company’s consents');
      const uscc = parseUscc(fields.uscc);
      if (reader.role === 'company') {
        requireOwnCompany(reader, uscc);
      }
      const page = await store.pageConsents('byCompany', uscc, parsePage(fields));
      return { ...page, items: page.items.map((consent) => viewConsent(consent, ledger.txTime)) };
    });
  }

  @Transaction(false)
  @Returns('string')
  public async ListConsentsByBank(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(ctx, request, async ({ caller, fields, store, ledger }) => {
      const reader = requireRole(caller, ['bank', 'auditor'], 'list a bank’s consents');
      const bankMspId = parseBankMspId(fields.bankMspId);
      if (reader.role === 'bank' && reader.mspId !== bankMspId) {
        fail('NOT_AUTHORIZED', `a bank lists only its own consents (${reader.mspId})`);
      }
      const page = await store.pageConsents('byBank', bankMspId, parsePage(fields));
      return { ...page, items: page.items.map((consent) => viewConsent(consent, ledger.txTime)) };
    });
  }
}

/** Every category must be in the catalog and the company registered. */
async function checkTerms(store: CreditStore, terms: ConsentTerms): Promise<ConsentTerms> {
  for (const category of terms.categories) {
    await store.requireCategory(category);
  }
  await store.requireCompany(terms.uscc);
  return terms;
}

async function checkReplacement(
  store: CreditStore,
  consent: Consent,
  now: string,
): Promise<Consent | undefined> {
  if (consent.replacesConsentId === undefined) {
    return undefined;
  }
  const replaced = await store.requireConsent(consent.replacesConsentId);
  requireReplaceable(replaced, consent, now);
  return replaced;
}

/** Authorising a replacement revokes the consent it replaces. */
async function replaceOld(store: CreditStore, consent: Consent, ledger: LedgerPort): Promise<void> {
  const replaced = await checkReplacement(store, consent, ledger.txTime);
  if (replaced !== undefined) {
    await putRevoked(store, replaced, revoke(replaced, ledger, `replaced by ${consent.consentId}`));
  }
}

/** A revoked request also leaves the bank's pending quota. */
function putRevoked(store: CreditStore, before: Consent, revoked: Consent): Promise<void> {
  return before.status === 'requested' ? store.putDecidedRequest(revoked) : store.putConsent(revoked);
}

/**
 * The bank may have only so many open requests to one company. Requests that expired undecided are dropped
 * from the count here, so the pending keys never outgrow the quota.
 */
async function requirePendingRoom(store: CreditStore, consent: Consent, now: string): Promise<void> {
  const { bankMspId, uscc } = consent;
  const pending = await store.listPendingRequests(
    bankMspId,
    uscc,
    LIMITS.maxPendingConsentRequestsPerCompany,
  );
  const { open, expired } = splitPendingRequests(pending, now);
  requirePendingRequestRoom(open.length, bankMspId, uscc);
  await store.dropPendingRequests(
    bankMspId,
    uscc,
    expired.map((request) => request.consentId),
  );
}

/** The consent named in the request, which the calling company must own. */
async function ownConsent({ caller, fields, store }: Call): Promise<Consent> {
  const company = requireRole(caller, ['company'], 'decide on consents');
  const consent = await store.requireConsent(requireString(fields, 'consentId', 128));
  requireOwnCompany(company, parseUscc(consent.uscc));
  return consent;
}

function requireConsentReader(caller: Caller, consent: Consent): void {
  const reader = requireRole(caller, ['company', 'bank', 'auditor'], 'read consents');
  const isOwner =
    reader.role === 'auditor' ||
    (reader.role === 'company' && reader.uscc === consent.uscc) ||
    (reader.role === 'bank' && reader.mspId === consent.bankMspId);
  if (!isOwner) {
    fail('NOT_AUTHORIZED', `consent ${consent.consentId} belongs to another company or bank`);
  }
}

function changed(ledger: LedgerPort, response: ConsentResponse): ConsentResponse {
  const { consent } = response;
  const event = {
    consentId: consent.consentId,
    uscc: consent.uscc,
    bankMspId: consent.bankMspId,
    status: consent.status,
    txId: ledger.txId,
  };
  ledger.setEvent(EVENT_NAMES.ConsentChanged, canonicalJson(event));
  return response;
}
