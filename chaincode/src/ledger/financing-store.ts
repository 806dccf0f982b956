import {
  bankCollection,
  BUSINESS_KEY_FAMILIES,
  PUBLIC_KEY_FAMILIES,
  PLATFORM_INDEX_COLLECTION as INDEX,
  type Application,
  type CompanyApplication,
  type InstitutionProfile,
  type Product,
} from '@sme-credit-ledger/contract';
import { canonicalJson } from '../domain/canonical-json';
import { fail } from '../domain/errors';
import type { PageOptions } from '../domain/input';
import {
  applicableOf,
  SHARDS_PER_BANK,
  shardOf,
  updateShard,
  type ApplicableProduct,
  type MatchableProduct,
  type MatchingShard,
} from '../domain/matching-view';
import { lastAttribute, type BusinessStore } from './business-store';
import { partialKeyRange } from './key-range';
import { versionKeyPart } from './keys';
import type { LedgerPort } from './ledger-port';

/**
 * Keys of financing. Public (offers, not secrets): institution profiles and products, every version kept.
 * A bank's collection: its applications. The platform index: where each application is, by company.
 */
export const FINANCING_KEYS = {
  institution: PUBLIC_KEY_FAMILIES.institution,
  product: PUBLIC_KEY_FAMILIES.product,
  productVersion: PUBLIC_KEY_FAMILIES.productVersion,
  matchingShard: PUBLIC_KEY_FAMILIES.matchingShard,
  application: BUSINESS_KEY_FAMILIES.application,
  applicationBank: BUSINESS_KEY_FAMILIES.applicationBank,
  applicationByCompany: BUSINESS_KEY_FAMILIES.applicationByCompany,
} as const;
const K = FINANCING_KEYS;

/** Products one read may return: a range read bounded so an evaluation stays within the peer's limits. */
export const MAX_PRODUCTS = 20_000;
/** Matching-view shards one read may return (16 per bank). */
const MAX_SHARDS = 1_000;

interface Located {
  bankMspId: string;
}
interface Salted<T> {
  salt: string;
  value: T;
}

/** Financing state over a LedgerPort; private values are salted as in BusinessStore. */
export class FinancingStore {
  constructor(
    private readonly ledger: LedgerPort,
    private readonly business: BusinessStore,
  ) {}

  private key(prefix: string, attributes: string[]): string {
    return this.ledger.compositeKey(prefix, attributes);
  }

  private async readPublic<T>(prefix: string, attributes: string[]): Promise<T | undefined> {
    const text = await this.ledger.get(this.key(prefix, attributes));
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  private async readPrivate<T>(collection: string, key: string): Promise<T | undefined> {
    const text = await this.ledger.getPrivate(collection, key);
    return text === undefined ? undefined : (JSON.parse(text) as Salted<T>).value;
  }

  private async writePrivate(collection: string, key: string, value: unknown): Promise<void> {
    const stored: Salted<unknown> = { salt: await this.business.pseudonyms.salt(collection, key), value };
    await this.ledger.putPrivate(collection, key, canonicalJson(stored));
  }

  getInstitution(mspId: string): Promise<InstitutionProfile | undefined> {
    return this.readPublic(K.institution, [mspId]);
  }

  async putInstitution(profile: InstitutionProfile): Promise<void> {
    await this.ledger.put(this.key(K.institution, [profile.mspId]), canonicalJson(profile));
  }

  async listInstitutions(): Promise<InstitutionProfile[]> {
    return (await this.ledger.listAll(K.institution, [], 1000)).map(
      (entry) => JSON.parse(entry.value) as InstitutionProfile,
    );
  }

  getProduct(bankMspId: string, productId: string): Promise<Product | undefined> {
    return this.readPublic(K.product, [bankMspId, productId]);
  }

  getProductVersion(bankMspId: string, productId: string, version: number): Promise<Product | undefined> {
    return this.readPublic(K.productVersion, [bankMspId, productId, versionKeyPart(version)]);
  }

  /** A new version: the current entry, the kept version and the matching view. */
  async putPublished(product: Product): Promise<void> {
    await this.ledger.put(
      this.key(K.product, [product.bankMspId, product.productId]),
      canonicalJson(product),
    );
    await this.ledger.put(
      this.key(K.productVersion, [product.bankMspId, product.productId, versionKeyPart(product.version)]),
      canonicalJson(product),
    );
    await this.putInView(product);
  }

  /** A withdrawal changes the current entry and the view; the published versions stay as they were. */
  async putWithdrawn(product: Product): Promise<void> {
    await this.ledger.put(
      this.key(K.product, [product.bankMspId, product.productId]),
      canonicalJson(product),
    );
    await this.putInView(product);
  }

  /** Keeps the product's shard of the matching view in step; an emptied shard is deleted. */
  private async putInView(product: Product): Promise<void> {
    const key = this.key(K.matchingShard, [product.bankMspId, shardOf(product.productId)]);
    const text = await this.ledger.get(key);
    const shard = updateShard(text === undefined ? undefined : (JSON.parse(text) as MatchingShard), product);
    await (shard.products.length === 0
      ? this.ledger.delete(key)
      : this.ledger.put(key, canonicalJson(shard)));
  }

  /**
   * Active products of one bank or of all, as matching reads them: one range read of the view's shards
   * (matching-view.ts), which names no single product.
   */
  async listMatchable(bankMspId?: string): Promise<MatchableProduct[]> {
    const attributes = bankMspId === undefined ? [] : [bankMspId];
    const products = (await this.ledger.listAll(K.matchingShard, attributes, MAX_SHARDS)).flatMap(
      (entry) => (JSON.parse(entry.value) as MatchingShard).products,
    );
    return products.length <= MAX_PRODUCTS
      ? products
      : fail('LIMIT_EXCEEDED', `more than ${MAX_PRODUCTS} active products to match; filter by bankMspId`);
  }

  /**
   * The current version of a product as Apply checks it. Read from the bank's matching view: one range read
   * of its 16 shards, like matching's, so the read set names the bank but no product (a single shard would
   * name the product of a bank with one product per shard); only the product's own shard is parsed. Anything
   * the view cannot answer (a withdrawn or unknown product, which makes Apply fail; an entry written before
   * the view held terms; a product published before the view) is looked up in the bank's whole product list,
   * as before the view: slow with a large catalogue, and still naming no single product.
   */
  async getApplicable(bankMspId: string, productId: string): Promise<ApplicableProduct | undefined> {
    const shardKey = this.key(K.matchingShard, [bankMspId, shardOf(productId)]);
    const shard = (await this.ledger.listAll(K.matchingShard, [bankMspId], SHARDS_PER_BANK)).find(
      (entry) => entry.key === shardKey,
    );
    const entry = (shard === undefined ? [] : (JSON.parse(shard.value) as MatchingShard).products).find(
      (item) => item.productId === productId,
    );
    return (
      (entry === undefined ? undefined : applicableOf(entry)) ??
      (await this.listProducts(bankMspId)).find((product) => product.productId === productId)
    );
  }

  /** Current products of one bank or of all: one range read that names no single product. */
  async listProducts(bankMspId?: string): Promise<Product[]> {
    const attributes = bankMspId === undefined ? [] : [bankMspId];
    return (await this.ledger.listAll(K.product, attributes, MAX_PRODUCTS)).map(
      (entry) => JSON.parse(entry.value) as Product,
    );
  }

  async pageProducts(
    bankMspId: string | undefined,
    page: PageOptions,
  ): Promise<{ items: Product[]; bookmark: string }> {
    const found = await this.ledger.listPage(K.product, bankMspId === undefined ? [] : [bankMspId], page);
    return {
      items: found.items.map((entry) => JSON.parse(entry.value) as Product),
      bookmark: found.bookmark,
    };
  }

  /** The bank holding the application, from the index; undefined for an unknown id. */
  async applicationBank(applicationId: string): Promise<string | undefined> {
    return (await this.readPrivate<Located>(INDEX, this.key(K.applicationBank, [applicationId])))?.bankMspId;
  }

  getApplication(applicationId: string, bankMspId: string): Promise<Application | undefined> {
    return this.readPrivate(bankCollection(bankMspId), this.key(K.application, [applicationId]));
  }

  putApplication(application: Application): Promise<void> {
    return this.writePrivate(
      bankCollection(application.bankMspId),
      this.key(K.application, [application.applicationId]),
      application,
    );
  }

  /** A new application with its index entries. */
  async putNewApplication(application: Application): Promise<void> {
    const located: Located = { bankMspId: application.bankMspId };
    const company = await this.business.pseudonyms.of(application.uscc);
    await this.putApplication(application);
    await this.writePrivate(INDEX, this.key(K.applicationBank, [application.applicationId]), located);
    await this.writePrivate(
      INDEX,
      this.key(K.applicationByCompany, [company, application.applicationId]),
      located,
    );
  }

  async pageApplicationsByBank(
    bankMspId: string,
    page: PageOptions,
  ): Promise<{ items: Application[]; bookmark: string }> {
    const range = partialKeyRange(this.key(K.application, []));
    const found = await this.ledger.listPrivatePage(bankCollection(bankMspId), range, page);
    return {
      items: found.items.map((entry) => (JSON.parse(entry.value) as Salted<Application>).value),
      bookmark: found.bookmark,
    };
  }

  /**
   * One page of a company's applications, every bank's, through the platform index (by pseudonym, then
   * application id), each with its bank's display name and the product's name at the version applied to.
   */
  async pageApplicationsByCompany(
    uscc: string,
    page: PageOptions,
  ): Promise<{ items: CompanyApplication[]; bookmark: string }> {
    const company = await this.business.pseudonyms.of(uscc);
    const range = partialKeyRange(this.key(K.applicationByCompany, [company]));
    const found = await this.ledger.listPrivatePage(INDEX, range, page);
    const items: CompanyApplication[] = [];
    for (const entry of found.items) {
      const { bankMspId } = (JSON.parse(entry.value) as Salted<Located>).value;
      items.push(await this.describeApplication(lastAttribute(entry.key), bankMspId));
    }
    return { items, bookmark: found.bookmark };
  }

  private async describeApplication(applicationId: string, bankMspId: string): Promise<CompanyApplication> {
    const application =
      (await this.getApplication(applicationId, bankMspId)) ??
      fail('NOT_FOUND', `no application ${applicationId}`);
    const bank = await this.getInstitution(bankMspId);
    const product = await this.getProductVersion(
      bankMspId,
      application.productId,
      application.productVersion,
    );
    return {
      ...application,
      bankName: bank?.displayName ?? bankMspId,
      productName: product?.name ?? application.productId,
    };
  }
}
