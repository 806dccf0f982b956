import type {
  Category,
  EligibilityRule,
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
    score: cachedScore(scores, [...scored.keys()].join(','), () => computeScore(scored, today)),
    inputs,
  };
}

/**
 * Products that read the same records score the same: computed once per set of records in a matching,
 * keyed by the categories scored (in the product's order, which is sorted).
 */
function cachedScore(scores: Map<string, ScoreResult>, key: string, compute: () => ScoreResult): ScoreResult {
  let score = scores.get(key);
  if (score === undefined) {
    score = compute();
    scores.set(key, score);
  }
  return score;
}

function noOutcomes(): Record<RuleOutcome, number> {
  return { passed: 0, failed: 0, 'needs-consent': 0, 'not-attested': 0, stale: 0 };
}

export function countOutcomes(evaluation: ProductEvaluation): Record<RuleOutcome, number> {
  const counts = noOutcomes();
  evaluation.rules.forEach((rule) => (counts[rule.outcome] += 1));
  return counts;
}

/** What ranking reads of a product's evaluation: its counts and score, without the per-rule explanation. */
export interface MatchSummary {
  product: MatchableProduct;
  counts: Record<RuleOutcome, number>;
  eligible: boolean;
  straightThrough: boolean;
  score: number;
}

/**
 * One company's matching against many products. Ranking needs only each product's outcome counts and score,
 * and products share rules (the same condition on the same field): `summarize` evaluates each distinct rule
 * once per matching and counts its outcome for every product stating it; `evaluate` builds the full per-rule
 * explanation (evaluateProduct) for the products answered only. Both read the same evidence, so a summary
 * counts exactly what the product's evaluation says (matching.test.ts holds the two side by side).
 */
export class CompanyMatcher {
  /** A rule's outcome for this company, whichever product states it (only its id differs), by condition. */
  private readonly outcomes = new Map<string, RuleOutcome>();
  private readonly scores = new Map<string, ScoreResult>();
  private readonly today: string;

  constructor(
    private readonly uscc: string,
    private readonly catalog: ReadonlyMap<string, Category>,
    private readonly records: ReadonlyMap<string, AttestedRecord>,
    private readonly allowed: (category: string) => boolean,
    private readonly evaluatedAt: string,
  ) {
    this.today = evaluatedAt.slice(0, 10);
  }

  summarize(product: MatchableProduct): MatchSummary {
    const counts = noOutcomes();
    for (const rule of product.rules) {
      counts[this.outcomeOf(rule, product.categories.includes(rule.category))] += 1;
    }
    const eligible = counts.passed === product.rules.length;
    const score = this.scoreOf(product).score;
    const straightThrough =
      product.straightThrough !== undefined && eligible && score >= product.straightThrough.minScore;
    return { product, counts, eligible, straightThrough, score };
  }

  evaluate(product: MatchableProduct): ProductEvaluation {
    return evaluateProduct(
      product,
      this.uscc,
      this.catalog,
      this.records,
      this.allowed,
      this.evaluatedAt,
      this.scores,
    );
  }

  /** As evaluateProduct evaluates the rule: its category is evidence only when the product names it. */
  private outcomeOf(rule: EligibilityRule, inScope: boolean): RuleOutcome {
    const key = JSON.stringify([inScope, rule.category, rule.field, rule.op, rule.value, rule.maxAgeMonths]);
    let outcome = this.outcomes.get(key);
    if (outcome === undefined) {
      const evidence = new Map<string, CategoryEvidence>(
        inScope ? [[rule.category, this.evidenceOf(rule.category)]] : [],
      );
      outcome = evaluateRules([rule], this.catalog, evidence, this.today)[0]?.outcome ?? 'failed';
      this.outcomes.set(key, outcome);
    }
    return outcome;
  }

  private evidenceOf(category: string): CategoryEvidence {
    const found = this.records.get(category);
    return !this.allowed(category)
      ? { allowed: false }
      : found?.record === undefined
        ? { allowed: true }
        : { allowed: true, record: found.record, effectiveDate: found.effectiveDate };
  }

  /** As evaluateProduct scores: the product's allowed categories that hold a record. */
  private scoreOf(product: MatchableProduct): ScoreResult {
    const usable = product.categories.filter(
      (category) => this.allowed(category) && this.records.get(category)?.record !== undefined,
    );
    return cachedScore(this.scores, usable.join(','), () => {
      const scored = new Map<string, ScoredRecord>();
      for (const category of usable) {
        const found = this.records.get(category);
        if (found?.record !== undefined) {
          scored.set(category, { record: found.record, version: found.version, hash: found.hash });
        }
      }
      return computeScore(scored, this.today);
    });
  }
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

/** A match as answered, before its evaluation is tagged (only the answered ones are). */
export type RankedMatch = Omit<ProductMatch, 'evaluationTag'>;

function unusable(summary: MatchSummary): number {
  return summary.counts['needs-consent'] + summary.counts['not-attested'] + summary.counts.stale;
}

/**
 * Ranks deterministically: eligible first; then fewer failed rules; then fewer rules without usable data
 * (needs-consent, not-attested, stale); then the higher score; then the lower minimum rate; then bank and
 * product id.
 */
export function rankSummaries(summaries: readonly MatchSummary[]): MatchSummary[] {
  return [...summaries].sort(
    (a, b) =>
      Number(b.eligible) - Number(a.eligible) ||
      a.counts.failed - b.counts.failed ||
      unusable(a) - unusable(b) ||
      b.score - a.score ||
      a.product.rateBps.min - b.product.rateBps.min ||
      (a.product.bankMspId < b.product.bankMspId ? -1 : a.product.bankMspId > b.product.bankMspId ? 1 : 0) ||
      (a.product.productId < b.product.productId ? -1 : a.product.productId > b.product.productId ? 1 : 0),
  );
}

/** An answered product's entry, its counts and flags taken from its full evaluation. */
export function matchOf(
  product: MatchableProduct,
  evaluation: ProductEvaluation,
  bankName: string | undefined,
  rank: number,
): RankedMatch {
  return {
    rank,
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
  };
}
