import { useState } from 'preact/hooks';
import { Empty, Notice, Section, TxRef } from '../components/bits';
import { ErrorBox } from '../components/error-box';
import { useI18n } from '../i18n/context';
import type { Application } from '../lib/financing-types';
import { checkedValues, formValues } from '../lib/form';
import type { Page } from '../lib/types';
import { type Loaded, useAction, useLoad, useSession } from '../session';
import { allPages } from './record-tables';
import { decisionText, OutcomeBadge, REASON_CODES, reasonText, RuleTable } from './financing-bits';

/** Applications to the bank's products, decided once each. */
export function BankApplications({ tick }: { tick: number }) {
  const i18n = useI18n();
  const applications = useBankApplications(tick);
  // Kept here, not in the card's form: once the list shows the decision, the form is gone.
  const [decided, setDecided] = useState<Application | undefined>(undefined);
  const onDecided = (application: Application) => {
    setDecided(application);
    applications.reload((list) =>
      list.some(
        (item) => item.applicationId === application.applicationId && item.status === application.status,
      ),
    );
  };
  const items = applications.value;
  return (
    <Section title={i18n.t('bank.tab.applications')}>
      <p class="muted">{i18n.t('bank.apps.intro')}</p>
      <ErrorBox problem={applications.problem} />
      {decided === undefined ? null : (
        <Notice tone="ok">
          {i18n.t('bank.apps.decided', {
            id: decided.applicationId,
            outcome: i18n.t(`application.${decided.status}`),
          })}
        </Notice>
      )}
      {items === undefined ? (
        <p>{i18n.t('common.loading')}</p>
      ) : items.length === 0 ? (
        <Empty />
      ) : (
        items.map((application) => (
          <ApplicationCard key={application.applicationId} application={application} onDecided={onDecided} />
        ))
      )}
    </Section>
  );
}

function useBankApplications(tick: number): Loaded<Application[]> {
  const { client, me } = useSession();
  return useLoad(
    () =>
      allPages((bookmark) =>
        client.get<Page<Application>>(`/v1/banks/${me.mspId}/applications`, { pageSize: 100, bookmark }),
      ),
    [tick],
  );
}

function ApplicationCard({
  application,
  onDecided,
}: {
  application: Application;
  onDecided: (decided: Application) => void;
}) {
  const i18n = useI18n();
  const headingId = `application-${application.applicationId}`;
  const score = application.evaluation.score;
  return (
    <article class="card inner" aria-labelledby={headingId} data-application={application.applicationId}>
      <h3 id={headingId}>
        {application.productId} · {application.uscc}{' '}
        <OutcomeBadge prefix="application" value={application.status} />
      </h3>
      <dl class="facts">
        <dt>{i18n.t('field.applicationId')}</dt>
        <dd>
          <code>{application.applicationId}</code>
        </dd>
        <dt>{i18n.t('field.amount')}</dt>
        <dd>{i18n.number(application.amountYuan)}</dd>
        <dt>{i18n.t('field.term')}</dt>
        <dd>{i18n.number(application.termMonths)}</dd>
        <dt>{i18n.t('field.submittedAt')}</dt>
        <dd>
          {i18n.dateTime(application.submittedAt)} <TxRef txId={application.txId} />
        </dd>
        <dt>{i18n.t('field.score')}</dt>
        <dd>
          {i18n.t('fin.match.score', { score: i18n.number(score.score), max: i18n.number(score.maxScore) })}
        </dd>
        {application.decision === undefined ? null : (
          <>
            <dt>{i18n.t('field.decision')}</dt>
            <dd>{decisionText(i18n, application)}</dd>
          </>
        )}
      </dl>
      <details>
        <summary>{i18n.t('fin.rules')}</summary>
        <RuleTable rules={application.evaluation.rules} />
      </details>
      {application.status === 'submitted' ? (
        <DecisionForm application={application} onDecided={onDecided} />
      ) : null}
    </article>
  );
}

function DecisionForm({
  application,
  onDecided,
}: {
  application: Application;
  onDecided: (decided: Application) => void;
}) {
  const i18n = useI18n();
  const { client } = useSession();
  const id = (name: string) => `decide-${application.applicationId}-${name}`;
  const decide = useAction(async (outcome: 'approved' | 'declined', form: HTMLFormElement) => {
    const values = formValues(form);
    const body =
      outcome === 'approved'
        ? {
            outcome,
            amountYuan: Number(values.amountYuan),
            rateBps: Number(values.rateBps),
            termMonths: Number(values.termMonths),
          }
        : { outcome, reasonCodes: reasonCodes(form, values.otherReasons ?? '') };
    const answer = await client.post<{ application: Application }>(
      `/v1/applications/${encodeURIComponent(application.applicationId)}/decision`,
      body,
    );
    onDecided(answer.application);
    return answer.application;
  });
  const submit = (outcome: 'approved' | 'declined') => (event: Event) => {
    const form = (event.currentTarget as HTMLButtonElement).form;
    if (form !== null && (outcome === 'declined' || form.reportValidity())) {
      void decide.run(outcome, form);
    }
  };
  const { terms } = application;
  return (
    <form class="grid-form decide" onSubmit={(event) => event.preventDefault()}>
      <fieldset class="range">
        <legend>{i18n.t('bank.apps.approve')}</legend>
        <label for={id('amount')}>{i18n.t('field.amount')}</label>
        <input
          id={id('amount')}
          name="amountYuan"
          type="number"
          required
          step={1}
          min={terms.amountYuan.min}
          max={terms.amountYuan.max}
          value={application.amountYuan}
        />
        <label for={id('rate')}>{i18n.t('field.rateBps')}</label>
        <input
          id={id('rate')}
          name="rateBps"
          type="number"
          required
          step={1}
          min={terms.rateBps.min}
          max={terms.rateBps.max}
          value={terms.rateBps.min}
        />
        <label for={id('term')}>{i18n.t('field.term')}</label>
        <input
          id={id('term')}
          name="termMonths"
          type="number"
          required
          step={1}
          min={terms.termMonths.min}
          max={terms.termMonths.max}
          value={application.termMonths}
        />
        <button type="button" disabled={decide.busy} onClick={submit('approved')}>
          {i18n.t('bank.apps.approve')}
        </button>
      </fieldset>
      <fieldset class="checks">
        <legend>{i18n.t('bank.apps.reasons')}</legend>
        {REASON_CODES.map((code) => (
          <label key={code}>
            <input type="checkbox" name="reasonCodes" value={code} /> {reasonText(i18n, code)}
          </label>
        ))}
        <label for={id('other')}>{i18n.t('bank.apps.otherReasons')}</label>
        <input id={id('other')} name="otherReasons" pattern="[A-Z0-9_, ]*" spellcheck={false} />
        <button type="button" class="secondary" disabled={decide.busy} onClick={submit('declined')}>
          {i18n.t('bank.apps.decline')}
        </button>
      </fieldset>
      <ErrorBox problem={decide.problem} />
    </form>
  );
}

function reasonCodes(form: HTMLFormElement, other: string): string[] {
  const typed = other
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '');
  return [...checkedValues(form, 'reasonCodes'), ...typed];
}
