import type {
  Category,
  EvaluatedInput,
  ProductEvaluation,
  ProductMatch,
  RuleOutcome,
  ScoreResult,
} from '@sme-credit-ledger/contract';
import { evaluateRules, type CategoryEvidence } from './eligibility-rules';
import type { MatchableProduct } from './matching-view';
import { computeScore, type ScoredRecord } from './scorecard';

/** The latest attestation of one category of the company, with its raw record when the custodian holds it. */
export interface AttestedRecord {
  version: number;
  hash: string;
  effectiveDate: string;
  /** Absent when the raw record was erased at the company's request. */
  record?: Record<string, unknown>;
}

/**
 * One product's evaluation over the company's records, restricted to the categories the evaluation may use:
 * `allowed` (the company's choice) intersected with the product's own categories, so neither the rules nor
 * the score ever read a category an application to this product would not consent to.
 */
export function evaluateProduct(
  product: MatchableProduct,
  uscc: string,
  catalog: ReadonlyMap<string, Category>,
  records: ReadonlyMap<string, AttestedRecord>,
  allowed: (category: string) => boolean,
  evaluatedAt: string,
  scores: Map<string, ScoreResult> = new Map(),
): ProductEvaluation {
  const today = evaluatedAt.slice(0, 10);
  const usable = product.categories.filter(allowed);
  const evidence = new Map<string, CategoryEvidence>(
    product.categories.map((category) => {
      const found = records.get(category);
      const evidenceOf: CategoryEvidence = !allowed(category)
        ? { allowed: false }
        : found?.record === undefined
          ? { allowed: true }
          : { allowed: true, record: found.record, effectiveDate: found.effectiveDate };
      return [category, evidenceOf];
    }),
  );
  const scored = new Map<string, ScoredRecord>();
  const inputs: EvaluatedInput[] = [];
  for (const category of usable) {
    const found = records.get(category);
    if (found?.record !== undefined) {
      scored.set(category, { record: found.record, version: found.version, hash: found.hash });
      inputs.push({ category, version: found.version, hash: found.hash, effectiveDate: found.effectiveDate });
    }
  }
  return {
    uscc,
    bankMspId: product.bankMspId,
    productId: product.productId,
    productVersion: product.version,
    evaluatedAt,
    rules: evaluateRules(product.rules, catalog, evidence, today),
    score: cachedScore(scores, scored, today),
    inputs,
  };
}

/** Products that read the same records score the same: computed once per set of records in a matching. */
function cachedScore(
  scores: Map<string, ScoreResult>,
  records: ReadonlyMap<string, ScoredRecord>,
  today: string,
): ScoreResult {
  const key = [...records.keys()].join(',');
  let score = scores.get(key);
  if (score === undefined) {
    score = computeScore(records, today);
    scores.set(key, score);
  }
  return score;
}

export function countOutcomes(evaluation: ProductEvaluation): Record<RuleOutcome, number> {
  const counts: Record<RuleOutcome, number> = {
    passed: 0,
    failed: 0,
    'needs-consent': 0,
    'not-attested': 0,
    stale: 0,
  };
  evaluation.rules.forEach((rule) => (counts[rule.outcome] += 1));
  return counts;
}

export function isEligible(evaluation: ProductEvaluation): boolean {
  return evaluation.rules.every((rule) => rule.outcome === 'passed');
}

/** Whether an application with this evaluation is approved straight through by the product's configuration. */
export function clearsStraightThrough(
  product: Pick<MatchableProduct, 'straightThrough'>,
  evaluation: ProductEvaluation,
): boolean {
  return (
    product.straightThrough !== undefined &&
    isEligible(evaluation) &&
    evaluation.score.score >= product.straightThrough.minScore
  );
}

/** A match before ranking and before its evaluation is tagged (only the answered ones are). */
export type Unranked = Omit<ProductMatch, 'rank' | 'evaluationTag'> & { minRateBps: number };
export type RankedMatch = Omit<ProductMatch, 'evaluationTag'>;

/**
 * Ranks deterministically: eligible first; then fewer failed rules; then fewer rules without usable data
 * (needs-consent, not-attested, stale); then the higher score; then the lower minimum rate; then bank and
 * product id.
 */
export function rankMatches(matches: readonly Unranked[]): RankedMatch[] {
  const unusable = (m: Unranked): number =>
    m.counts['needs-consent'] + m.counts['not-attested'] + m.counts.stale;
  const sorted = [...matches].sort(
    (a, b) =>
      Number(b.eligible) - Number(a.eligible) ||
      a.counts.failed - b.counts.failed ||
      unusable(a) - unusable(b) ||
      b.evaluation.score.score - a.evaluation.score.score ||
      a.minRateBps - b.minRateBps ||
      (a.bankMspId < b.bankMspId ? -1 : a.bankMspId > b.bankMspId ? 1 : 0) ||
      (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0),
  );
  return sorted.map(({ minRateBps: _minRate, ...match }, index) => ({ rank: index + 1, ...match }));
}

/** A product's match entry before ranking. */
export function matchOf(
  product: MatchableProduct,
  evaluation: ProductEvaluation,
  bankName: string | undefined,
): Unranked {
  return {
    bankMspId: product.bankMspId,
    ...(bankName === undefined ? {} : { bankName }),
    productId: product.productId,
    productVersion: product.version,
    name: product.name,
    type: product.type,
    eligible: isEligible(evaluation),
    straightThrough: clearsStraightThrough(product, evaluation),
    counts: countOutcomes(evaluation),
    evaluation,
    minRateBps: product.rateBps.min,
  };
}
