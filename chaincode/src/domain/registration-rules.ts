import { LIMITS, type CompanyRegistration } from '@sme-credit-ledger/contract';
import { ChaincodeError, fail } from './errors';
import { parseUscc, type Uscc } from './uscc';

/**
 * The codes of one RegisterCompanies request: a non-empty array within the limit, each a valid USCC, none
 * twice (a code twice would register once and leave the batch's count wrong).
 */
export function parseRegistrationBatch(value: unknown): Uscc[] {
  if (!Array.isArray(value) || value.length === 0) {
    return fail('VALIDATION_FAILED', 'usccs must be a non-empty array of Unified Social Credit Codes');
  }
  if (value.length > LIMITS.maxRegistrationBatch) {
    return fail(
      'LIMIT_EXCEEDED',
      `one registration batch may hold at most ${LIMITS.maxRegistrationBatch} companies, got ${value.length}`,
    );
  }
  const codes = value.map((item: unknown, index) => {
    try {
      return parseUscc(item);
    } catch (error) {
      // The position tells the department which line of its file to mend.
      if (error instanceof ChaincodeError) fail(error.code, `usccs[${index}]: ${error.detail}`);
      throw error;
    }
  });
  const seen = new Set<string>();
  for (const code of codes) {
    if (seen.has(code)) fail('VALIDATION_FAILED', `usccs names ${code} twice`);
    seen.add(code);
  }
  return codes;
}

/** Only market regulation (SAMR) registers companies. */
export function requireSamr<T extends { dept: string }>(department: T): T {
  if (department.dept !== 'SAMR') {
    fail('NOT_AUTHORIZED', `only market regulation (SAMR) registers companies, not ${department.dept}`);
  }
  return department;
}

/** A registration states the code, who registered it, and in which transaction; nothing more. */
export function registrationOf(
  uscc: Uscc,
  dept: string,
  ledger: { txId: string; txTime: string },
): CompanyRegistration {
  return { uscc, registeredByDept: dept, txId: ledger.txId, registeredAt: ledger.txTime };
}
