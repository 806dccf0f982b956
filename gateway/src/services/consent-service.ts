import {
  type Consent,
  type ConsentResponse,
  type ConsentTerms,
  invocationName,
  type Page,
} from '@sme-credit-ledger/contract';
import { ApiError } from '../errors/problem';
import type { CatalogCache } from './catalog-cache';
import { type Caller, companyUscc, requireRole } from './caller';
import type { CreditLedger, Submitted } from './credit-ledger';
import { submitAfterCommitElsewhere } from './read-after-commit';
import { parseUscc } from './uscc';

/** Consent terms as a caller sends them; the company comes from the path or the caller's identity. */
export type ConsentTermsInput = Omit<ConsentTerms, 'uscc'>;

export type ConsentDecision = 'authorise' | 'reject' | 'revoke';

export interface ConsentOutcome extends ConsentResponse {
  txId: string;
  blockNumber: string;
}

const DECISIONS = {
  authorise: 'AuthoriseConsent',
  reject: 'RejectConsent',
  revoke: 'RevokeConsent',
} as const;

/** Consent life cycle: banks request, companies grant, authorise, reject and revoke; both list theirs. */
export class ConsentService {
  constructor(
    private readonly ledger: CreditLedger,
    private readonly catalog: CatalogCache,
  ) {}

  /** A bank asks a company for consent. @throws FORBIDDEN, INVALID_USCC, UNKNOWN_CATEGORY, NOT_FOUND … */
  async request(
    caller: Caller,
    uscc: string,
    terms: ConsentTermsInput,
    requestId: string,
  ): Promise<ConsentOutcome> {
    requireRole(caller, ['bank'], 'request consent');
    const company = parseUscc(uscc, '/uscc');
    await this.checkCategories(caller, terms.categories);
    return outcome(
      await this.ledger.submit(caller, 'consent:RequestConsent', {
        requestId,
        uscc: company,
        ...terms,
      }),
    );
  }

  /** A company grants consent to a bank without a prior request. */
  async grant(
    caller: Caller,
    bankMspId: string,
    terms: ConsentTermsInput,
    requestId: string,
  ): Promise<ConsentOutcome> {
    requireRole(caller, ['company'], 'grant consent');
    await this.checkCategories(caller, terms.categories);
    return outcome(
      await this.ledger.submit(caller, 'consent:GrantConsent', {
        requestId,
        uscc: companyUscc(caller),
        bankMspId,
        ...terms,
      }),
    );
  }

  /** A company answers a request (authorise or reject) or revokes a consent it gave. */
  async decide(
    caller: Caller,
    consentId: string,
    decision: ConsentDecision,
    requestId: string,
    reason?: string,
  ): Promise<ConsentOutcome> {
    requireRole(caller, ['company'], `${decision} consent`);
    return outcome(
      await submitAfterCommitElsewhere(() =>
        this.ledger.submit(caller, invocationName('consent', DECISIONS[decision]), {
          requestId,
          consentId,
          ...(reason === undefined ? {} : { reason }),
        }),
      ),
    );
  }

  async get(caller: Caller, consentId: string): Promise<ConsentResponse> {
    return this.ledger.evaluate(caller, 'consent:GetConsent', {
      consentId,
    });
  }

  /**
   * Companies list their own consents, banks the consents given to them; auditors choose by `uscc` or
   * `bankMspId`.
   */
  async list(
    caller: Caller,
    filter: { uscc?: string; bankMspId?: string; pageSize?: number; bookmark?: string },
  ): Promise<Page<Consent>> {
    requireRole(caller, ['company', 'bank', 'auditor'], 'list consents');
    const page = {
      ...(filter.pageSize === undefined ? {} : { pageSize: filter.pageSize }),
      ...(filter.bookmark === undefined ? {} : { bookmark: filter.bookmark }),
    };
    if (caller.role === 'company' || (caller.role === 'auditor' && filter.uscc !== undefined)) {
      const uscc = caller.role === 'company' ? companyUscc(caller) : parseUscc(filter.uscc ?? '', '/uscc');
      return this.ledger.evaluate(caller, 'consent:ListConsentsByCompany', {
        uscc,
        ...page,
      });
    }
    const bankMspId = caller.role === 'bank' ? caller.mspId : filter.bankMspId;
    if (bankMspId === undefined) {
      throw new ApiError('VALIDATION_FAILED', 'auditors list consents by uscc or bankMspId', {
        field: '/uscc',
      });
    }
    return this.ledger.evaluate(caller, 'consent:ListConsentsByBank', {
      bankMspId,
      ...page,
    });
  }

  private async checkCategories(caller: Caller, categories: string[]): Promise<void> {
    for (const [index, code] of categories.entries()) {
      await this.catalog.require(caller, code, `/categories/${index}`);
    }
  }
}

function outcome({ response, txId, blockNumber }: Submitted<ConsentResponse>): ConsentOutcome {
  return { ...response, txId, blockNumber };
}
