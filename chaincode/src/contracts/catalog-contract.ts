import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
  EVENT_NAMES,
  type DefineCategoryResponse,
  type LoadStarterCatalogResponse,
} from '@sme-credit-ledger/contract';
import { canonicalJson } from '../domain/canonical-json';
import { isSameCategory, parseCategory, parseCategoryCode, STARTER_CATALOG } from '../domain/catalog';
import { requireOutsideLenderNamespace } from '../domain/loan-outcomes';
import { requireRole } from '../domain/roles';
import { CreditContext, CreditContract } from './credit-context';
import { evaluate, submit } from './transaction';

/** Data categories: which departments may attest what. Administered by the gov catalog-admin. */
@Info({ title: 'CatalogContract', description: 'Data categories, their departments and schema versions' })
export class CatalogContract extends CreditContract {
  constructor() {
    super('catalog');
  }

  /** Writes the starter catalog shipped in code; categories already identical are left alone. */
  @Transaction()
  @Returns('string')
  public async LoadStarterCatalog(ctx: CreditContext, request: string): Promise<string> {
    return submit(
      ctx,
      'catalog:LoadStarterCatalog',
      request,
      async ({ caller, store, ledger }) => {
        requireRole(caller, ['catalog-admin'], 'load the catalog');
        const response: LoadStarterCatalogResponse = { defined: [], unchanged: [] };
        for (const category of STARTER_CATALOG) {
          const existing = await store.getCategory(category.code);
          const isSame = existing !== undefined && isSameCategory(existing, parseCategory(category));
          (isSame ? response.unchanged : response.defined).push(category.code);
          if (!isSame) {
            await store.putCategory(parseCategory(category));
          }
        }
        ledger.setEvent(EVENT_NAMES.CategoryDefined, canonicalJson({ codes: response.defined }));
        return response;
      },
      { idempotent: false },
    );
  }

  /** Defines or updates one category (idempotent: an identical definition writes nothing). */
  @Transaction()
  @Returns('string')
  public async DefineCategory(ctx: CreditContext, request: string): Promise<string> {
    return submit(
      ctx,
      'catalog:DefineCategory',
      request,
      async ({ caller, fields, store, ledger }) => {
        requireRole(caller, ['catalog-admin'], 'define categories');
        const category = parseCategory(fields.category);
        requireOutsideLenderNamespace(category.code);
        const existing = await store.getCategory(category.code);
        const changed = existing === undefined || !isSameCategory(existing, category);
        if (changed) {
          await store.putCategory(category);
          ledger.setEvent(EVENT_NAMES.CategoryDefined, canonicalJson({ codes: [category.code] }));
        }
        const response: DefineCategoryResponse = { category, changed };
        return response;
      },
      { idempotent: false },
    );
  }

  @Transaction(false)
  @Returns('string')
  public async GetCategory(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ fields, store }) => ({
        category: await store.requireCategory(parseCategoryCode(fields.code)),
      }),
      'catalog:GetCategory',
    );
  }

  @Transaction(false)
  @Returns('string')
  public async ListCategories(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ store }) => ({ items: await store.listCategories() }),
      'catalog:ListCategories',
    );
  }
}
