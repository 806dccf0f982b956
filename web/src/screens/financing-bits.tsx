import { type I18n, useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/en';
import { isMessageKey } from '../i18n/i18n';
import type { Application, IntegerRange, RuleEvaluation } from '../lib/financing-types';

/** A rule's outcome with its explanation: what the outcome means for the company, and the chaincode's why. */
export function RuleTable({ rules }: { rules: RuleEvaluation[] }) {
  const i18n = useI18n();
  // On a phone the explanations scroll sideways: a focusable, labelled region lets the keyboard scroll it.
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={i18n.t('field.rule')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{i18n.t('field.rule')}</th>
            <th scope="col">{i18n.t('field.category')}</th>
            <th scope="col">{i18n.t('field.outcome')}</th>
            <th scope="col">{i18n.t('field.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.ruleId} data-rule={rule.ruleId}>
              <th scope="row">
                <code>{rule.ruleId}</code>
              </th>
              <td>{rule.category}</td>
              <td>
                <OutcomeBadge prefix="rule" value={rule.outcome} />
              </td>
              <td>
                {i18n.t(`rule.help.${rule.outcome}` as MessageKey)}
                {rule.detail === undefined ? null : <div class="muted">{rule.detail}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A translated badge for `prefix.value` (rule outcomes, application and product states). */
export function OutcomeBadge({ prefix, value }: { prefix: string; value: string }) {
  const i18n = useI18n();
  const key = `${prefix}.${value}`;
  return <span class={`badge badge-${prefix}-${value}`}>{isMessageKey(key) ? i18n.t(key) : value}</span>;
}

export function rangeText(i18n: I18n, range: IntegerRange): string {
  return i18n.t('fin.range', { min: i18n.number(range.min), max: i18n.number(range.max) });
}

/** Basis points as a percentage in the reader's locale (385 -> 3.85 %). */
export function rateText(i18n: I18n, bps: number): string {
  return i18n.t('fin.rate', { rate: i18n.number(bps / 100) });
}

export function rateRangeText(i18n: I18n, range: IntegerRange): string {
  return i18n.t('fin.range', { min: rateText(i18n, range.min), max: rateText(i18n, range.max) });
}

export function productTypeText(i18n: I18n, type: string): string {
  const key = `productType.${type}`;
  return isMessageKey(key) ? i18n.t(key) : type;
}

/** Common decline reasons, translated; the chaincode takes any upper-case code (the form has a free field). */
export const REASON_CODES = [
  'TAX_RATING_TOO_LOW',
  'INSUFFICIENT_HISTORY',
  'EXPOSURE_LIMIT',
  'INCOMPLETE_DATA',
  'OUTSIDE_POLICY',
] as const;

/** An application's decision in the reader's language: the approved terms, or the translated reasons. */
export function decisionText(i18n: I18n, application: Application): string {
  const decision = application.decision;
  if (decision === undefined) {
    return '';
  }
  if (decision.outcome === 'declined') {
    const reasons = (decision.reasonCodes ?? []).map((code) => reasonText(i18n, code));
    return `${i18n.t('application.declined')}: ${reasons.join('; ')}`;
  }
  const parts = [
    i18n.t('application.approved'),
    `${i18n.t('field.amount')} ${i18n.number(decision.amountYuan)}`,
    `${i18n.t('field.rate')} ${rateText(i18n, decision.rateBps ?? 0)}`,
    `${i18n.t('field.term')} ${i18n.number(decision.termMonths)}`,
  ];
  if (decision.decidedBy === 'straight-through') {
    parts.push(i18n.t('decidedBy.straight-through'));
  }
  return parts.join(' · ');
}

export function reasonText(i18n: I18n, code: string): string {
  return (REASON_CODES as readonly string[]).includes(code) ? i18n.t(`reason.${code}` as MessageKey) : code;
}
