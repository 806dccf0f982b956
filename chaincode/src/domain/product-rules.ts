import type {
  Category,
  ConsentPurpose,
  IntegerRange,
  Product,
  ProductTerms,
  ProductType,
  StraightThrough,
} from '@sme-credit-ledger/contract';
import { LIMITS } from '@sme-credit-ledger/contract';
import { parseRules } from './eligibility-rules';
import { fail } from './errors';
import { optionalInteger, requireInteger, requireString, type RequestFields } from './input';
import { SCORECARD, scorecardCategories } from './scorecard';

export const PRODUCT_TYPES: readonly ProductType[] = [
  'supply-chain',
  'trade',
  'ip-backed',
  'working-capital',
  'credit-line',
];

/** The consent purpose an application to a product of this type grants. */
const PURPOSE_OF: Record<ProductType, ConsentPurpose> = {
  'supply-chain': 'supply-chain',
  trade: 'trade',
  'ip-backed': 'ip-financing',
  'working-capital': 'working-capital',
  'credit-line': 'credit-review',
};

const PRODUCT_ID = /^[a-z0-9][a-z0-9-]{1,47}$/;
const MAX_AMOUNT_YUAN = 10_000_000_000;
const MAX_TERM_MONTHS = 360;
const MAX_RATE_BPS = 10_000;
const DEFAULT_CONSENT_DAYS = 30;

export function parseProductId(value: unknown): string {
  return typeof value === 'string' && PRODUCT_ID.test(value)
    ? value
    : fail(
        'VALIDATION_FAILED',
        'productId must be 2-48 characters of a-z 0-9 - starting with a letter or digit',
      );
}

export function parseProductType(value: unknown): ProductType {
  return typeof value === 'string' && (PRODUCT_TYPES as readonly string[]).includes(value)
    ? (value as ProductType)
    : fail('VALIDATION_FAILED', `type must be one of ${PRODUCT_TYPES.join(', ')}`);
}

function parseRange(fields: RequestFields, name: string, min: number, max: number): IntegerRange {
  const value = fields[name];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('VALIDATION_FAILED', `${name} must be an object {min, max}`);
  }
  const range = value as RequestFields;
  const named = { [`${name}.min`]: range.min, [`${name}.max`]: range.max };
  const low = requireInteger(named, `${name}.min`, min, max);
  const high = requireInteger(named, `${name}.max`, min, max);
  return low <= high
    ? { min: low, max: high }
    : fail('VALIDATION_FAILED', `${name}.min must not exceed ${name}.max`);
}

function parseStraightThrough(value: unknown, rateBps: IntegerRange): StraightThrough | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('VALIDATION_FAILED', 'straightThrough must be an object {minScore, rateBps}');
  }
  const fields = value as RequestFields;
  const named = { 'straightThrough.minScore': fields.minScore, 'straightThrough.rateBps': fields.rateBps };
  return {
    minScore: requireInteger(named, 'straightThrough.minScore', 0, 100),
    rateBps: requireWithin(
      'straightThrough.rateBps',
      requireInteger(named, 'straightThrough.rateBps', 1, MAX_RATE_BPS),
      rateBps,
    ),
  };
}

/** Checks a product offer against the catalog; see eligibility-rules.ts for the rules' checks. */
export function parseProductTerms(value: unknown, catalog: ReadonlyMap<string, Category>): ProductTerms {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('VALIDATION_FAILED', 'product must be an object');
  }
  const fields = value as RequestFields;
  const rateBps = parseRange(fields, 'rateBps', 1, MAX_RATE_BPS);
  const straightThrough = parseStraightThrough(fields.straightThrough, rateBps);
  const consentDays = optionalInteger(fields, 'consentDays', 1, LIMITS.maxConsentDays);
  return {
    productId: parseProductId(fields.productId),
    name: requireString(fields, 'name', 200),
    type: parseProductType(fields.type),
    amountYuan: parseRange(fields, 'amountYuan', 1, MAX_AMOUNT_YUAN),
    termMonths: parseRange(fields, 'termMonths', 1, MAX_TERM_MONTHS),
    rateBps,
    rules: parseRules(fields.rules, catalog),
    ...(straightThrough === undefined ? {} : { straightThrough }),
    ...(consentDays === undefined ? {} : { consentDays }),
  };
}

/** What an application consents to: the rules' categories, plus the scorecard's when the product scores. */
export function productCategories(terms: ProductTerms): string[] {
  const categories = new Set(terms.rules.map((rule) => rule.category));
  if (terms.straightThrough !== undefined) {
    scorecardCategories().forEach((category) => categories.add(category));
  }
  if (categories.size > LIMITS.maxCategoriesPerConsent) {
    fail('LIMIT_EXCEEDED', `a product's consent covers at most ${LIMITS.maxCategoriesPerConsent} categories`);
  }
  return [...categories].sort();
}

/** The next version of a product (1 for a new one); publishing again after a withdrawal re-activates it. */
export function publishProduct(
  terms: ProductTerms,
  bankMspId: string,
  current: Product | undefined,
  tx: { txId: string; txTime: string },
): Product {
  return {
    ...terms,
    bankMspId,
    version: (current?.version ?? 0) + 1,
    status: 'active',
    categories: productCategories(terms),
    purpose: PURPOSE_OF[terms.type],
    scorecardVersion: SCORECARD.version,
    txId: tx.txId,
    publishedAt: tx.txTime,
  };
}

export function withdrawProduct(
  current: Product,
  tx: { txId: string; txTime: string },
  reason: string | undefined,
): Product {
  if (current.status === 'withdrawn') {
    fail('CONFLICT', `product ${current.productId} is already withdrawn`);
  }
  return {
    ...current,
    status: 'withdrawn',
    withdrawal: { ...(reason === undefined ? {} : { reason }), txId: tx.txId, at: tx.txTime },
  };
}

export function consentDaysOf(product: Pick<Product, 'consentDays'>): number {
  return product.consentDays ?? DEFAULT_CONSENT_DAYS;
}

/** VALIDATION_FAILED unless `value` is inside the product's range. */
export function requireWithin(name: string, value: number, range: IntegerRange): number {
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    fail('VALIDATION_FAILED', `${name} ${value} is outside the product's range ${range.min}-${range.max}`);
  }
  return value;
}
