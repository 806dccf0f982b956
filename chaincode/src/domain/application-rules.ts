import type {
  AccessRecord,
  Application,
  ApplicationDecision,
  Consent,
  ProductEvaluation,
} from '@sme-credit-ledger/contract';
import { LIMITS } from '@sme-credit-ledger/contract';
import { refuseAccess } from './consent-rules';
import { fail } from './errors';
import { optionalInteger, requireList, type RequestFields } from './input';
import { clearsStraightThrough } from './matching';
import type { ApplicableProduct } from './matching-view';
import { requireWithin } from './product-rules';

/** How long a MatchProducts evaluation may be used to apply: the company matches, reads, then applies. */
export const EVALUATION_VALID_SECONDS = 15 * 60;
const REASON_CODE = /^[A-Z][A-Z0-9_]{1,47}$/;
const MAX_REASON_CODES = 10;
const MAX_ACCESS_IDS = 20;

type Tx = { txId: string; txTime: string };

function isShaped(evaluation: ProductEvaluation): boolean {
  return (
    typeof evaluation.uscc === 'string' &&
    typeof evaluation.bankMspId === 'string' &&
    typeof evaluation.productId === 'string' &&
    Number.isInteger(evaluation.productVersion) &&
    typeof evaluation.evaluatedAt === 'string' &&
    !Number.isNaN(Date.parse(evaluation.evaluatedAt)) &&
    Array.isArray(evaluation.rules) &&
    Array.isArray(evaluation.inputs) &&
    typeof evaluation.score === 'object' &&
    evaluation.score !== null
  );
}

/**
 * The evaluation a company sends back with Apply: its tag (checked by the caller against the platform key)
 * proves gov's peer produced it; here only its shape, its company and its age are checked.
 */
export function parseEvaluation(value: unknown, uscc: string, txTime: string): ProductEvaluation {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('VALIDATION_FAILED', 'evaluation must be the evaluation object of a MatchProducts item');
  }
  const evaluation = value as ProductEvaluation;
  if (!isShaped(evaluation)) {
    return fail(
      'VALIDATION_FAILED',
      'evaluation must be the evaluation object of a MatchProducts item, unchanged',
    );
  }
  if (evaluation.uscc !== uscc) {
    return fail('NOT_AUTHORIZED', `the evaluation is of company ${evaluation.uscc}, not ${uscc}`);
  }
  const age = (Date.parse(txTime) - Date.parse(evaluation.evaluatedAt)) / 1000;
  const tolerance = 2 * LIMITS.proposalTimeToleranceSeconds;
  if (age > EVALUATION_VALID_SECONDS || age < -tolerance) {
    return fail(
      'VALIDATION_FAILED',
      `the evaluation of ${evaluation.evaluatedAt} is older than ${EVALUATION_VALID_SECONDS} s or in the future; match again`,
    );
  }
  return evaluation;
}

/** The evaluation must be of the product's current, active version and have read all of its categories. */
export function requireApplicable(
  product: ApplicableProduct | undefined,
  evaluation: ProductEvaluation,
): ApplicableProduct {
  if (product === undefined) {
    return fail('NOT_FOUND', `${evaluation.bankMspId} has no product ${evaluation.productId}`);
  }
  if (product.status !== 'active') {
    return fail('CONFLICT', `product ${product.productId} was withdrawn; match again`);
  }
  if (product.version !== evaluation.productVersion) {
    return fail(
      'CONFLICT',
      `product ${product.productId} is at version ${product.version}, the evaluation is of ${evaluation.productVersion}; match again`,
    );
  }
  if (evaluation.rules.some((rule) => rule.outcome === 'needs-consent')) {
    return fail(
      'CONSENT_REQUIRED',
      `applying consents to ${product.categories.join(', ')}: match again with those categories allowed`,
    );
  }
  return product;
}

export function newApplication(
  product: ApplicableProduct,
  evaluation: ProductEvaluation,
  request: { amountYuan: number; termMonths: number },
  consentId: string,
  tx: Tx,
): Application {
  const application: Application = {
    applicationId: tx.txId,
    uscc: evaluation.uscc,
    bankMspId: product.bankMspId,
    productId: product.productId,
    productVersion: product.version,
    terms: { amountYuan: product.amountYuan, termMonths: product.termMonths, rateBps: product.rateBps },
    amountYuan: requireWithin('amountYuan', request.amountYuan, product.amountYuan),
    termMonths: requireWithin('termMonths', request.termMonths, product.termMonths),
    consentId,
    evaluation,
    status: 'submitted',
    txId: tx.txId,
    submittedAt: tx.txTime,
  };
  if (!clearsStraightThrough(product, evaluation) || product.straightThrough === undefined) {
    return application;
  }
  const decision: ApplicationDecision = {
    outcome: 'approved',
    decidedBy: 'straight-through',
    amountYuan: application.amountYuan,
    rateBps: product.straightThrough.rateBps,
    termMonths: application.termMonths,
    accessIds: [],
    attestedVersions: versionsOf(evaluation),
    consentId,
    txId: tx.txId,
    decidedAt: tx.txTime,
  };
  return { ...application, status: 'approved', decision };
}

function versionsOf(evaluation: ProductEvaluation): Record<string, number> {
  return Object.fromEntries(evaluation.inputs.map((input) => [input.category, input.version]));
}

export interface DecisionInput {
  outcome: 'approved' | 'declined';
  amountYuan?: number;
  rateBps?: number;
  termMonths?: number;
  reasonCodes?: string[];
  accessIds: string[];
}

export function parseDecision(fields: RequestFields): DecisionInput {
  const outcome = fields.outcome;
  const accessIds =
    fields.accessIds === undefined
      ? []
      : requireList(fields, 'accessIds', MAX_ACCESS_IDS, (item) =>
          typeof item === 'string' && item.length > 0 && item.length <= 128
            ? item
            : fail('VALIDATION_FAILED', 'accessIds must be access ids'),
        );
  if (outcome === 'approved') {
    const amountYuan = optionalInteger(fields, 'amountYuan', 1, Number.MAX_SAFE_INTEGER);
    const rateBps = optionalInteger(fields, 'rateBps', 1, Number.MAX_SAFE_INTEGER);
    const termMonths = optionalInteger(fields, 'termMonths', 1, Number.MAX_SAFE_INTEGER);
    if (amountYuan === undefined || rateBps === undefined || termMonths === undefined) {
      return fail('VALIDATION_FAILED', 'an approval needs amountYuan, rateBps and termMonths');
    }
    if (fields.reasonCodes !== undefined) {
      return fail('VALIDATION_FAILED', 'an approval carries no reasonCodes');
    }
    return { outcome, amountYuan, rateBps, termMonths, accessIds };
  }
  if (outcome === 'declined') {
    const reasonCodes = requireList(fields, 'reasonCodes', MAX_REASON_CODES, (item) =>
      typeof item === 'string' && REASON_CODE.test(item)
        ? item
        : fail('VALIDATION_FAILED', 'reasonCodes are upper-case codes such as TAX_RATING_TOO_LOW'),
    );
    return { outcome, reasonCodes, accessIds };
  }
  return fail('VALIDATION_FAILED', 'outcome must be approved or declined');
}

/**
 * The bank's decision: only on a submitted application (CONFLICT otherwise), while its consent still stands
 * (the consent's refusal code otherwise: CONSENT_REVOKED after a revocation mid-flow), with approved terms in
 * the product's ranges, relying only on the bank's own granted accesses under that consent.
 */
export function decide(
  application: Application,
  consent: Consent | undefined,
  accesses: readonly (AccessRecord | undefined)[],
  input: DecisionInput,
  tx: Tx,
): Application {
  if (application.status !== 'submitted') {
    return fail(
      'CONFLICT',
      `application ${application.applicationId} was already ${application.status} in ${application.decision?.txId ?? '?'}`,
    );
  }
  const refusal = refuseAccess(
    consent,
    {
      bankMspId: application.bankMspId,
      uscc: application.uscc,
      categories: [],
      purpose: consent?.purpose ?? 'credit-review',
    },
    tx.txTime,
  );
  if (refusal !== undefined) {
    return fail(refusal.code, `application ${application.applicationId}: ${refusal.detail}`);
  }
  const attestedVersions: Record<string, number> = Object.fromEntries(
    application.evaluation.inputs.map((item) => [item.category, item.version]),
  );
  input.accessIds.forEach((accessId, index) => {
    const access = accesses[index];
    if (access === undefined || access.consentId !== application.consentId || access.outcome !== 'granted') {
      fail(
        'VALIDATION_FAILED',
        `access ${accessId} is not a granted access under consent ${application.consentId}`,
      );
    }
    Object.assign(attestedVersions, access.attestedVersions ?? {});
  });
  const approved =
    input.outcome === 'approved'
      ? {
          amountYuan: requireWithin('amountYuan', input.amountYuan ?? 0, application.terms.amountYuan),
          rateBps: requireWithin('rateBps', input.rateBps ?? 0, application.terms.rateBps),
          termMonths: requireWithin('termMonths', input.termMonths ?? 0, application.terms.termMonths),
        }
      : { reasonCodes: input.reasonCodes ?? [] };
  const decision: ApplicationDecision = {
    outcome: input.outcome,
    decidedBy: 'bank',
    ...approved,
    accessIds: input.accessIds,
    attestedVersions,
    consentId: application.consentId,
    txId: tx.txId,
    decidedAt: tx.txTime,
  };
  return { ...application, status: input.outcome, decision };
}
