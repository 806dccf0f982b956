import type {
  AccessRecord,
  Application,
  Attestation,
  CompanyApplication,
  ErasureRecord,
  Objection,
  ObjectionStatus,
  Page,
  PageRequest,
} from '@sme-credit-ledger/contract';
import { type Caller, requireRole } from './caller';
import type { CreditLedger } from './credit-ledger';

/**
 * Each party's own lists (the chaincode's `own` contract). None takes a party: the caller's certificate
 * says whose list it is, so there is no argument through which to ask for another's.
 */
export class OwnListsService {
  constructor(private readonly ledger: CreditLedger) {}

  async attestations(caller: Caller, page: PageRequest): Promise<Page<Attestation>> {
    requireRole(caller, ['department'], 'list their own attestations');
    return this.ledger.evaluate(caller, 'own:ListOwnAttestations', pageFields(page));
  }

  /** The bank's accesses, refused ones included; confidential, so evaluated on the gov peer and sealed. */
  async access(caller: Caller, page: PageRequest): Promise<Page<AccessRecord>> {
    requireRole(caller, ['bank'], 'list their own accesses');
    return this.ledger.evaluate(caller, 'own:ListOwnAccess', pageFields(page));
  }

  async erasures(caller: Caller): Promise<{ items: ErasureRecord[] }> {
    requireRole(caller, ['company'], 'list their own erasures');
    return this.ledger.evaluate(caller, 'own:ListOwnErasures', {});
  }

  /** A department's: those about the records it attested. A company's: those it raised. */
  async objections(
    caller: Caller,
    query: PageRequest & { status?: ObjectionStatus },
  ): Promise<Page<Objection>> {
    requireRole(caller, ['department', 'company'], 'list their own objections');
    return this.ledger.evaluate(caller, 'own:ListOwnObjections', {
      ...(query.status === undefined ? {} : { status: query.status }),
      ...pageFields(query),
    });
  }

  /**
   * A company's applications to every bank (sealed, from a gov peer); a bank's to itself: the bank is the
   * caller's own MSP, never a parameter, so no bank reads another's through this route.
   */
  async applications(caller: Caller, page: PageRequest): Promise<Page<CompanyApplication | Application>> {
    requireRole(caller, ['company', 'bank'], 'list their own applications');
    if (caller.role === 'bank') {
      return this.ledger.evaluate(caller, 'application:ListApplicationsByBank', {
        bankMspId: caller.mspId,
        ...pageFields(page),
      });
    }
    return this.ledger.evaluate(caller, 'own:ListOwnApplications', pageFields(page));
  }
}

function pageFields(page: PageRequest): PageRequest {
  return {
    ...(page.pageSize === undefined ? {} : { pageSize: page.pageSize }),
    ...(page.bookmark === undefined ? {} : { bookmark: page.bookmark }),
  };
}
