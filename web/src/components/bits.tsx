import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { useI18n } from '../i18n/context';
import { isMessageKey } from '../i18n/i18n';
import { txHref } from '../lib/explorer-route';
import { SessionContext } from '../session';

/**
 * A transaction reference: shortened on screen, whole in its title and for screen readers; for auditors (the
 * only role the block explorer serves) a link to the transaction's page.
 */
export function TxRef({ txId, block }: { txId: string | undefined; block?: string | number | undefined }) {
  const i18n = useI18n();
  const auditor = useContext(SessionContext)?.me.role === 'auditor';
  if (txId === undefined) {
    return <span>—</span>;
  }
  const code = (
    <code title={txId} aria-label={`${i18n.t('field.tx')} ${txId}`}>
      {txId.slice(0, 10)}…
    </code>
  );
  return (
    <span class="tx">
      {auditor && /^[0-9a-f]{64}$/.test(txId) ? <a href={txHref(txId)}>{code}</a> : code}
      {block === undefined ? null : (
        <span class="muted">
          {' '}
          {i18n.t('field.block')} {i18n.number(block)}
        </span>
      )}
    </span>
  );
}

export function StatusBadge({ kind, value }: { kind: 'status' | 'outcome' | 'objection'; value: string }) {
  const i18n = useI18n();
  const key = `${kind}.${value}`;
  return <span class={`badge badge-${value}`}>{isMessageKey(key) ? i18n.t(key) : value}</span>;
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="card">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function Notice({ children, tone = 'info' }: { children: ComponentChildren; tone?: 'info' | 'ok' }) {
  return (
    <p class={`notice notice-${tone}`} role="status">
      {children}
    </p>
  );
}

export function Empty() {
  return <p class="muted">{useI18n().t('common.empty')}</p>;
}

export function CategoryList({ codes }: { codes: string[] }) {
  return <span>{codes.join(', ')}</span>;
}
