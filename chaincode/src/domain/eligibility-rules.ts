import type {
  Category,
  CategoryField,
  EligibilityRule,
  FieldType,
  RuleEvaluation,
  RuleOperator,
  RuleValue,
} from '@sme-credit-ledger/contract';
import { fail } from './errors';

/*
 * Eligibility rules are data: one condition over one field of one catalog category. Publication checks each
 * against the catalog (known category, known field, operator and value of the field's type), so evaluation
 * never meets a malformed rule. Evaluation is a pure function of the rule, the evaluation time and what the
 * custodian holds for the category; every comparison is on integers, booleans or `YYYY-MM-DD` strings.
 */

export const RULE_OPERATORS: readonly RuleOperator[] = [
  'in',
  'not-in',
  '>=',
  '<=',
  '==',
  '!=',
  'exists',
  'within-last-months',
  'not-within-last-months',
];

/** Which field types each operator applies to. */
const OPERATOR_TYPES: Record<RuleOperator, readonly FieldType[]> = {
  in: ['string', 'enum'],
  'not-in': ['string', 'enum'],
  '>=': ['integer', 'date'],
  '<=': ['integer', 'date'],
  '==': ['string', 'enum', 'integer', 'boolean', 'date'],
  '!=': ['string', 'enum', 'integer', 'boolean', 'date'],
  exists: ['string', 'enum', 'integer', 'boolean', 'date'],
  'within-last-months': ['date'],
  'not-within-last-months': ['date'],
};

const RULE_ID = /^[a-z0-9][a-z0-9-]{0,47}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_LIST = 50;
const MAX_MONTHS = 600;
const MAX_STRING = 64;
export const MAX_RULES_PER_PRODUCT = 20;

function invalid(rule: number | string, detail: string): never {
  return fail('VALIDATION_FAILED', `rule ${rule}: ${detail}`);
}

function isDate(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    ISO_DATE.test(value) &&
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value
  );
}

/** Whether `value` is of the field's type (an enum value must be one of its values). */
export function isOfType(field: CategoryField, value: unknown): boolean {
  switch (field.type) {
    case 'string':
      return typeof value === 'string';
    case 'enum':
      return typeof value === 'string' && (field.values ?? []).includes(value);
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return isDate(value);
  }
}

function parseListValue(label: string, op: RuleOperator, field: CategoryField, value: unknown): string[] {
  const isList =
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= MAX_LIST &&
    value.every((item) => isOfType(field, item) && (item as string).length <= MAX_STRING) &&
    new Set(value).size === value.length;
  return isList
    ? [...(value as string[])].sort()
    : invalid(
        label,
        `${op} takes 1-${MAX_LIST} distinct values of ${field.name}'s type ${describeType(field)}`,
      );
}

function isMonths(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_MONTHS;
}

function parseValue(
  label: string,
  op: RuleOperator,
  field: CategoryField,
  value: unknown,
): RuleValue | undefined {
  switch (op) {
    case 'exists':
      return value === undefined ? undefined : invalid(label, 'exists takes no value');
    case 'within-last-months':
    case 'not-within-last-months':
      return isMonths(value) ? value : invalid(label, `${op} takes a number of months, 1-${MAX_MONTHS}`);
    case 'in':
    case 'not-in':
      return parseListValue(label, op, field, value);
    default:
      return isOfType(field, value) && (typeof value !== 'string' || value.length <= MAX_STRING)
        ? (value as RuleValue)
        : invalid(label, `${op} takes a value of ${field.name}'s type ${describeType(field)}`);
  }
}

function describeType(field: CategoryField): string {
  return field.type === 'enum' ? `enum (${(field.values ?? []).join(', ')})` : field.type;
}

/**
 * Checks one rule against the catalog: UNKNOWN_CATEGORY for a category the catalog lacks, VALIDATION_FAILED
 * for an unknown field, an operator the field's type does not support, or a value of the wrong type.
 */
export function parseRule(
  value: unknown,
  index: number,
  catalog: ReadonlyMap<string, Category>,
): EligibilityRule {
  const fields = requireRuleObject(value, index);
  const { id, op } = fields;
  if (typeof id !== 'string' || !RULE_ID.test(id)) {
    return invalid(index, 'id must be 1-48 characters of a-z 0-9 - starting with a letter or digit');
  }
  const { category, field } = findField(id, fields, catalog);
  if (typeof op !== 'string' || !(RULE_OPERATORS as readonly string[]).includes(op)) {
    return invalid(id, `op must be one of ${RULE_OPERATORS.join(' ')}`);
  }
  const operator = op as RuleOperator;
  if (!OPERATOR_TYPES[operator].includes(field.type)) {
    return invalid(id, `${op} does not apply to ${field.name} (${field.type})`);
  }
  const ruleValue = parseValue(id, operator, field, fields.value);
  const maxAgeMonths = fields.maxAgeMonths;
  if (maxAgeMonths !== undefined && !isMonths(maxAgeMonths)) {
    return invalid(id, `maxAgeMonths must be an integer 1-${MAX_MONTHS}`);
  }
  return {
    id,
    category: category.code,
    field: field.name,
    op: operator,
    ...(ruleValue === undefined ? {} : { value: ruleValue }),
    ...(maxAgeMonths === undefined ? {} : { maxAgeMonths }),
  };
}

const RULE_PROPERTIES = new Set(['id', 'category', 'field', 'op', 'value', 'maxAgeMonths']);

function requireRuleObject(value: unknown, index: number): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return invalid(index, 'must be an object {id, category, field, op, value?, maxAgeMonths?}');
  }
  const extra = Object.keys(value).filter((key) => !RULE_PROPERTIES.has(key));
  return extra.length === 0
    ? (value as Record<string, unknown>)
    : invalid(index, `unknown properties ${extra.join(', ')}`);
}

function findField(
  id: string,
  fields: Record<string, unknown>,
  catalog: ReadonlyMap<string, Category>,
): { category: Category; field: CategoryField } {
  const category = typeof fields.category === 'string' ? catalog.get(fields.category) : undefined;
  if (category === undefined) {
    return fail('UNKNOWN_CATEGORY', `rule ${id}: category ${String(fields.category)} is not in the catalog`);
  }
  const known = category.fields ?? [];
  const field = known.find((candidate) => candidate.name === fields.field);
  return field === undefined
    ? invalid(
        id,
        `${category.code} has no field ${String(fields.field)}; its fields: ${known.map((f) => f.name).join(', ') || 'none defined'}`,
      )
    : { category, field };
}

/** A product's rule list: 1-20 rules with distinct ids. */
export function parseRules(value: unknown, catalog: ReadonlyMap<string, Category>): EligibilityRule[] {
  if (!Array.isArray(value) || value.length === 0) {
    return fail('VALIDATION_FAILED', 'rules must be a non-empty array');
  }
  if (value.length > MAX_RULES_PER_PRODUCT) {
    return fail('LIMIT_EXCEEDED', `a product has at most ${MAX_RULES_PER_PRODUCT} rules`);
  }
  const rules = value.map((rule, index) => parseRule(rule, index, catalog));
  if (new Set(rules.map((rule) => rule.id)).size !== rules.length) {
    return fail('VALIDATION_FAILED', 'rule ids must be unique within a product');
  }
  return rules;
}

/** What the custodian holds for one category of the company, as the evaluation may see it. */
export interface CategoryEvidence {
  /** False when the company did not let this evaluation use the category. */
  allowed: boolean;
  /** The latest attested record, when one exists and its raw record is held (not erased). */
  record?: Record<string, unknown>;
  /** `YYYY-MM-DD` from which the record is in force. */
  effectiveDate?: string;
}

/** The calendar date `months` months before `today` (day clamped to the month's end), `YYYY-MM-DD`. */
export function monthsBefore(today: string, months: number): string {
  const [year = 0, month = 1, day = 1] = today.split('-').map(Number);
  const index = year * 12 + (month - 1) - months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(targetYear, 4)}-${pad(targetMonth, 2)}-${pad(Math.min(day, lastDay), 2)}`;
}

function compare(op: '>=' | '<=' | '==' | '!=', actual: unknown, expected: RuleValue): boolean {
  switch (op) {
    case '==':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '>=':
      return (actual as number | string) >= (expected as number | string);
    case '<=':
      return (actual as number | string) <= (expected as number | string);
  }
}

function outcomeOfValue(
  rule: EligibilityRule,
  field: CategoryField,
  actual: unknown,
  today: string,
): string | undefined {
  const isMissing = actual === undefined || actual === null;
  if (rule.op === 'exists' || (rule.op === 'not-within-last-months' && isMissing)) {
    // exists: only presence matters; not-within: no such event recorded passes.
    return isMissing && rule.op === 'exists' ? `${rule.field} is missing` : undefined;
  }
  if (isMissing) {
    return `${rule.field} is missing`;
  }
  return isOfType(field, actual)
    ? failureOf(rule, actual, today)
    : `${rule.field} is not a valid ${field.type}`;
}

/** Why a present, well-typed value fails the rule, or undefined when it passes. */
function failureOf(rule: EligibilityRule, actual: unknown, today: string): string | undefined {
  const value = rule.value as RuleValue;
  switch (rule.op) {
    case 'in':
    case 'not-in': {
      const listed = (value as string[]).includes(actual as string);
      const holds = rule.op === 'in' ? listed : !listed;
      return holds ? undefined : `${rule.field} ${rule.op} ${(value as string[]).join(', ')} does not hold`;
    }
    case 'within-last-months': {
      const date = actual as string;
      return date >= monthsBefore(today, value as number) && date <= today
        ? undefined
        : `${rule.field} is not within the last ${String(value)} months`;
    }
    case 'not-within-last-months':
      return (actual as string) < monthsBefore(today, value as number)
        ? undefined
        : `${rule.field} is within the last ${String(value)} months`;
    default:
      return compare(rule.op as '>=' | '<=' | '==' | '!=', actual, value)
        ? undefined
        : `${rule.field} ${rule.op} ${JSON.stringify(value)} does not hold`;
  }
}

/**
 * The outcome of one rule at `today` (`YYYY-MM-DD`, from the transaction time). Order: the company's scope
 * (needs-consent), then whether a record is held (not-attested), its age (stale), then the condition.
 */
export function evaluateRule(
  rule: EligibilityRule,
  field: CategoryField,
  evidence: CategoryEvidence | undefined,
  today: string,
): RuleEvaluation {
  const base = { ruleId: rule.id, category: rule.category };
  if (evidence === undefined || !evidence.allowed) {
    return { ...base, outcome: 'needs-consent' };
  }
  if (evidence.record === undefined) {
    return { ...base, outcome: 'not-attested' };
  }
  if (
    rule.maxAgeMonths !== undefined &&
    (evidence.effectiveDate ?? '') < monthsBefore(today, rule.maxAgeMonths)
  ) {
    return {
      ...base,
      outcome: 'stale',
      detail: `record in force since ${evidence.effectiveDate ?? '?'}, older than ${rule.maxAgeMonths} months`,
    };
  }
  const failure = outcomeOfValue(rule, field, evidence.record[rule.field], today);
  return failure === undefined
    ? { ...base, outcome: 'passed' }
    : { ...base, outcome: 'failed', detail: failure };
}

/** Every rule of a product, in order; a field no longer in the catalog fails closed. */
export function evaluateRules(
  rules: readonly EligibilityRule[],
  catalog: ReadonlyMap<string, Category>,
  evidence: ReadonlyMap<string, CategoryEvidence>,
  today: string,
): RuleEvaluation[] {
  return rules.map((rule) => {
    const field = catalog.get(rule.category)?.fields?.find((candidate) => candidate.name === rule.field);
    return field === undefined
      ? {
          ruleId: rule.id,
          category: rule.category,
          outcome: 'failed',
          detail: `${rule.category}.${rule.field} is no longer in the catalog`,
        }
      : evaluateRule(rule, field, evidence.get(rule.category), today);
  });
}
