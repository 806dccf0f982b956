import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
  EVENT_NAMES,
  TRANSIENT_FIELDS,
  type CompanyRegistration,
  type RegisterCompaniesResponse,
} from '@sme-credit-ledger/contract';
import { canonicalJson } from '../domain/canonical-json';
import { fail } from '../domain/errors';
import { requireRole } from '../domain/roles';
import { parseRegistrationBatch, registrationOf, requireSamr } from '../domain/registration-rules';
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
        const department = requireSamr(requireRole(caller, ['department'], 'register companies'));
        const uscc = parseUscc(fields.uscc);
        if ((await store.getCompany(uscc)) !== undefined) {
          fail('CONFLICT', `company ${uscc} is already registered`);
        }
        const company: CompanyRegistration = registrationOf(uscc, department.dept, ledger);
        await store.putCompany(company);
        // Banks' transactions check registration in the platform index, under the company's pseudonym.
        await business.pseudonyms.ensure(ledger.transient(TRANSIENT_FIELDS.pseudonymSeed));
        await business.markRegistered(uscc);
        ledger.setEvent(EVENT_NAMES.CompanyRegistered, canonicalJson({ uscc, txId: ledger.txId }));
        return { company };
      },
    );
  }

  /**
   * SAMR's bulk onboarding (a province has millions of companies): up to LIMITS.maxRegistrationBatch codes
   * in one transaction. Every code is checked, and none may be registered yet, before anything is written.
   */
  @Transaction()
  @Returns('string')
  public async RegisterCompanies(ctx: CreditContext, request: string): Promise<string> {
    return submit(
      ctx,
      'company:RegisterCompanies',
      request,
      async ({ caller, fields, store, business, ledger }) => {
        const department = requireSamr(requireRole(caller, ['department'], 'register companies'));
        const codes = parseRegistrationBatch(fields.usccs);
        const existing = await store.getCompanies(codes);
        const taken = codes.filter((_, i) => existing[i] !== undefined);
        if (taken.length > 0) {
          fail(
            'CONFLICT',
            `already registered: ${taken.slice(0, 5).join(', ')}${taken.length > 5 ? ' …' : ''}`,
          );
        }
        await business.pseudonyms.ensure(ledger.transient(TRANSIENT_FIELDS.pseudonymSeed));
        await store.putCompanies(codes.map((uscc) => registrationOf(uscc, department.dept, ledger)));
        await business.markRegisteredMany(codes);
        const summary = { count: codes.length, txId: ledger.txId };
        ledger.setEvent(EVENT_NAMES.CompaniesRegistered, canonicalJson(summary));
        const response: RegisterCompaniesResponse = {
          ...summary,
          registeredByDept: department.dept,
          registeredAt: ledger.txTime,
        };
        return response;
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
