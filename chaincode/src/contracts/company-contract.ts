import { Info, Returns, Transaction } from 'fabric-contract-api';
import { EVENT_NAMES, TRANSIENT_FIELDS, type CompanyRegistration } from '@sme-credit-ledger/contract';
import { canonicalJson } from '../domain/canonical-json';
import { fail } from '../domain/errors';
import { requireRole } from '../domain/roles';
import { parseUscc } from '../domain/uscc';
import { CreditContext, CreditContract } from './credit-context';
import { evaluate, submit } from './transaction';

/** Company registrations by market regulation (SAMR): the code and when it was registered, nothing more. */
@Info({
  title: 'CompanyContract',
  description: 'Minimal company registrations (USCC, registration tx and time)',
})
export class CompanyContract extends CreditContract {
  constructor() {
    super('company');
  }

  @Transaction()
  @Returns('string')
  public async RegisterCompany(ctx: CreditContext, request: string): Promise<string> {
    return submit(
      ctx,
      'company:RegisterCompany',
      request,
      async ({ caller, fields, store, business, ledger }) => {
        const department = requireRole(caller, ['department'], 'register companies');
        if (department.dept !== 'SAMR') {
          fail('NOT_AUTHORIZED', `only market regulation (SAMR) registers companies, not ${department.dept}`);
        }
        const uscc = parseUscc(fields.uscc);
        if ((await store.getCompany(uscc)) !== undefined) {
          fail('CONFLICT', `company ${uscc} is already registered`);
        }
        const company: CompanyRegistration = {
          uscc,
          registeredByDept: department.dept,
          txId: ledger.txId,
          registeredAt: ledger.txTime,
        };
        await store.putCompany(company);
        // Banks' transactions check registration in the platform index, under the company's pseudonym.
        await business.pseudonyms.ensure(ledger.transient(TRANSIENT_FIELDS.pseudonymSeed));
        await business.markRegistered(uscc);
        ledger.setEvent(EVENT_NAMES.CompanyRegistered, canonicalJson({ uscc, txId: ledger.txId }));
        return { company };
      },
    );
  }

  @Transaction(false)
  @Returns('string')
  public async GetCompany(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ fields, store }) => ({ company: await store.requireCompany(parseUscc(fields.uscc)) }),
      'company:GetCompany',
    );
  }
}
