import type { FactorScore, ScoreResult } from '@sme-credit-ledger/contract';

/*
 * A transparent scorecard: factors and weights are data, versioned, documented in chaincode/README.md
 * ("Scorecard"). Points are integers computed with integer arithmetic only (floor of a product over a
 * divisor), so any auditor with the attested records reproduces the score exactly. A factor whose record is
 * missing, not usable or of the wrong type scores 0: the score never rewards what is not attested.
 */

export type Factor =
  /** Points from a table keyed by a string field. */
  | { id: string; category: string; field: string; kind: 'table'; points: Record<string, number> }
  /** floor(min(value, cap) × maxPoints / cap) of a non-negative integer field. */
  | { id: string; category: string; field: string; kind: 'linear'; cap: number; maxPoints: number }
  /** `maxPoints` when an integer field equals `value`. */
  | { id: string; category: string; field: string; kind: 'equals'; value: number; maxPoints: number }
  /** Whole years since a date field, as `linear`. */
  | { id: string; category: string; field: string; kind: 'years-since'; cap: number; maxPoints: number };

export interface ScorecardModel {
  model: string;
  version: number;
  factors: readonly Factor[];
}

/** Version 1: six factors, 100 points. A change of any factor or weight is a new version. */
export const SCORECARD_V1: ScorecardModel = {
  model: 'sme-scorecard',
  version: 1,
  factors: [
    {
      id: 'tax-credit-rating',
      category: 'TAX_CREDIT_RATING',
      field: 'rating',
      kind: 'table',
      points: { A: 25, B: 18, M: 10, C: 4, D: 0 },
    },
    {
      id: 'social-insurance-months',
      category: 'SOCIAL_INSURANCE',
      field: 'paidMonths',
      kind: 'linear',
      cap: 36,
      maxPoints: 20,
    },
    {
      id: 'no-open-enforcement',
      category: 'COURT_ENFORCEMENT',
      field: 'openCases',
      kind: 'equals',
      value: 0,
      maxPoints: 20,
    },
    {
      id: 'customs-credit-rating',
      category: 'CUSTOMS_CREDIT_RATING',
      field: 'rating',
      kind: 'table',
      points: { 'AEO-advanced': 10, 'AEO-general': 8, general: 5, untrustworthy: 0 },
    },
    {
      id: 'invention-patents',
      category: 'PATENTS',
      field: 'invention',
      kind: 'linear',
      cap: 5,
      maxPoints: 10,
    },
    {
      id: 'years-in-business',
      category: 'BUSINESS_REGISTRATION',
      field: 'established',
      kind: 'years-since',
      cap: 10,
      maxPoints: 15,
    },
  ],
};

export const SCORECARD = SCORECARD_V1;

/** The categories a model reads. */
export function scorecardCategories(model: ScorecardModel = SCORECARD): string[] {
  return [...new Set(model.factors.map((factor) => factor.category))].sort();
}

export function maxPointsOf(factor: Factor): number {
  return factor.kind === 'table' ? Math.max(...Object.values(factor.points)) : factor.maxPoints;
}

/** One attested record a factor may score: the record, and its version and hash for the audit trail. */
export interface ScoredRecord {
  record: Record<string, unknown>;
  version: number;
  hash: string;
}

function wholeYearsBetween(from: string, today: string): number {
  const [fy = 0, fm = 0, fd = 0] = from.split('-').map(Number);
  const [ty = 0, tm = 0, td = 0] = today.split('-').map(Number);
  const years = ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
  return Math.max(0, years);
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isDate = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

function pointsOf(factor: Factor, value: unknown, today: string): number {
  switch (factor.kind) {
    case 'table':
      return typeof value === 'string' ? (factor.points[value] ?? 0) : 0;
    case 'linear':
      return isCount(value) ? Math.floor((Math.min(value, factor.cap) * factor.maxPoints) / factor.cap) : 0;
    case 'equals':
      return value === factor.value ? factor.maxPoints : 0;
    case 'years-since':
      return isDate(value) && value <= today
        ? Math.floor((Math.min(wholeYearsBetween(value, today), factor.cap) * factor.maxPoints) / factor.cap)
        : 0;
  }
}

/**
 * The score at `today` from the records by category (only those the evaluation may use). Deterministic:
 * the same records, date and model give the same result on any machine.
 */
export function computeScore(
  records: ReadonlyMap<string, ScoredRecord>,
  today: string,
  model: ScorecardModel = SCORECARD,
): ScoreResult {
  const factors: FactorScore[] = model.factors.map((factor) => {
    const found = records.get(factor.category);
    const base = { factorId: factor.id, category: factor.category, maxPoints: maxPointsOf(factor) };
    return found === undefined
      ? { ...base, points: 0 }
      : {
          ...base,
          points: pointsOf(factor, found.record[factor.field], today),
          version: found.version,
          hash: found.hash,
        };
  });
  return {
    model: model.model,
    modelVersion: model.version,
    score: factors.reduce((sum, factor) => sum + factor.points, 0),
    maxScore: factors.reduce((sum, factor) => sum + factor.maxPoints, 0),
    factors,
  };
}
