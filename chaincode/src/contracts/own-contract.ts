import { Info, Returns, Transaction } from 'fabric-contract-api';
import { parsePage } from '../domain/input';
import { requireRole } from '../domain/roles';
import { pageDepartmentAttestations } from '../ledger/department-attestations';
import { CreditContext, CreditContract } from './credit-context';
import { evaluate } from './transaction';

/**
 * Each party's own lists. None takes a party: the department, bank or company is the caller's certificate,
 * so no argument can name another's (a bank never learns another bank's accesses).
 */
@Info({
  title: 'OwnContract',
  description: 'A department lists its attestations, a bank its accesses, a company its erasures',
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
}
