import { Info, Returns, Transaction } from 'fabric-contract-api';
import type { ObjectionStatus } from '@sme-credit-ledger/contract';
import { fail } from '../domain/errors';
import { parsePage } from '../domain/input';
import { requireRole } from '../domain/roles';
import { pageDepartmentAttestations } from '../ledger/department-attestations';
import { FinancingStore } from '../ledger/financing-store';
import { pageCompanyObjections, pageDepartmentObjections } from '../ledger/own-objections';
import { CreditContext, CreditContract } from './credit-context';
import { evaluate } from './transaction';

/**
 * Each party's own lists. None takes a party: the department, bank or company is the caller's certificate,
 * so no argument can name another's (a bank never learns another bank's accesses).
 */
@Info({
  title: 'OwnContract',
  description:
    'A department lists its attestations and the objections to them, a bank its accesses, a company its erasures, objections and applications',
})
export class OwnContract extends CreditContract {
  constructor() {
    super('own');
  }

  @Transaction(false)
  @Returns('string')
  public async ListOwnAttestations(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, ledger }) => {
        const department = requireRole(caller, ['department'], 'list their own attestations');
        return pageDepartmentAttestations(ledger, department.dept, parsePage(fields));
      },
      'own:ListOwnAttestations',
    );
  }

  /** Confidential: the bank's accesses are its business, so the answer is sealed even if submitted. */
  @Transaction(false)
  @Returns('string')
  public async ListOwnAccess(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, business }) => {
        const bank = requireRole(caller, ['bank'], 'list their own accesses');
        return business.pageAccessByBank(bank.mspId, parsePage(fields));
      },
      'own:ListOwnAccess',
    );
  }

  @Transaction(false)
  @Returns('string')
  public async ListOwnErasures(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, store }) => {
        const company = requireRole(caller, ['company'], 'list their own erasures');
        return { items: await store.listErasures(company.uscc) };
      },
      'own:ListOwnErasures',
    );
  }

  /** A department: the objections about the records it attested (it resolves them). A company: those it raised. */
  @Transaction(false)
  @Returns('string')
  public async ListOwnObjections(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, ledger, store }) => {
        const party = requireRole(caller, ['department', 'company'], 'list their own objections');
        const status = parseStatus(fields.status);
        const page = parsePage(fields);
        return party.role === 'department'
          ? pageDepartmentObjections(ledger, party.dept, status, page)
          : pageCompanyObjections(store, party.uscc, status, page);
      },
      'own:ListOwnObjections',
    );
  }

  /** Confidential: every bank's collection is read (on a gov peer) and the answer is sealed to the company. */
  @Transaction(false)
  @Returns('string')
  public async ListOwnApplications(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, ledger, business }) => {
        const company = requireRole(caller, ['company'], 'list their own applications');
        return new FinancingStore(ledger, business).pageApplicationsByCompany(
          company.uscc,
          parsePage(fields),
        );
      },
      'own:ListOwnApplications',
    );
  }
}

function parseStatus(value: unknown): ObjectionStatus | undefined {
  return value === undefined || value === 'open' || value === 'corrected' || value === 'rejected'
    ? value
    : fail('VALIDATION_FAILED', 'status must be open, corrected or rejected');
}
