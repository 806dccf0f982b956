import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { computeScore, SCORECARD, scorecardCategories, type ScoredRecord } from './scorecard';

const TODAY = '2026-11-29';
let next = 0;
function scored(record: Record<string, unknown>): ScoredRecord {
  next += 1;
  return { record, version: next, hash: String(next).padStart(64, '0') };
}

describe('scorecard', () => {
  it('is 100 points over six documented factors', () => {
    assert.equal(SCORECARD.version, 1);
    assert.equal(computeScore(new Map(), TODAY).maxScore, 100);
    assert.deepEqual(scorecardCategories(), [
      'BUSINESS_REGISTRATION',
      'COURT_ENFORCEMENT',
      'CUSTOMS_CREDIT_RATING',
      'PATENTS',
      'SOCIAL_INSURANCE',
      'TAX_CREDIT_RATING',
    ]);
  });

  it('scores nothing without records, and lists every factor with zero points', () => {
    const result = computeScore(new Map(), TODAY);
    assert.equal(result.score, 0);
    assert.ok(result.factors.every((factor) => factor.points === 0 && factor.hash === undefined));
  });

  it('scores a full profile to 100 and names the version and hash behind each factor', () => {
    const records = new Map<string, ScoredRecord>([
      ['TAX_CREDIT_RATING', scored({ rating: 'A' })],
      ['SOCIAL_INSURANCE', scored({ paidMonths: 48 })],
      ['COURT_ENFORCEMENT', scored({ openCases: 0 })],
      ['CUSTOMS_CREDIT_RATING', scored({ rating: 'AEO-advanced' })],
      ['PATENTS', scored({ invention: 37 })],
      ['BUSINESS_REGISTRATION', scored({ established: '2016-04-12' })],
    ]);
    const result = computeScore(records, TODAY);
    assert.equal(result.score, 100);
    const tax = result.factors.find((factor) => factor.factorId === 'tax-credit-rating');
    assert.equal(tax?.hash, records.get('TAX_CREDIT_RATING')?.hash);
    assert.equal(tax?.version, records.get('TAX_CREDIT_RATING')?.version);
  });

  it('uses integer arithmetic: floor of the capped value times the weight over the cap', () => {
    const points = (factorId: string, category: string, record: Record<string, unknown>): number =>
      computeScore(new Map([[category, scored(record)]]), TODAY).factors.find((f) => f.factorId === factorId)
        ?.points ?? -1;
    assert.equal(points('social-insurance-months', 'SOCIAL_INSURANCE', { paidMonths: 12 }), 6); // 12*20/36 = 6.67
    assert.equal(points('social-insurance-months', 'SOCIAL_INSURANCE', { paidMonths: 36 }), 20);
    assert.equal(points('social-insurance-months', 'SOCIAL_INSURANCE', { paidMonths: -3 }), 0);
    assert.equal(points('invention-patents', 'PATENTS', { invention: 1 }), 2);
    assert.equal(points('tax-credit-rating', 'TAX_CREDIT_RATING', { rating: 'B' }), 18);
    assert.equal(points('tax-credit-rating', 'TAX_CREDIT_RATING', { rating: 'Z' }), 0);
    assert.equal(points('no-open-enforcement', 'COURT_ENFORCEMENT', { openCases: 2 }), 0);
  });

  it('counts whole years in business up to the evaluation day', () => {
    const years = (established: string): number =>
      computeScore(new Map([['BUSINESS_REGISTRATION', scored({ established })]]), TODAY).score;
    assert.equal(years('2021-11-29'), 7); // 5 years: 5*15/10 = 7.5
    assert.equal(years('2021-11-30'), 6); // 4 years
    assert.equal(years('2027-01-01'), 0, 'a future date scores nothing');
    assert.equal(years('not a date'), 0);
  });

  it('is reproducible: the same records and day give the same result', () => {
    const records = new Map([['TAX_CREDIT_RATING', scored({ rating: 'M' })]]);
    assert.deepEqual(computeScore(records, TODAY), computeScore(records, TODAY));
  });
});
