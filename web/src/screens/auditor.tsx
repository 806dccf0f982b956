import { useState } from 'preact/hooks';
import { Empty, Notice, Section, StatusBadge, TxRef } from '../components/bits';
import { BarChart } from '../components/bar-chart';
import { ErrorBox } from '../components/error-box';
import { type Tab, Tabs, useHashTab } from '../components/tabs';
import { useI18n } from '../i18n/context';
import { formatDuration } from '../i18n/i18n';
import { planAccessSearch } from '../lib/access-search';
import { formValues, localToIso } from '../lib/form';
import { findingsByKind } from '../lib/report';
import { type AccessRecord, BANKS, type Consent, type Page, type VerificationReport } from '../lib/types';
import { useAction, useSession } from '../session';
import { AccessTable } from './record-tables';
import { BlockExplorer } from './explorer';
import { LiveStatus, useLiveEvents } from './live';
import { NetworkScreen } from './network-health';
import { purposeText } from './shared';

const TABS: Tab[] = [
  { id: 'access', label: 'audit.tab.access' },
  { id: 'consents', label: 'audit.tab.consents' },
  { id: 'verify', label: 'audit.tab.verify' },
  { id: 'blocks', label: 'audit.tab.blocks' },
  { id: 'health', label: 'audit.tab.health' },
];

export function AuditorScreens() {
  const current = useHashTab(TABS);
  const events = useLiveEvents(() => undefined);
  return (
    <Tabs tabs={TABS} current={current}>
      <LiveStatus live={events.live} last={events.last} />
      {current === 'access' && <AccessTrail />}
      {current === 'consents' && <ConsentHistory />}
      {current === 'verify' && <Verification />}
      {current === 'blocks' && <BlockExplorer />}
      {current === 'health' && <NetworkScreen />}
    </Tabs>
  );
}

function AccessTrail() {
  const i18n = useI18n();
  const { client } = useSession();
  const [found, setFound] = useState<AccessRecord[] | undefined>(undefined);
  const search = useAction(async (form: HTMLFormElement) => {
    const values = formValues(form);
    const plan = planAccessSearch({
      uscc: values.uscc,
      bankMspId: values.bank,
      from: values.from ? localToIso(values.from) : undefined,
      to: values.to ? localToIso(values.to) : undefined,
    });
    const items: AccessRecord[] = [];
    let bookmark: string | undefined;
    for (let page = 0; page < 20; page++) {
      const answer = await client.get<Page<AccessRecord>>('/v1/access', {
        ...plan.query,
        pageSize: 100,
        bookmark,
      });
      items.push(...answer.items.filter(plan.keep));
      if (!answer.bookmark || answer.items.length === 0) {
        break;
      }
      bookmark = answer.bookmark;
    }
    setFound(items);
    return items.length;
  });
  return (
    <Section title={i18n.t('audit.tab.access')}>
      <form
        class="grid-form"
        onSubmit={(event) => {
          event.preventDefault();
          void search.run(event.currentTarget);
        }}
      >
        <label for="trail-uscc">{i18n.t('field.uscc')}</label>
        <input id="trail-uscc" name="uscc" maxLength={18} spellcheck={false} />
        <label for="trail-bank">{i18n.t('field.bank')}</label>
        <select id="trail-bank" name="bank">
          <option value="">{i18n.t('common.all')}</option>
          {BANKS.map((bank) => (
            <option key={bank}>{bank}</option>
          ))}
        </select>
        <label for="trail-from">{i18n.t('field.from')}</label>
        <input id="trail-from" name="from" type="datetime-local" />
        <label for="trail-to">{i18n.t('field.to')}</label>
        <input id="trail-to" name="to" type="datetime-local" />
        <button type="submit" disabled={search.busy}>
          {search.busy ? i18n.t('common.working') : i18n.t('common.search')}
        </button>
      </form>
      <ErrorBox problem={search.problem} />
      {found === undefined ? null : <AccessTable accesses={found} />}
    </Section>
  );
}

function ConsentHistory() {
  const i18n = useI18n();
  const { client } = useSession();
  const [consents, setConsents] = useState<Consent[] | undefined>(undefined);
  const load = useAction(async (form: HTMLFormElement) => {
    const uscc = formValues(form).uscc ?? '';
    const items: Consent[] = [];
    let bookmark: string | undefined;
    for (let page = 0; page < 20; page++) {
      const answer = await client.get<Page<Consent>>(
        `/v1/companies/${encodeURIComponent(uscc)}/consent-history`,
        {
          pageSize: 100,
          bookmark,
        },
      );
      items.push(...answer.items);
      if (!answer.bookmark || answer.items.length === 0) {
        break;
      }
      bookmark = answer.bookmark;
    }
    setConsents(items);
    return items.length;
  });
  return (
    <Section title={i18n.t('audit.tab.consents')}>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void load.run(event.currentTarget);
        }}
      >
        <label for="history-uscc">{i18n.t('field.uscc')}</label>
        <input id="history-uscc" name="uscc" required minLength={18} maxLength={18} spellcheck={false} />
        <button type="submit" disabled={load.busy}>
          {i18n.t('common.search')}
        </button>
      </form>
      <ErrorBox problem={load.problem} />
      {consents === undefined ? null : consents.length === 0 ? (
        <Empty />
      ) : (
        consents.map((consent) => (
          <article class="card inner" key={consent.consentId}>
            <h3>
              {consent.bankMspId} · {consent.categories.join(', ')} · {purposeText(i18n.t, consent.purpose)}{' '}
              <StatusBadge kind="status" value={consent.status} />
            </h3>
            <p class="muted">
              <code>{consent.consentId}</code> · {i18n.dateTime(consent.validFrom)} –{' '}
              {i18n.dateTime(consent.validUntil)}
            </p>
            <ol class="timeline">
              {consent.history.map((entry) => (
                <li key={entry.txId + entry.status}>
                  <StatusBadge kind="status" value={entry.status} /> {i18n.dateTime(entry.at)}{' '}
                  <TxRef txId={entry.txId} />
                  {entry.reason === undefined ? null : <span class="muted"> · {entry.reason}</span>}
                </li>
              ))}
            </ol>
          </article>
        ))
      )}
    </Section>
  );
}

function Verification() {
  const i18n = useI18n();
  const { client } = useSession();
  const verify = useAction(async (form: HTMLFormElement) => {
    const fromGenesis = (form.elements.namedItem('fromGenesis') as HTMLInputElement).checked;
    return client.call<VerificationReport>('POST', '/v1/audit/ledger-verifications', {
      body: { fromGenesis },
    });
  });
  const report = verify.result;
  return (
    <Section title={i18n.t('audit.tab.verify')}>
      <p>{i18n.t('audit.verify.intro')}</p>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void verify.run(event.currentTarget);
        }}
      >
        <label class="check">
          <input type="checkbox" name="fromGenesis" /> {i18n.t('audit.verify.fromGenesis')}
        </label>
        <button type="submit" disabled={verify.busy}>
          {i18n.t('audit.verify.run')}
        </button>
      </form>
      {verify.busy ? <Notice>{i18n.t('audit.verify.running')}</Notice> : null}
      <ErrorBox problem={verify.problem} />
      {report === undefined ? null : <ReportView report={report} />}
    </Section>
  );
}

function ReportView({ report }: { report: VerificationReport }) {
  const i18n = useI18n();
  const findings = findingsByKind(report);
  return (
    <div class="report" data-ok={String(report.ok)}>
      <p class={`verdict ${report.ok ? 'verdict-ok' : 'verdict-bad'}`} role="status">
        {report.ok
          ? i18n.t('audit.verify.ok')
          : i18n.t('audit.verify.failed', { count: report.failures.length })}
      </p>
      <dl class="figures">
        <div>
          <dt>{i18n.t('audit.verify.blocks')}</dt>
          <dd>{i18n.number(report.blocksChecked)}</dd>
        </div>
        <div>
          <dt>{i18n.t('audit.verify.range')}</dt>
          <dd>
            {i18n.number(report.fromBlock)} – {i18n.number(report.toBlock)}
          </dd>
        </div>
        <div>
          <dt>{i18n.t('audit.verify.transactions')}</dt>
          <dd>{i18n.number(report.transactionsChecked)}</dd>
        </div>
        <div>
          <dt>{i18n.t('audit.verify.signatures')}</dt>
          <dd>{i18n.number(report.signaturesVerified)}</dd>
        </div>
        <div>
          <dt>{i18n.t('audit.verify.peer')}</dt>
          <dd class="figure-text">{report.source}</dd>
        </div>
        <div>
          <dt>{i18n.t('audit.verify.duration')}</dt>
          <dd>{formatDuration(i18n.locale, report.durationMs)}</dd>
        </div>
      </dl>
      <div class="charts">
        <BarChart
          title={i18n.t('audit.verify.chartTx')}
          bars={[
            { label: i18n.t('audit.verify.valid'), value: report.validTransactions, tone: 'good' },
            { label: i18n.t('audit.verify.invalid'), value: report.invalidTransactions, tone: 'warn' },
          ]}
        />
        {findings.length === 0 ? (
          <p class="muted">{i18n.t('audit.verify.noFindings')}</p>
        ) : (
          <BarChart title={i18n.t('audit.verify.chartFindings')} bars={findings} />
        )}
      </div>
      {[...report.failures, ...report.warnings].length === 0 ? null : (
        <ul class="findings">
          {report.failures.map((finding, index) => (
            <li key={`f${index}`} class="finding-bad">
              {i18n.t('audit.verify.failures')}: {finding.code} · {i18n.t('field.block')} {finding.block}{' '}
              <TxRef txId={finding.txId} /> {finding.message}
            </li>
          ))}
          {report.warnings.map((finding, index) => (
            <li key={`w${index}`}>
              {i18n.t('audit.verify.warnings')}: {finding.code} · {i18n.t('field.block')} {finding.block}{' '}
              <TxRef txId={finding.txId} /> {finding.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
