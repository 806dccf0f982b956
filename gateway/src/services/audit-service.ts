import {
  type AccessRecord,
  type AttestationHistory,
  type Consent,
  type Objection,
  type ObjectionResponse,
  type Page,
  type PageRequest,
  type VerifyRecordResponse,
  type ErasureRecord,
  TRANSIENT_FIELDS,
} from '@sme-credit-ledger/contract';
import { ApiError } from '../errors/problem';
import { type Caller, companyUscc, requireRole } from './caller';
import type { CreditLedger } from './credit-ledger';
import { parseUscc } from './uscc';

export interface AccessFilter {
  uscc?: string;
  bankMspId?: string;
  from?: string;
  to?: string;
  pageSize?: number;
  bookmark?: string;
}

/** Companies see their own trail; auditors see everyone's. */
function requireOwnOrAuditor(caller: Caller, uscc: string, what: string): void {
  requireRole(caller, ['auditor', 'company'], what);
  if (caller.role === 'company' && companyUscc(caller) !== uscc) {
    throw new ApiError('FORBIDDEN', `company ${companyUscc(caller)} cannot ${what} of ${uscc}`);
  }
}

/** Histories, access logs and record verification for auditors (and companies for their own data). */
export class AuditService {
  constructor(private readonly ledger: CreditLedger) {}

  async attestationHistory(caller: Caller, uscc: string, category?: string): Promise<AttestationHistory> {
    const company = parseUscc(uscc, '/uscc');
    requireRole(caller, ['auditor'], 'read the attestation history');
    return this.ledger.evaluate(caller, 'audit:GetAttestationHistory', {
      uscc: company,
      ...(category === undefined ? {} : { category }),
    });
  }

  /** One page of a company's consents; follow `bookmark` for the rest (the chaincode no longer caps it). */
  async consentHistory(caller: Caller, uscc: string, page: PageRequest = {}): Promise<Page<Consent>> {
    const company = parseUscc(uscc, '/uscc');
    requireRole(caller, ['auditor'], 'read the consent history');
    return this.ledger.evaluate(caller, 'audit:GetConsentHistory', {
      uscc: company,
      ...pageFields(page),
    });
  }

  async objections(caller: Caller, uscc: string): Promise<{ items: Objection[] }> {
    const company = parseUscc(uscc, '/uscc');
    requireOwnOrAuditor(caller, company, 'list objections');
    return this.ledger.evaluate(caller, 'audit:ListObjections', { uscc: company });
  }

  /** Auditors by company, by bank, or by time range [from, to); companies and banks see their own. */
  async accessLog(caller: Caller, filter: AccessFilter): Promise<Page<AccessRecord>> {
    requireRole(caller, ['auditor', 'company', 'bank'], 'read the access log');
    const page = pageFields(filter);
    requireOneAccessFilter(filter);
    if (caller.role === 'bank') {
      requireOwnBankFilter(caller, filter);
      return this.ledger.evaluate(caller, 'own:ListOwnAccess', page);
    }
    if (caller.role === 'company') {
      return this.ledger.evaluate(caller, 'audit:ListAccessByCompany', {
        uscc: companyUscc(caller),
        ...page,
      });
    }
    if (filter.uscc !== undefined) {
      return this.ledger.evaluate(caller, 'audit:ListAccessByCompany', {
        uscc: parseUscc(filter.uscc, '/uscc'),
        ...page,
      });
    }
    if (filter.bankMspId !== undefined) {
      return this.ledger.evaluate(caller, 'audit:ListAccessByBank', {
        bankMspId: filter.bankMspId,
        ...page,
      });
    }
    if (filter.from !== undefined && filter.to !== undefined) {
      return this.ledger.evaluate(caller, 'audit:ListAccessByTimeRange', {
        from: filter.from,
        to: filter.to,
        ...page,
      });
    }
    throw new ApiError('VALIDATION_FAILED', 'filter the access log by uscc, bankMspId, or from and to', {
      field: '/uscc',
    });
  }

  /** Checks a raw record and salt against the ledger; the record travels as transient data. */
  async verifyRecord(
    caller: Caller,
    input: { uscc: string; category: string; record: Record<string, unknown>; salt: string },
  ): Promise<VerifyRecordResponse> {
    requireOwnOrAuditor(caller, parseUscc(input.uscc, '/uscc'), 'verify records');
    return this.ledger.evaluate(
      caller,
      'audit:VerifyRecord',
      { uscc: parseUscc(input.uscc, '/uscc'), category: input.category },
      {
        transient: {
          [TRANSIENT_FIELDS.record]: JSON.stringify(input.record),
          [TRANSIENT_FIELDS.salt]: input.salt,
        },
      },
    );
  }
}

/** Objections (companies raise, departments resolve) and erasure requests (companies). */
export class ObjectionService {
  constructor(private readonly ledger: CreditLedger) {}

  async raise(
    caller: Caller,
    input: { category: string; version?: number; reason: string; evidenceHash: string },
    requestId: string,
  ): Promise<ObjectionResponse & { txId: string }> {
    requireRole(caller, ['company'], 'raise objections');
    const { response, txId } = await this.ledger.submit(caller, 'objection:RaiseObjection', {
      requestId,
      uscc: companyUscc(caller),
      ...input,
    });
    return { ...response, txId };
  }

  async resolve(
    caller: Caller,
    objectionId: string,
    input: { outcome: 'corrected' | 'rejected'; reason: string; correctedVersion?: number },
    requestId: string,
  ): Promise<ObjectionResponse & { txId: string }> {
    requireRole(caller, ['department'], 'resolve objections');
    const { response, txId } = await this.ledger.submit(caller, 'objection:ResolveObjection', {
      requestId,
      objectionId,
      ...input,
    });
    return { ...response, txId };
  }

  async get(caller: Caller, objectionId: string): Promise<ObjectionResponse> {
    return this.ledger.evaluate(caller, 'objection:GetObjection', { objectionId });
  }

  async requestErasure(
    caller: Caller,
    input: { categories: string[]; reason: string },
    requestId: string,
  ): Promise<{ erasure: ErasureRecord; txId: string }> {
    requireRole(caller, ['company'], 'request erasure');
    const { response, txId } = await this.ledger.submit(caller, 'attestation:EraseRawRecords', {
      requestId,
      uscc: companyUscc(caller),
      ...input,
    });
    return { erasure: response.erasure, txId };
  }
}

function pageFields(page: PageRequest): PageRequest {
  return {
    ...(page.pageSize === undefined ? {} : { pageSize: page.pageSize }),
    ...(page.bookmark === undefined ? {} : { bookmark: page.bookmark }),
  };
}

/**
 * A bank's log is its own accesses and nothing else: naming another bank is refused rather than answered
 * with the bank's own list, and the company and time indexes, which span every bank, are not offered.
 */
function requireOwnBankFilter(caller: Caller, filter: AccessFilter): void {
  if (filter.bankMspId !== undefined && filter.bankMspId !== caller.mspId) {
    throw new ApiError(
      'FORBIDDEN',
      `bank ${caller.mspId} sees only its own accesses, not ${filter.bankMspId}'s`,
    );
  }
  const other = filter.uscc !== undefined ? 'uscc' : filter.from !== undefined ? 'from' : undefined;
  if (other !== undefined) {
    throw new ApiError(
      'VALIDATION_FAILED',
      `a bank's access log is its own accesses, not filtered by ${other}`,
      {
        field: `/${other}`,
      },
    );
  }
}

/**
 * The access log has one index per filter (company, bank, time), so filters do not combine; refusing a
 * combination beats silently ignoring part of it. `from` and `to` go together.
 */
function requireOneAccessFilter(filter: AccessFilter): void {
  const range = filter.from !== undefined || filter.to !== undefined;
  if (range && (filter.from === undefined || filter.to === undefined)) {
    const missing = filter.from === undefined ? 'from' : 'to';
    throw new ApiError('VALIDATION_FAILED', `a time range needs both from and to; ${missing} is missing`, {
      field: `/${missing}`,
    });
  }
  const used = [
    ...(filter.uscc === undefined ? [] : ['uscc']),
    ...(filter.bankMspId === undefined ? [] : ['bankMspId']),
    ...(range ? ['from'] : []),
  ];
  if (used.length > 1) {
    throw new ApiError(
      'VALIDATION_FAILED',
      `filter the access log by one of uscc, bankMspId, or from and to; got ${used.join(' and ')}`,
      { field: `/${used[1] ?? ''}` },
    );
  }
}
