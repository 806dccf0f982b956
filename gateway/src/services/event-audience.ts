import { EVENT_NAMES } from '@sme-credit-ledger/contract';
import type { CatalogCache } from './catalog-cache';
import type { Caller } from './caller';
import type { CreditLedger } from './credit-ledger';

type Payload = Record<string, unknown>;

/** How many record ids a company's stream remembers as its own or not, so each is asked about once. */
const REMEMBERED_RECORDS = 500;

/**
 * Whether an event is a company's or a department's own. Deny by default.
 *
 * Public events name their company or department in the payload (every block holds them anyway): a
 * company sees attestations of, objections about and erasures of its own records; a department its own
 * attestations and batches, and objections about categories it attests. Consent, access and application
 * events name only the record id and its bank (a block must not link a company to a bank), so for those
 * the company's own identity asks the chaincode for the record: the chaincode answers only its owner, and
 * whatever else it answers (refusal, not found, an error) means not delivered. Each answer is kept for the
 * stream's life, since a record's company never changes.
 */
export class EventAudience {
  private readonly owned = new Map<string, boolean>();

  constructor(
    private readonly caller: Caller,
    private readonly ledger: CreditLedger,
    private readonly catalog: CatalogCache,
  ) {}

  async includes(name: string, payload: Payload): Promise<boolean> {
    if (this.caller.role === 'company') {
      return this.companyIncludes(name, payload);
    }
    if (this.caller.role === 'department') {
      return this.departmentIncludes(name, payload);
    }
    return false;
  }

  private async companyIncludes(name: string, payload: Payload): Promise<boolean> {
    switch (name) {
      case EVENT_NAMES.AttestationRecorded:
      case EVENT_NAMES.ObjectionChanged:
      case EVENT_NAMES.RawRecordsErased:
        return this.caller.uscc !== undefined && payload.uscc === this.caller.uscc;
      case EVENT_NAMES.ConsentChanged:
        return this.isOwn(payload.consentId, (consentId) =>
          this.ledger.evaluate(this.caller, 'consent:GetConsent', { consentId }),
        );
      case EVENT_NAMES.AccessRecorded:
        return this.isOwn(payload.accessId, (accessId) =>
          this.ledger.evaluate(this.caller, 'access:GetAccess', { accessId }),
        );
      case EVENT_NAMES.ApplicationChanged:
        return this.isOwn(payload.applicationId, (applicationId) =>
          this.ledger.evaluate(this.caller, 'application:GetApplication', { applicationId }),
        );
      default:
        return false;
    }
  }

  private async departmentIncludes(name: string, payload: Payload): Promise<boolean> {
    const dept = this.caller.dept;
    switch (name) {
      case EVENT_NAMES.AttestationRecorded:
      case EVENT_NAMES.AttestationBatchRecorded:
        return dept !== undefined && payload.department === dept;
      case EVENT_NAMES.ObjectionChanged: {
        if (dept === undefined || typeof payload.category !== 'string') {
          return false;
        }
        const categories = await this.catalog.list(this.caller);
        return categories.some((c) => c.code === payload.category && c.departments.includes(dept));
      }
      default:
        return false;
    }
  }

  private async isOwn(id: unknown, read: (id: string) => Promise<unknown>): Promise<boolean> {
    if (typeof id !== 'string' || id === '') {
      return false;
    }
    const known = this.owned.get(id);
    if (known !== undefined) {
      return known;
    }
    const own = await read(id).then(
      () => true,
      () => false,
    );
    if (this.owned.size >= REMEMBERED_RECORDS) {
      this.owned.clear();
    }
    this.owned.set(id, own);
    return own;
  }
}

/** The events a company or department stream may carry (before EventAudience decides whose each is). */
export const PARTY_EVENTS: readonly string[] = [
  EVENT_NAMES.AttestationRecorded,
  EVENT_NAMES.AttestationBatchRecorded,
  EVENT_NAMES.ObjectionChanged,
  EVENT_NAMES.RawRecordsErased,
  EVENT_NAMES.ConsentChanged,
  EVENT_NAMES.AccessRecorded,
  EVENT_NAMES.ApplicationChanged,
];
