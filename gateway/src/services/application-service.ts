import {
  type Application,
  type ApplicationResponse,
  type AttestResponse,
  type MatchProductsResponse,
  type Page,
  type ProductEvaluation,
  type ProductType,
  TRANSIENT_FIELDS,
} from '@sme-credit-ledger/contract';
import { ApiError } from '../errors/problem';
import { deriveSalt, type SaltPolicy } from './attestation-service';
import { type Caller, requireRole } from './caller';
import type { CreditLedger, Submitted } from './credit-ledger';
import { submitAfterCommitElsewhere } from './read-after-commit';
import { requireOwnBank, type Recorded } from './product-service';
import { parseUscc } from './uscc';

export interface MatchFilter {
  categories?: string[];
  types?: ProductType[];
  bankMspId?: string;
  productIds?: string[];
  limit?: number;
}

export interface ApplyInput {
  evaluation: ProductEvaluation;
  evaluationTag: string;
  amountYuan: number;
  termMonths: number;
}

export interface DecisionInput {
  outcome: 'approved' | 'declined';
  amountYuan?: number;
  rateBps?: number;
  termMonths?: number;
  reasonCodes?: string[];
  accessIds?: string[];
}

export type ApplicationOutcome = ApplicationResponse & Recorded;

/**
 * Matching, applications, decisions and loan outcomes. Matching and applications travel sealed (confidential
 * rows of the contract's table; the ledger client seals them), so neither a block nor another bank sees them.
 */
export class ApplicationService {
  constructor(
    private readonly ledger: CreditLedger,
    private readonly salts: SaltPolicy,
  ) {}

  /** A company's own products ranked; the chaincode refuses another company's uscc (NOT_AUTHORIZED). */
  async match(caller: Caller, uscc: string, filter: MatchFilter): Promise<MatchProductsResponse> {
    requireRole(caller, ['company'], 'match products');
    return this.ledger.evaluate(caller, 'application:MatchProducts', {
      uscc: parseUscc(uscc, '/uscc'),
      ...filter,
    });
  }

  /** Applies with a match item's evaluation and tag; grants the product's consent in the same transaction. */
  async apply(caller: Caller, input: ApplyInput, requestId: string): Promise<ApplicationOutcome> {
    requireRole(caller, ['company'], 'apply for products');
    return outcome(await this.ledger.submit(caller, 'application:Apply', { requestId, ...input }));
  }

  /** Only the bank applied to decides, once (the chaincode: NOT_AUTHORIZED, CONFLICT). */
  async decide(
    caller: Caller,
    applicationId: string,
    decision: DecisionInput,
    requestId: string,
  ): Promise<ApplicationOutcome> {
    requireRole(caller, ['bank'], 'decide on applications');
    return outcome(
      await submitAfterCommitElsewhere(() =>
        this.ledger.submit(caller, 'application:DecideApplication', {
          requestId,
          applicationId,
          ...decision,
        }),
      ),
    );
  }

  async get(caller: Caller, applicationId: string): Promise<ApplicationResponse> {
    return this.ledger.evaluate(caller, 'application:GetApplication', { applicationId });
  }

  /** A bank lists its own applications, an auditor any bank's. */
  async listByBank(
    caller: Caller,
    bankMspId: string,
    page: { pageSize?: number; bookmark?: string },
  ): Promise<Page<Application>> {
    requireRole(caller, ['bank', 'auditor'], 'list a bank’s applications');
    requireOwnBank(caller, bankMspId, 'list applications');
    return this.ledger.evaluate(caller, 'application:ListApplicationsByBank', {
      bankMspId,
      ...(page.pageSize === undefined ? {} : { pageSize: page.pageSize }),
      ...(page.bookmark === undefined ? {} : { bookmark: page.bookmark }),
    });
  }

  /**
   * The lending bank reports a loan outcome: the raw record and a salt derived like a department's (see
   * deriveSalt) go as transient data; the answer carries the salt so the bank can prove the record later.
   */
  async reportLoanOutcome(
    caller: Caller,
    applicationId: string,
    record: Record<string, unknown>,
    requestId: string,
  ): Promise<AttestResponse & Recorded & { salt: string }> {
    requireRole(caller, ['bank'], 'report loan outcomes');
    const keys = await this.salts.keys();
    // Newest key first; an older key only replays a retry salted before the last rotation (CONFLICT otherwise).
    for (const [index, { key }] of keys.entries()) {
      const salt = deriveSalt(key, caller.key, requestId, 0);
      try {
        const { response, txId, blockNumber } = await this.ledger.submit(
          caller,
          'application:ReportLoanOutcome',
          { requestId, applicationId },
          { [TRANSIENT_FIELDS.record]: JSON.stringify(record), [TRANSIENT_FIELDS.salt]: salt },
        );
        return { ...response, salt, txId, blockNumber };
      } catch (error) {
        const last = index === keys.length - 1;
        if (last || !(error instanceof ApiError) || error.code !== 'CONFLICT') throw error;
      }
    }
    throw new ApiError('INTERNAL', 'no salt key configured');
  }
}

function outcome({ response, txId, blockNumber }: Submitted<ApplicationResponse>): ApplicationOutcome {
  return { ...response, txId, blockNumber };
}
