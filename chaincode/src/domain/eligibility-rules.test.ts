import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { Category, EligibilityRule, RuleOutcome } from '@sme-credit-ledger/contract';
import { STARTER_CATALOG } from './catalog';
import {
  evaluateRule,
  evaluateRules,
  monthsBefore,
  parseRule,
  parseRules,
  type CategoryEvidence,
} from './eligibility-rules';

const CATALOG = new Map<string, Category>(STARTER_CATALOG.map((category) => [category.code, category]));
const TODAY = '2026-11-29';

function rule(fields: Record<string, unknown>): EligibilityRule {
  return parseRule({ id: 'r1', ...fields }, 0, CATALOG);
}

function outcome(
  fields: Record<string, unknown>,
  record: Record<string, unknown> | undefined,
  extra: Partial<CategoryEvidence> = {},
): RuleOutcome {
  const parsed = rule(fields);
  const field = CATALOG.get(parsed.category)?.fields?.find((f) => f.name === parsed.field);
  assert.ok(field);
  const evidence: CategoryEvidence =
    record === undefined
      ? { allowed: true, ...extra }
      : { allowed: true, record, effectiveDate: '2026-10-01', ...extra };
  return evaluateRule(parsed, field, evidence, TODAY).outcome;
}

const RATING = { category: 'TAX_CREDIT_RATING', field: 'rating' };
const MONTHS = { category: 'SOCIAL_INSURANCE', field: 'paidMonths' };
const ENFORCED = { category: 'COURT_ENFORCEMENT', field: 'lastEnforcementDate' };
const CUSTOMS = { category: 'CUSTOMS_CREDIT_RATING', field: 'rating' };

describe('eligibility rules: publication checks', () => {
  it('accepts a well-typed rule and sorts list values', () => {
    assert.deepEqual(rule({ ...RATING, op: 'in', value: ['B', 'A'] }), {
      id: 'r1',
      ...RATING,
      op: 'in',
      value: ['A', 'B'],
    });
  });

  it('refuses an unknown category with UNKNOWN_CATEGORY', () => {
    assert.throws(
      () => rule({ category: 'CREDIT_SCORE', field: 'x', op: 'exists' }),
      /^Error: UNKNOWN_CATEGORY: rule r1/,
    );
  });

  it('refuses an unknown field, naming the category fields', () => {
    assert.throws(
      () => rule({ category: 'TAX_CREDIT_RATING', field: 'grade', op: 'exists' }),
      /VALIDATION_FAILED: rule r1: TAX_CREDIT_RATING has no field grade; its fields: year, rating/,
    );
  });

  it('refuses a field of a category defined without fields', () => {
    const bare = new Map<string, Category>([
      ['X_DATA', { code: 'X_DATA', name: 'x', departments: ['TAX'], schemaVersion: 1, sensitivity: 'low' }],
    ]);
    assert.throws(
      () => parseRule({ id: 'a', category: 'X_DATA', field: 'y', op: 'exists' }, 0, bare),
      /none defined/,
    );
  });

  it('refuses an operator the field type does not support', () => {
    assert.throws(() => rule({ ...RATING, op: '>=', value: 'B' }), />= does not apply to rating \(enum\)/);
    assert.throws(() => rule({ ...MONTHS, op: 'in', value: [12] }), /in does not apply to paidMonths/);
    assert.throws(
      () => rule({ ...MONTHS, op: 'within-last-months', value: 12 }),
      /within-last-months does not apply/,
    );
  });

  it('refuses values of the wrong type', () => {
    assert.throws(
      () => rule({ ...MONTHS, op: '>=', value: '12' }),
      /takes a value of paidMonths's type integer/,
    );
    assert.throws(() => rule({ ...MONTHS, op: '>=', value: 12.5 }), /integer/);
    assert.throws(() => rule({ ...RATING, op: 'in', value: ['A', 'E'] }), /enum \(A, B, M, C, D\)/);
    assert.throws(() => rule({ ...RATING, op: 'in', value: [] }), /takes 1-50 distinct values/);
    assert.throws(() => rule({ ...RATING, op: 'in', value: ['A', 'A'] }), /distinct/);
    assert.throws(() => rule({ ...RATING, op: '==', value: ['A'] }), /takes a value/);
    assert.throws(() => rule({ ...ENFORCED, op: '>=', value: '2026-02-30' }), /type date/);
    assert.throws(() => rule({ ...ENFORCED, op: 'not-within-last-months', value: 0 }), /months, 1-600/);
    assert.throws(() => rule({ ...ENFORCED, op: 'not-within-last-months' }), /months/);
    assert.throws(() => rule({ ...RATING, op: 'exists', value: 'A' }), /exists takes no value/);
    assert.throws(
      () => rule({ category: 'TAX_PAYMENT', field: 'overdue', op: '==', value: 'false' }),
      /type boolean/,
    );
  });

  it('refuses malformed rules: not an object, bad id, unknown op, extra properties, bad maxAgeMonths', () => {
    assert.throws(() => parseRule('tax in A', 3, CATALOG), /rule 3: must be an object/);
    assert.throws(() => parseRule(null, 0, CATALOG), /must be an object/);
    assert.throws(() => rule({ id: 'Bad Id', ...RATING, op: 'exists' }), /id must be/);
    assert.throws(() => rule({ ...RATING, op: 'like', value: 'A' }), /op must be one of/);
    assert.throws(() => rule({ ...RATING, op: 'exists', note: 'x' }), /unknown properties note/);
    assert.throws(() => rule({ ...RATING, op: 'exists', maxAgeMonths: 0 }), /maxAgeMonths/);
  });

  it('a rule list is non-empty, at most 20, with unique ids', () => {
    assert.throws(() => parseRules([], CATALOG), /non-empty/);
    const one = { id: 'a', ...RATING, op: 'exists' };
    assert.throws(() => parseRules([one, one], CATALOG), /unique/);
    const many = Array.from({ length: 21 }, (_, i) => ({ ...one, id: `r${i}` }));
    assert.throws(() => parseRules(many, CATALOG), /^Error: LIMIT_EXCEEDED/);
  });
});

describe('eligibility rules: evaluation of every operator', () => {
  it('in / not-in', () => {
    assert.equal(outcome({ ...RATING, op: 'in', value: ['A', 'B'] }, { rating: 'B' }), 'passed');
    assert.equal(outcome({ ...RATING, op: 'in', value: ['A', 'B'] }, { rating: 'M' }), 'failed');
    assert.equal(outcome({ ...CUSTOMS, op: 'not-in', value: ['D'] }, { rating: 'AEO-advanced' }), 'passed');
    assert.equal(outcome({ ...CUSTOMS, op: 'not-in', value: ['D'] }, { rating: 'D' }), 'failed');
  });

  it('>= and <= at the boundary and either side of it', () => {
    const atLeast12 = { ...MONTHS, op: '>=', value: 12 };
    assert.equal(outcome(atLeast12, { paidMonths: 11 }), 'failed');
    assert.equal(outcome(atLeast12, { paidMonths: 12 }), 'passed');
    assert.equal(outcome(atLeast12, { paidMonths: 13 }), 'passed');
    const atMost2 = { category: 'ELECTRICITY_PAYMENTS', field: 'lateMonths', op: '<=', value: 2 };
    assert.equal(outcome(atMost2, { lateMonths: 2 }), 'passed');
    assert.equal(outcome(atMost2, { lateMonths: 3 }), 'failed');
    assert.equal(outcome(atMost2, { lateMonths: 0 }), 'passed');
  });

  it('>= on dates compares calendar dates', () => {
    const since = { category: 'BUSINESS_REGISTRATION', field: 'established', op: '<=', value: '2020-01-01' };
    assert.equal(outcome(since, { established: '2020-01-01' }), 'passed');
    assert.equal(outcome(since, { established: '2020-01-02' }), 'failed');
  });

  it('== and != on booleans, strings and integers', () => {
    const notOverdue = { category: 'TAX_PAYMENT', field: 'overdue', op: '==', value: false };
    assert.equal(outcome(notOverdue, { overdue: false }), 'passed');
    assert.equal(outcome(notOverdue, { overdue: true }), 'failed');
    assert.equal(outcome({ ...RATING, op: '!=', value: 'D' }, { rating: 'C' }), 'passed');
    assert.equal(outcome({ ...RATING, op: '!=', value: 'D' }, { rating: 'D' }), 'failed');
    const noCases = { category: 'COURT_ENFORCEMENT', field: 'openCases', op: '==', value: 0 };
    assert.equal(outcome(noCases, { openCases: 0 }), 'passed');
    assert.equal(outcome(noCases, { openCases: 1 }), 'failed');
  });

  it('exists passes on any present value and fails on a missing or null one', () => {
    const granted = { category: 'PATENTS', field: 'invention', op: 'exists' };
    assert.equal(outcome(granted, { invention: 0 }), 'passed');
    assert.equal(outcome(granted, {}), 'failed');
    assert.equal(outcome(granted, { invention: null }), 'failed');
  });

  it('within-last-months counts calendar months back from the evaluation day, inclusive', () => {
    const recent = { ...ENFORCED, op: 'within-last-months', value: 24 };
    assert.equal(outcome(recent, { lastEnforcementDate: '2024-11-29' }), 'passed');
    assert.equal(outcome(recent, { lastEnforcementDate: '2024-11-28' }), 'failed');
    assert.equal(
      outcome(recent, { lastEnforcementDate: '2026-11-30' }),
      'failed',
      'a future date is not within',
    );
  });

  it('not-within-last-months: no enforcement in the last 24 months', () => {
    const none = { ...ENFORCED, op: 'not-within-last-months', value: 24 };
    assert.equal(outcome(none, { openCases: 0 }), 'passed', 'no date recorded: no such event');
    assert.equal(outcome(none, { lastEnforcementDate: null }), 'passed');
    assert.equal(outcome(none, { lastEnforcementDate: '2024-11-28' }), 'passed');
    assert.equal(outcome(none, { lastEnforcementDate: '2024-11-29' }), 'failed');
    assert.equal(outcome(none, { lastEnforcementDate: '2026-01-15' }), 'failed');
  });

  it('a missing field or a value of the wrong type fails, with the reason', () => {
    const atLeast12 = rule({ ...MONTHS, op: '>=', value: 12 });
    const field = CATALOG.get('SOCIAL_INSURANCE')?.fields?.find((f) => f.name === 'paidMonths');
    assert.ok(field);
    const evidence = (record: Record<string, unknown>): CategoryEvidence => ({
      allowed: true,
      record,
      effectiveDate: TODAY,
    });
    assert.deepEqual(evaluateRule(atLeast12, field, evidence({}), TODAY), {
      ruleId: 'r1',
      category: 'SOCIAL_INSURANCE',
      outcome: 'failed',
      detail: 'paidMonths is missing',
    });
    assert.equal(
      evaluateRule(atLeast12, field, evidence({ paidMonths: '24' }), TODAY).detail,
      'paidMonths is not a valid integer',
    );
    assert.equal(evaluateRule(atLeast12, field, evidence({ paidMonths: 24.5 }), TODAY).outcome, 'failed');
    const enumRule = rule({ ...RATING, op: '!=', value: 'D' });
    const ratingField = CATALOG.get('TAX_CREDIT_RATING')?.fields?.find((f) => f.name === 'rating');
    assert.ok(ratingField);
    assert.equal(evaluateRule(enumRule, ratingField, evidence({ rating: 'Z' }), TODAY).outcome, 'failed');
  });
});

describe('eligibility rules: consent, attestation and staleness', () => {
  const atLeast12 = { ...MONTHS, op: '>=', value: 12 };

  it('a category the company did not allow is needs-consent, whatever the record says', () => {
    assert.equal(outcome(atLeast12, { paidMonths: 40 }, { allowed: false }), 'needs-consent');
  });

  it('a category without an attested record is not-attested', () => {
    assert.equal(outcome(atLeast12, undefined), 'not-attested');
  });

  it('a record older than maxAgeMonths is stale; exactly at the limit it is not', () => {
    const fresh = { ...atLeast12, maxAgeMonths: 12 };
    assert.equal(outcome(fresh, { paidMonths: 40 }, { effectiveDate: '2025-11-28' }), 'stale');
    assert.equal(outcome(fresh, { paidMonths: 40 }, { effectiveDate: '2025-11-29' }), 'passed');
  });

  it('evaluates a rule list in order and fails closed on a field the catalog no longer has', () => {
    const rules = parseRules(
      [
        { id: 'rating', ...RATING, op: 'in', value: ['A', 'B'] },
        { id: 'months', ...atLeast12 },
      ],
      CATALOG,
    );
    const evidence = new Map<string, CategoryEvidence>([
      ['TAX_CREDIT_RATING', { allowed: true, record: { rating: 'A' }, effectiveDate: TODAY }],
    ]);
    assert.deepEqual(
      evaluateRules(rules, CATALOG, evidence, TODAY).map((r) => r.outcome),
      ['passed', 'needs-consent'],
    );
    const shrunk = new Map(CATALOG);
    shrunk.set('TAX_CREDIT_RATING', { ...(CATALOG.get('TAX_CREDIT_RATING') as Category), fields: [] });
    assert.equal(evaluateRules(rules, shrunk, evidence, TODAY)[0]?.outcome, 'failed');
  });

  it('is deterministic: the same inputs give the same outcomes', () => {
    const rules = parseRules([{ id: 'a', ...RATING, op: 'in', value: ['A'] }], CATALOG);
    const evidence = new Map<string, CategoryEvidence>([
      ['TAX_CREDIT_RATING', { allowed: true, record: { rating: 'A' }, effectiveDate: TODAY }],
    ]);
    assert.deepEqual(
      evaluateRules(rules, CATALOG, evidence, TODAY),
      evaluateRules(rules, CATALOG, evidence, TODAY),
    );
  });
});

describe('monthsBefore', () => {
  it('steps back calendar months and clamps the day to the month end', () => {
    assert.equal(monthsBefore('2026-11-29', 24), '2024-11-29');
    assert.equal(monthsBefore('2026-03-31', 1), '2026-02-28');
    assert.equal(monthsBefore('2024-03-31', 1), '2024-02-29');
    assert.equal(monthsBefore('2026-01-15', 1), '2025-12-15');
    assert.equal(monthsBefore('2026-01-15', 13), '2024-12-15');
  });
});
