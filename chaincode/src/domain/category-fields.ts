import type { CategoryField, FieldType } from '@sme-credit-ledger/contract';
import { fail } from './errors';

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,47}$/;
const FIELD_TYPES: readonly FieldType[] = ['string', 'enum', 'integer', 'boolean', 'date'];
const MAX_FIELDS = 50;
const MAX_ENUM_VALUES = 50;

const int = (name: string): CategoryField => ({ name, type: 'integer' });
const date = (name: string): CategoryField => ({ name, type: 'date' });
const bool = (name: string): CategoryField => ({ name, type: 'boolean' });
const str = (name: string): CategoryField => ({ name, type: 'string' });
const oneOf = (name: string, values: string[]): CategoryField => ({ name, type: 'enum', values });

/**
 * Field definitions of the starter categories: what departments' records hold (the demo attests these
 * shapes). Data, not code paths: a category defined later carries its own `fields`.
 */
export const STARTER_FIELDS: Readonly<Record<string, CategoryField[]>> = {
  BUSINESS_REGISTRATION: [
    oneOf('status', ['active', 'suspended', 'revoked', 'cancelled']),
    int('registeredCapitalYuan'),
    date('established'),
  ],
  SHAREHOLDERS: [int('shareholders'), int('registeredCapitalYuan')],
  ABNORMAL_OPERATION: [bool('listed'), date('listedSince')],
  TAX_PAYMENT: [str('period'), int('paidYuan'), bool('overdue')],
  TAX_CREDIT_RATING: [int('year'), oneOf('rating', ['A', 'B', 'M', 'C', 'D'])],
  INVOICE_VOLUME: [str('quarter'), int('invoices'), int('amountYuan')],
  SOCIAL_INSURANCE: [int('paidMonths'), int('insuredEmployees'), bool('arrears')],
  EMPLOYEE_HEADCOUNT: [int('insured')],
  CUSTOMS_DECLARATIONS: [int('year'), int('exportsUsd'), int('importsUsd')],
  CUSTOMS_CREDIT_RATING: [str('rating')],
  COURT_JUDGEMENTS: [int('lostCases'), date('lastJudgementDate')],
  COURT_ENFORCEMENT: [int('openCases'), bool('dishonestDebtor'), date('lastEnforcementDate')],
  PATENTS: [int('invention'), int('utilityModel'), int('design')],
  TRADEMARKS: [int('registered')],
  IP_PLEDGES: [int('activePledges'), int('pledgedValueYuan')],
  ENVIRONMENTAL_PENALTIES: [int('count'), date('lastPenaltyDate')],
  ELECTRICITY_PAYMENTS: [int('months'), int('kwh'), int('lateMonths')],
  WATER_PAYMENTS: [int('months'), int('lateMonths')],
  HOUSING_FUND_CONTRIBUTIONS: [int('paidMonths'), int('employees')],
  ADMINISTRATIVE_PENALTIES: [int('count'), date('lastPenaltyDate')],
};

function parseField(value: unknown): CategoryField {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('VALIDATION_FAILED', 'each field must be an object {name, type, values?}');
  }
  const { name, type, values } = value as Record<string, unknown>;
  if (typeof name !== 'string' || !FIELD_NAME.test(name)) {
    return fail(
      'VALIDATION_FAILED',
      'field names are 1-48 characters of A-Z a-z 0-9 _ starting with a letter',
    );
  }
  if (typeof type !== 'string' || !(FIELD_TYPES as readonly string[]).includes(type)) {
    return fail('VALIDATION_FAILED', `field ${name}: type must be one of ${FIELD_TYPES.join(', ')}`);
  }
  if (type !== 'enum') {
    return values === undefined
      ? { name, type: type as FieldType }
      : fail('VALIDATION_FAILED', `field ${name}: only enum fields list values`);
  }
  const isValueList =
    Array.isArray(values) &&
    values.length > 0 &&
    values.length <= MAX_ENUM_VALUES &&
    values.every((item) => typeof item === 'string' && item.length > 0 && item.length <= 64) &&
    new Set(values).size === values.length;
  return isValueList
    ? { name, type: 'enum', values: values as string[] }
    : fail('VALIDATION_FAILED', `field ${name}: an enum lists 1-${MAX_ENUM_VALUES} distinct strings`);
}

/** A category's optional field list; names are unique. */
export function parseCategoryFields(value: unknown): CategoryField[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_FIELDS) {
    return fail('VALIDATION_FAILED', `fields must be an array of 1-${MAX_FIELDS} field definitions`);
  }
  const fields = value.map(parseField);
  if (new Set(fields.map((field) => field.name)).size !== fields.length) {
    return fail('VALIDATION_FAILED', 'field names must be unique within a category');
  }
  return fields;
}
