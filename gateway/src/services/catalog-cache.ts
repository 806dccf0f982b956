import {
  type Category,
  type DefineCategoryResponse,
  type LoadStarterCatalogResponse,
} from '@sme-credit-ledger/contract';
import { ApiError } from '../errors/problem';
import { type Caller, requireRole } from './caller';
import type { CreditLedger } from './credit-ledger';

/** How long the category list is trusted before it is read again. */
const TTL_MS = 30_000;

/**
 * The data catalog, read from the ledger and cached briefly, so a request naming an unknown category is
 * refused with the field that is wrong before any transaction is endorsed. An unknown code triggers one
 * refresh first, so a category defined a moment ago is accepted.
 */
export class CatalogCache {
  private categories = new Map<string, Category>();
  private loadedAt = 0;
  /**
   * The read in progress: requests that find the list stale together share it instead of each reading.
   * ListCategories answers every member alike, so one caller's read serves the others.
   */
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly ledger: CreditLedger,
    private readonly now: () => number = Date.now,
  ) {}

  async list(caller: Caller): Promise<Category[]> {
    if (this.now() - this.loadedAt > TTL_MS) {
      await this.refresh(caller);
    }
    return [...this.categories.values()];
  }

  /** Writes the chaincode's starter catalog (idempotent: identical categories are left alone). */
  async loadStarter(caller: Caller): Promise<LoadStarterCatalogResponse> {
    requireRole(caller, ['catalog-admin'], 'load the catalog');
    const { response } = await this.ledger.submit(caller, 'catalog:LoadStarterCatalog', {});
    this.loadedAt = 0;
    return response;
  }

  async define(caller: Caller, category: Category): Promise<DefineCategoryResponse> {
    requireRole(caller, ['catalog-admin'], 'define categories');
    const { response } = await this.ledger.submit(caller, 'catalog:DefineCategory', { category });
    this.loadedAt = 0;
    return response;
  }

  /** @throws ApiError UNKNOWN_CATEGORY naming `field` */
  async require(caller: Caller, code: string, field: string): Promise<Category> {
    const known = (await this.find(caller, code)) ?? (await this.refresh(caller), this.categories.get(code));
    if (known === undefined) {
      throw new ApiError(
        'UNKNOWN_CATEGORY',
        `${field.replace(/^\//, '')}: no category ${code} in the catalog`,
        {
          field,
        },
      );
    }
    return known;
  }

  private async find(caller: Caller, code: string): Promise<Category | undefined> {
    await this.list(caller);
    return this.categories.get(code);
  }

  private refresh(caller: Caller): Promise<void> {
    this.refreshing ??= this.read(caller).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async read(caller: Caller): Promise<void> {
    const { items } = await this.ledger.evaluate(caller, 'catalog:ListCategories', {});
    this.categories = new Map(items.map((category) => [category.code, category]));
    this.loadedAt = this.now();
  }
}
