import { Info, Returns, Transaction } from 'fabric-contract-api';
import { EVENT_NAMES, type Consent, type ConsentResponse } from '@sme-credit-ledger/contract';
import { canonicalJson } from '../domain/canonical-json';
import {
  authorise,
  grant,
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
import type { BusinessStore, PendingRequest } from '../ledger/business-store';
import type { CreditStore } from '../ledger/credit-store';
import type { LedgerPort } from '../ledger/ledger-port';
import { CreditContext, CreditContract } from './credit-context';
import { evaluate, submit, type Call } from './transaction';

/**
 * Company consent to bank reads: requested by a bank, authorised or rejected by the company (or granted
 * directly), revoked by the company, expired by transaction time, consumed at its usage limit. Every
 * transaction here is confidential (contract/src/confidential.ts): consents live in the bank's private collection.
 */
@Info({ title: 'ConsentContract', description: 'Company consents for bank access to attested categories' })
export class ConsentContract extends CreditContract {
  constructor() {
    super('consent');
  }

  @Transaction()
  @Returns('string')
  public async RequestConsent(ctx: CreditContext, request: string): Promise<string> {
    return submit(
      ctx,
      'consent:RequestConsent',
      request,
      async ({ caller, fields, store, business, ledger }) => {
        const bank = requireRole(caller, ['bank'], 'request consents');
        const terms = await checkTerms(store, business, parseConsentTerms(fields, ledger.txTime));
        const consent = newConsent(terms, bank.mspId, 'requested', ledger);
        await checkReplacement(business, consent, ledger.txTime);
        await business.putNewConsent(consent, await openPendingRequests(business, consent, ledger.txTime));
        return changed(ledger, { consent });
      },
    );
  }

  /** A company authorises a bank directly, without a prior request. */
  @Transaction()
  @Returns('string')
  public async GrantConsent(ctx: CreditContext, request: string): Promise<string> {
    return submit(
      ctx,
      'consent:GrantConsent',
      request,
      async ({ caller, fields, store, business, ledger }) => {
        const company = requireRole(caller, ['company'], 'grant consents');
        const terms = await checkTerms(store, business, parseConsentTerms(fields, ledger.txTime));
        requireOwnCompany(company, terms.uscc);
        const bankMspId = parseBankMspId(fields.bankMspId);
        await business.requireBank(bankMspId, 'VALIDATION_FAILED');
        const granted = grant(newConsent(terms, bankMspId, 'authorised', ledger), ledger);
        await replaceOld(business, granted.consent, ledger);
        await business.putNewConsent(granted.consent, []);
        return changed(ledger, granted);
      },
    );
  }

  @Transaction()
  @Returns('string')
  public async AuthoriseConsent(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'consent:AuthoriseConsent', request, async (call) => {
      const consent = await ownConsent(call);
      const authorised = authorise(consent, call.ledger);
      await replaceOld(call.business, authorised.consent, call.ledger);
      await call.business.putDecidedRequest(authorised.consent);
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
      await call.business.putDecidedRequest(consent);
      return changed(call.ledger, { consent });
    });
  }

  @Transaction()
  @Returns('string')
  public async RevokeConsent(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'consent:RevokeConsent', request, async (call) => {
      const current = await ownConsent(call);
      const consent = revoke(current, call.ledger, optionalString(call.fields, 'reason', 1000));
      await putRevoked(call.business, current, consent);
      return changed(call.ledger, { consent });
    });
  }

  /** Readable by the company, the bank it names, and auditors. */
  @Transaction(false)
  @Returns('string')
  public async GetConsent(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, business, ledger }) => {
        const consentId = requireString(fields, 'consentId', 128);
        const reader = requireRole(caller, ['company', 'bank', 'auditor'], 'read consents');
        // A bank reads its own collection only; Fabric refuses it another bank's (member-only read).
        const consent = await business.requireConsent(
          consentId,
          reader.role === 'bank' ? reader.mspId : undefined,
        );
        requireConsentReader(reader, consent);
        return { consent: viewConsent(consent, ledger.txTime) };
      },
      'consent:GetConsent',
    );
  }

  @Transaction(false)
  @Returns('string')
  public async ListConsentsByCompany(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, business, ledger }) => {
        const reader = requireRole(caller, ['company', 'auditor'], 'list a company’s consents');
        const uscc = parseUscc(fields.uscc);
        if (reader.role === 'company') {
          requireOwnCompany(reader, uscc);
        }
        const page = await business.pageConsentsByCompany(uscc, parsePage(fields));
        return { ...page, items: page.items.map((consent) => viewConsent(consent, ledger.txTime)) };
      },
      'consent:ListConsentsByCompany',
    );
  }

  @Transaction(false)
  @Returns('string')
  public async ListConsentsByBank(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, business, ledger }) => {
        const reader = requireRole(caller, ['bank', 'auditor'], 'list a bank’s consents');
        const bankMspId = parseBankMspId(fields.bankMspId);
        if (reader.role === 'bank' && reader.mspId !== bankMspId) {
          fail('NOT_AUTHORIZED', `a bank lists only its own consents (${reader.mspId})`);
        }
        await business.requireBank(bankMspId, 'VALIDATION_FAILED');
        const page = await business.pageConsentsByBank(bankMspId, parsePage(fields));
        return { ...page, items: page.items.map((consent) => viewConsent(consent, ledger.txTime)) };
      },
      'consent:ListConsentsByBank',
    );
  }
}

/**
 * Every category must be in the catalog and the company registered. The whole catalog is read, and the
 * registration from the platform index: a read of `category/TAX` or `company/<uscc>` would name in the block
 * what the bank asks for and of whom.
 */
async function checkTerms(
  store: CreditStore,
  business: BusinessStore,
  terms: ConsentTerms,
): Promise<ConsentTerms> {
  const catalog = new Set((await store.listCategories()).map((category) => category.code));
  for (const category of terms.categories) {
    if (!catalog.has(category)) {
      fail('UNKNOWN_CATEGORY', `category ${category} is not in the catalog; see catalog:ListCategories`);
    }
  }
  await business.requireRegistered(terms.uscc);
  return terms;
}

async function checkReplacement(
  business: BusinessStore,
  consent: Consent,
  now: string,
): Promise<Consent | undefined> {
  if (consent.replacesConsentId === undefined) {
    return undefined;
  }
  const replaced = await business.requireConsent(consent.replacesConsentId, consent.bankMspId);
  requireReplaceable(replaced, consent, now);
  return replaced;
}

/** Authorising a replacement revokes the consent it replaces. */
async function replaceOld(business: BusinessStore, consent: Consent, ledger: LedgerPort): Promise<void> {
  const replaced = await checkReplacement(business, consent, ledger.txTime);
  if (replaced !== undefined) {
    await putRevoked(business, replaced, revoke(replaced, ledger, `replaced by ${consent.consentId}`));
  }
}

/** A revoked request also leaves the bank's pending quota. */
function putRevoked(business: BusinessStore, before: Consent, revoked: Consent): Promise<void> {
  return before.status === 'requested' ? business.putDecidedRequest(revoked) : business.putConsent(revoked);
}

/**
 * The bank may have only so many open requests to one company; expired ones are dropped from the list here,
 * so it never outgrows the quota. Returns the open ones the new request joins.
 */
async function openPendingRequests(
  business: BusinessStore,
  consent: Consent,
  now: string,
): Promise<PendingRequest[]> {
  const { bankMspId, uscc } = consent;
  const { open } = splitPendingRequests(await business.listPendingRequests(bankMspId, uscc), now);
  requirePendingRequestRoom(open.length, bankMspId, uscc);
  return open;
}

/** The consent named in the request, which the calling company must own. */
async function ownConsent({ caller, fields, business }: Call): Promise<Consent> {
  const company = requireRole(caller, ['company'], 'decide on consents');
  const consent = await business.requireConsent(requireString(fields, 'consentId', 128));
  requireOwnCompany(company, parseUscc(consent.uscc));
  return consent;
}

function requireConsentReader(reader: Caller, consent: Consent): void {
  const isOwner =
    reader.role === 'auditor' ||
    (reader.role === 'company' && reader.uscc === consent.uscc) ||
    (reader.role === 'bank' && reader.mspId === consent.bankMspId);
  if (!isOwner) {
    fail('NOT_AUTHORIZED', `consent ${consent.consentId} belongs to another company or bank`);
  }
}

/** The event names the consent and its bank only: every peer's block keeps it. */
function changed(ledger: LedgerPort, response: ConsentResponse): ConsentResponse {
  const { consent } = response;
  const event = { consentId: consent.consentId, bankMspId: consent.bankMspId, txId: ledger.txId };
  ledger.setEvent(EVENT_NAMES.ConsentChanged, canonicalJson(event));
  return response;
}
