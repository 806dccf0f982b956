import {
  isLoanCategory,
  lenderCodeOf,
  loanCategoryOf,
  type Application,
  type Category,
  type CategoryField,
} from '@sme-credit-ledger/contract';
import { canonicalJson } from './canonical-json';
import { fail } from './errors';
import { isOfType } from './eligibility-rules';

/*
 * A lending bank reports what became of a loan as a record in its own catalog category, attested through the
 * same machinery as a department's records (hash on chain, raw record in the custodian's collection, versions,
 * supersession by the same attester only), so it joins the company's profile and the company can consent
 * to other banks reading it, like any department's data.
 */

export const LOAN_STATUSES = ['disbursed', 'repaying', 'repaid', 'overdue', 'written-off'] as const;

export const LOAN_OUTCOME_FIELDS: readonly CategoryField[] = [
  { name: 'applicationId', type: 'string' },
  { name: 'status', type: 'enum', values: [...LOAN_STATUSES] },
  { name: 'amountYuan', type: 'integer' },
  { name: 'outstandingYuan', type: 'integer' },
  { name: 'overdueDays', type: 'integer' },
  { name: 'asOf', type: 'date' },
];

const REQUIRED = ['applicationId', 'status', 'amountYuan', 'outstandingYuan', 'asOf'];

/** The attester code of a bank in its loan category (`Bank1MSP` -> `BANK1MSP`), a department-code form. */
export function lenderCode(bankMspId: string): string {
  return (
    lenderCodeOf(bankMspId) ??
    fail('VALIDATION_FAILED', `${bankMspId} cannot name a loan category: MSP ids of 2-16 letters and digits`)
  );
}

/** The bank's own loan-outcome category: `LOAN_OUTCOMES_BANK1MSP`. */
export function loanCategoryCode(bankMspId: string): string {
  return (
    loanCategoryOf(lenderCode(bankMspId)) ?? fail('VALIDATION_FAILED', `${bankMspId} has no loan category`)
  );
}

/** NOT_AUTHORIZED for a catalog definition in the lenders' namespace: a bank's profile defines its own. */
export function requireOutsideLenderNamespace(code: string): void {
  if (isLoanCategory(code)) {
    fail(
      'NOT_AUTHORIZED',
      `LOAN_OUTCOMES_ categories are the lending banks' own, defined by product:SetInstitutionProfile; choose another code than ${code}`,
    );
  }
}

/**
 * NOT_AUTHORIZED unless the attester of a loan category is its bank (ReportLoanOutcome): a department's dept
 * code may spell a bank's lender code, its MSP never is the bank's.
 */
export function requireLenderOf(code: string, attester: { mspId: string }): void {
  if (isLoanCategory(code) && loanCategoryOf(attester.mspId) !== code) {
    fail(
      'NOT_AUTHORIZED',
      `${code} is reported only by its lending bank, through application:ReportLoanOutcome`,
    );
  }
}

/** The catalog entry a bank's institution profile defines: only that bank attests it. */
export function loanCategory(bankMspId: string): Category {
  return {
    code: loanCategoryCode(bankMspId),
    name: `Loan outcomes reported by ${bankMspId}`,
    departments: [lenderCode(bankMspId)],
    schemaVersion: 1,
    sensitivity: 'high',
    fields: [...LOAN_OUTCOME_FIELDS],
  };
}

/**
 * A loan-outcome record of an approved application of the bank: every field of its type, the required ones
 * present, amounts non-negative. Returns its canonical JSON and the date it is in force from (`asOf`).
 */
export function parseLoanOutcome(
  value: unknown,
  application: Application,
): { canonicalRecord: string; effectiveDate: string } {
  if (application.status !== 'approved') {
    fail(
      'CONFLICT',
      `application ${application.applicationId} is ${application.status}; report outcomes of approved loans`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('VALIDATION_FAILED', 'the loan outcome record must be a JSON object');
  }
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter(
    (key) => !LOAN_OUTCOME_FIELDS.some((field) => field.name === key),
  );
  if (unknown.length > 0) {
    fail(
      'VALIDATION_FAILED',
      `loan outcome fields are ${LOAN_OUTCOME_FIELDS.map((f) => f.name).join(', ')}; not ${unknown.join(', ')}`,
    );
  }
  for (const field of LOAN_OUTCOME_FIELDS) {
    const item = record[field.name];
    const isRequired = REQUIRED.includes(field.name);
    if ((item === undefined && isRequired) || (item !== undefined && !isOfType(field, item))) {
      fail(
        'VALIDATION_FAILED',
        `loan outcome ${field.name} must be a ${field.type}${field.values === undefined ? '' : ` (${field.values.join(', ')})`}`,
      );
    }
    if (typeof item === 'number' && item < 0) {
      fail('VALIDATION_FAILED', `loan outcome ${field.name} must not be negative`);
    }
  }
  if (record.applicationId !== application.applicationId) {
    fail(
      'VALIDATION_FAILED',
      `the record names application ${String(record.applicationId)}, not ${application.applicationId}`,
    );
  }
  return { canonicalRecord: canonicalJson(record), effectiveDate: record.asOf as string };
}
