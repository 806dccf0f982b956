import type { Objection, ObjectionStatus } from '@sme-credit-ledger/contract';
import type { PageOptions } from '../domain/input';
import type { CreditStore } from './credit-store';
import { pageFilteredFamily } from './filtered-scan';
import { KEY_PREFIXES as K } from './keys';
import type { LedgerPort } from './ledger-port';

type ObjectionPage = { items: Objection[]; bookmark: string };

const hasStatus = (objection: Objection, status: ObjectionStatus | undefined): boolean =>
  status === undefined || objection.status === status;

/**
 * One page of the objections about a department's records (the attesting department is the one that
 * resolves them), in objection-id order, scanned as filtered-scan.ts says: a page may be short while the
 * bookmark is not empty.
 */
export function pageDepartmentObjections(
  ledger: LedgerPort,
  department: string,
  status: ObjectionStatus | undefined,
  page: PageOptions,
): Promise<ObjectionPage> {
  return pageFilteredFamily<Objection>(
    ledger,
    K.objection,
    page,
    (objection) => objection.department === department && hasStatus(objection, status),
  );
}

/** One page of a company's objections through its index; a status filter can make the page short. */
export async function pageCompanyObjections(
  store: CreditStore,
  uscc: string,
  status: ObjectionStatus | undefined,
  page: PageOptions,
): Promise<ObjectionPage> {
  const ids = await store.ledger.listPage(K.objectionByCompany, [uscc], page);
  const objections = await Promise.all(
    ids.items.map((entry) => store.requireObjection(JSON.parse(entry.value) as string)),
  );
  return { items: objections.filter((objection) => hasStatus(objection, status)), bookmark: ids.bookmark };
}
