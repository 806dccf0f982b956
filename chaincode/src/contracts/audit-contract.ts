import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
  TRANSIENT_FIELDS,
  type AttestationHistory,
  type VerifyRecordResponse,
} from '@sme-credit-ledger/contract';
import { findMatchingAttestation, parseRecordText, parseSalt } from '../domain/attestation-rules';
import { parseCategoryCode } from '../domain/catalog';
import { parseBankMspId, viewConsent } from '../domain/consent-rules';
import { fail } from '../domain/errors';
import { parsePage, requireIsoTime } from '../domain/input';
import { isDisputed } from '../domain/objection-rules';
import { requireCompanyOrAuditor, requireRole } from '../domain/roles';
import { parseUscc } from '../domain/uscc';
import { CreditContext, CreditContract } from './credit-context';
import { evaluate } from './transaction';

/** Read-only views for auditors: every history and log, never raw data. */
@Info({
  title: 'AuditContract',
  description: 'Auditor views of attestations, consents, access logs, objections',
})
export class AuditContract extends CreditContract {
  constructor() {
    super('audit');
  }

  @Transaction(false)
  @Returns('string')
  public async GetAttestationHistory(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, store }) => {
        requireRole(caller, ['auditor'], 'read attestation history');
        const uscc = parseUscc(fields.uscc);
        const category = fields.category === undefined ? undefined : parseCategoryCode(fields.category);
        const history: AttestationHistory = {
          uscc,
          attestations: await store.listAttestations(uscc, category),
          erasures: await store.listErasures(uscc),
        };
        return history;
      },
      'audit:GetAttestationHistory',
    );
  }

  /** One page of a company's consents in consent-id order; pageSize/bookmark like the other list calls. */
  @Transaction(false)
  @Returns('string')
  public async GetConsentHistory(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, business, ledger }) => {
        requireRole(caller, ['auditor'], 'read consent history');
        const page = await business.pageConsentsByCompany(parseUscc(fields.uscc), parsePage(fields));
        return { ...page, items: page.items.map((consent) => viewConsent(consent, ledger.txTime)) };
      },
      'audit:GetConsentHistory',
    );
  }

  @Transaction(false)
  @Returns('string')
  public async ListAccessByCompany(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, business }) => {
        const uscc = parseUscc(fields.uscc);
        requireCompanyOrAuditor(caller, uscc, 'list access records');
        return business.pageAccessByCompany(uscc, parsePage(fields));
      },
      'audit:ListAccessByCompany',
    );
  }

  @Transaction(false)
  @Returns('string')
  public async ListAccessByBank(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, business }) => {
        requireRole(caller, ['auditor'], 'list access records by bank');
        const bankMspId = parseBankMspId(fields.bankMspId);
        await business.requireBank(bankMspId, 'VALIDATION_FAILED');
        return business.pageAccessByBank(bankMspId, parsePage(fields));
      },
      'audit:ListAccessByBank',
    );
  }

  /** Access records with recordedAt in [from, to). */
  @Transaction(false)
  @Returns('string')
  public async ListAccessByTimeRange(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, business }) => {
        requireRole(caller, ['auditor'], 'list access records by time');
        const from = requireIsoTime(fields, 'from');
        const to = requireIsoTime(fields, 'to');
        if (to <= from) {
          fail('VALIDATION_FAILED', 'to must be after from');
        }
        return business.pageAccessByTime(from, to, parsePage(fields));
      },
      'audit:ListAccessByTimeRange',
    );
  }

  @Transaction(false)
  @Returns('string')
  public async ListObjections(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, store }) => {
        const uscc = parseUscc(fields.uscc);
        requireCompanyOrAuditor(caller, uscc, 'list objections');
        return { items: await store.listObjections(uscc) };
      },
      'audit:ListObjections',
    );
  }

  /** Transient `record` and `salt`: does any attestation of (company, category) match, at which tx and time? */
  @Transaction(false)
  @Returns('string')
  public async VerifyRecord(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, store, ledger }) => {
        const uscc = parseUscc(fields.uscc);
        requireCompanyOrAuditor(caller, uscc, 'verify records');
        const head = await store.requireHead(uscc, parseCategoryCode(fields.category));
        const canonical = parseRecordText(ledger.transient(TRANSIENT_FIELDS.record));
        const salt = parseSalt(ledger.transient(TRANSIENT_FIELDS.salt));
        const matched = findMatchingAttestation(
          await store.listAttestations(uscc, head.category),
          salt,
          canonical,
        );
        const response: VerifyRecordResponse = {
          uscc,
          category: head.category,
          match: matched !== undefined,
          ...(matched === undefined ? {} : { matched }),
          latestVersion: head.latestVersion,
          isLatest: matched?.version === head.latestVersion,
          disputed: isDisputed(head),
        };
        return response;
      },
      'audit:VerifyRecord',
    );
  }
}
