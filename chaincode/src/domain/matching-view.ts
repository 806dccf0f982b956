import type {
  ConsentPurpose,
  EligibilityRule,
  IntegerRange,
  Product,
  ProductStatus,
  ProductType,
} from '@sme-credit-ledger/contract';
import { sha256Hex } from './hashing';

/*
 * The matching view: each bank's active products, only what matching reads, in a fixed number of shards per
 * bank. MatchProducts reads every active product on every call; over one key per product that was one range
 * read of N keys (the peer streams a range 100 entries per round trip to the chaincode) and N product
 * documents to parse, and it dominated the call (measured: 60-80 % of the chaincode's time at 1,000
 * products). Over the view it is one range read of SHARDS_PER_BANK keys per bank. Shards rather than one key
 * per bank: a publication rewrites only its shard, so concurrent publications of one bank rarely conflict and
 * no key grows with the whole catalogue. The view is written by the same transaction as the product, so it
 * is exactly the active products at every committed state. Each entry also holds the terms Apply checks, so
 * Apply reads the bank's shards (16 keys, naming no product) rather than the bank's whole product list.
 */

/** Shards per bank: up to 6 banks' views fit in one range-read round trip (the peer's batch is 100 keys). */
export const SHARDS_PER_BANK = 16;

/** What matching needs of a product; a `Product` is one. */
export interface MatchableProduct {
  bankMspId: string;
  productId: string;
  version: number;
  name: string;
  type: ProductType;
  categories: string[];
  rules: EligibilityRule[];
  rateBps: { min: number };
  straightThrough?: { minScore: number };
}

/** What Apply needs of a product's current version: what matching reads, its terms and its consent. */
export interface ApplicableProduct extends MatchableProduct {
  status: ProductStatus;
  amountYuan: IntegerRange;
  termMonths: IntegerRange;
  rateBps: IntegerRange;
  straightThrough?: { minScore: number; rateBps: number };
  purpose: ConsentPurpose;
  consentDays?: number;
}

/** A view entry: entries written before the view held terms have only the matchable part. */
export type ViewEntry = MatchableProduct | Omit<ApplicableProduct, 'status'>;

/** One shard of a bank's view: its active products, ordered by productId. */
export interface MatchingShard {
  bankMspId: string;
  shard: string;
  products: ViewEntry[];
}

/** The shard a product id belongs to: a hex digit of its SHA-256, so shards fill evenly whatever the ids. */
export function shardOf(productId: string): string {
  return (parseInt(sha256Hex(productId).slice(0, 8), 16) % SHARDS_PER_BANK).toString(16).padStart(2, '0');
}

/** A product as the view holds it: what matching and Apply read, not its history (status is implied). */
export function viewEntryOf(product: Product): Omit<ApplicableProduct, 'status'> {
  return {
    bankMspId: product.bankMspId,
    productId: product.productId,
    version: product.version,
    name: product.name,
    type: product.type,
    categories: product.categories,
    rules: product.rules,
    amountYuan: { min: product.amountYuan.min, max: product.amountYuan.max },
    termMonths: { min: product.termMonths.min, max: product.termMonths.max },
    rateBps: { min: product.rateBps.min, max: product.rateBps.max },
    ...(product.straightThrough === undefined
      ? {}
      : {
          straightThrough: {
            minScore: product.straightThrough.minScore,
            rateBps: product.straightThrough.rateBps,
          },
        }),
    purpose: product.purpose,
    ...(product.consentDays === undefined ? {} : { consentDays: product.consentDays }),
  };
}

/** An active product's entry as Apply reads it; undefined for an entry written before entries held terms. */
export function applicableOf(entry: ViewEntry): ApplicableProduct | undefined {
  return 'purpose' in entry && 'amountYuan' in entry ? { ...entry, status: 'active' } : undefined;
}

/**
 * The shard after `product` changed: an active product is put in (replacing its earlier version), a
 * withdrawn one taken out. Entries stay ordered by productId so the stored value is canonical.
 */
export function updateShard(current: MatchingShard | undefined, product: Product): MatchingShard {
  const others = (current?.products ?? []).filter((entry) => entry.productId !== product.productId);
  const products =
    product.status === 'active'
      ? [...others, viewEntryOf(product)].sort((a, b) =>
          a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0,
        )
      : others;
  return { bankMspId: product.bankMspId, shard: shardOf(product.productId), products };
}
