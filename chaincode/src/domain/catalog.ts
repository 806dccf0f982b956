import type { Category, Sensitivity } from '@sme-credit-ledger/contract';
import { canonicalJson } from './canonical-json';
import { parseCategoryFields, STARTER_FIELDS } from './category-fields';
import { fail } from './errors';
import type { RequestFields } from './input';
import { requireInteger, requireList, requireString } from './input';
import type { CallerOf } from './roles';

/** Departments of the seed identities; the starter catalog uses exactly these. */
export const DEPARTMENTS = {
  SAMR: 'State Administration for Market Regulation (business registration)',
  TAX: 'Tax administration',
  HRSS: 'Human resources and social security (social insurance)',
  CUSTOMS: 'Customs',
  COURT: 'People’s courts',
  CNIPA: 'National Intellectual Property Administration (patents, trademarks)',
  MEE: 'Ministry of Ecology and Environment (environmental penalties)',
  UTILITY: 'Power and water utilities (payment records)',
  HOUSING: 'Housing provident fund',
} as const;

const CATEGORY_CODE = /^[A-Z][A-Z0-9_]{1,47}$/;
const DEPARTMENT_CODE = /^[A-Z][A-Z0-9_]{1,15}$/;
const SENSITIVITIES: readonly Sensitivity[] = ['low', 'medium', 'high'];
const MAX_DEPARTMENTS_PER_CATEGORY = 10;

function category(
  code: string,
  name: string,
  departments: string[],
  sensitivity: Sensitivity,
  schemaVersion = 1,
): Category {
  const fields = STARTER_FIELDS[code];
  return {
    code,
    name,
    departments: [...departments].sort(),
    schemaVersion,
    sensitivity,
    ...(fields === undefined ? {} : { fields }),
  };
}

/** Shipped with the chaincode; catalog:LoadStarterCatalog writes it (idempotently). */
export const STARTER_CATALOG: readonly Category[] = [
  category('BUSINESS_REGISTRATION', 'Business registration and status', ['SAMR'], 'low'),
  category('SHAREHOLDERS', 'Shareholders and registered capital', ['SAMR'], 'medium'),
  category('ABNORMAL_OPERATION', 'Abnormal operation list entries', ['SAMR'], 'medium'),
  category('TAX_PAYMENT', 'Tax payment record', ['TAX'], 'high'),
  category('TAX_CREDIT_RATING', 'Tax credit rating (A-D)', ['TAX'], 'medium'),
  category('INVOICE_VOLUME', 'VAT invoice volume by quarter', ['TAX'], 'high'),
  category('SOCIAL_INSURANCE', 'Social insurance contributions', ['HRSS'], 'high'),
  category('EMPLOYEE_HEADCOUNT', 'Insured employee headcount', ['HRSS'], 'medium'),
  category('CUSTOMS_DECLARATIONS', 'Import and export declarations', ['CUSTOMS'], 'high'),
  category('CUSTOMS_CREDIT_RATING', 'Customs enterprise credit rating', ['CUSTOMS'], 'medium'),
  category('COURT_JUDGEMENTS', 'Civil and commercial judgements', ['COURT'], 'high'),
  category('COURT_ENFORCEMENT', 'Enforcement cases and dishonest debtor list', ['COURT'], 'high'),
  category('PATENTS', 'Granted patents', ['CNIPA'], 'low'),
  category('TRADEMARKS', 'Registered trademarks', ['CNIPA'], 'low'),
  category('IP_PLEDGES', 'Patent and trademark pledges', ['CNIPA'], 'medium'),
  category('ENVIRONMENTAL_PENALTIES', 'Environmental administrative penalties', ['MEE'], 'medium'),
  category('ELECTRICITY_PAYMENTS', 'Electricity bill payments', ['UTILITY'], 'medium'),
  category('WATER_PAYMENTS', 'Water bill payments', ['UTILITY'], 'medium'),
  category('HOUSING_FUND_CONTRIBUTIONS', 'Housing provident fund contributions', ['HOUSING'], 'high'),
  category(
    'ADMINISTRATIVE_PENALTIES',
    'Administrative penalties from any department',
    ['SAMR', 'TAX', 'MEE'],
    'medium',
  ),
];

export function parseCategoryCode(value: unknown): string {
  if (typeof value !== 'string' || !CATEGORY_CODE.test(value.trim().toUpperCase())) {
    return fail(
      'VALIDATION_FAILED',
      'category codes are 2-48 characters of A-Z 0-9 _ starting with a letter',
    );
  }
  return value.trim().toUpperCase();
}

/** Checks a category definition; departments are sorted so equal definitions compare equal. */
export function parseCategory(value: unknown): Category {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail(
      'VALIDATION_FAILED',
      'category must be an object {code, name, departments, schemaVersion, sensitivity}',
    );
  }
  const fields = value as RequestFields;
  const departments = requireList(fields, 'departments', MAX_DEPARTMENTS_PER_CATEGORY, (item) => {
    if (typeof item !== 'string' || !DEPARTMENT_CODE.test(item)) {
      return fail('VALIDATION_FAILED', 'departments must be upper-case department codes such as TAX');
    }
    return item;
  });
  const sensitivity = fields.sensitivity;
  if (typeof sensitivity !== 'string' || !(SENSITIVITIES as readonly string[]).includes(sensitivity)) {
    return fail('VALIDATION_FAILED', `sensitivity must be one of ${SENSITIVITIES.join(', ')}`);
  }
  const recordFields = parseCategoryFields(fields.fields);
  return {
    code: parseCategoryCode(fields.code),
    name: requireString(fields, 'name', 200),
    departments: [...departments].sort(),
    schemaVersion: requireInteger(fields, 'schemaVersion', 1, 1000),
    sensitivity: sensitivity as Sensitivity,
    ...(recordFields === undefined ? {} : { fields: recordFields }),
  };
}

export function isSameCategory(a: Category, b: Category): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Only a department listed for the category may attest it. */
export function requireDepartmentForCategory(caller: CallerOf<'department'>, category: Category): void {
  if (!category.departments.includes(caller.dept)) {
    fail(
      'NOT_AUTHORIZED',
      `department ${caller.dept} may not attest ${category.code}; allowed: ${category.departments.join(', ')}`,
    );
  }
}

/** Records must follow the category's current schema version. */
export function requireSchemaVersion(category: Category, schemaVersion: number): void {
  if (schemaVersion !== category.schemaVersion) {
    fail(
      'VALIDATION_FAILED',
      `${category.code} expects schemaVersion ${category.schemaVersion}, got ${schemaVersion}`,
    );
  }
}
