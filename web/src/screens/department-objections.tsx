import { useState } from 'preact/hooks';
import { Section, StatusBadge, TxRef } from '../components/bits';
import { ErrorBox } from '../components/error-box';
import { PagedTable, usePagedList } from '../components/paged-table';
import { useI18n } from '../i18n/context';
import { formValues } from '../lib/form';
import type { Objection, Page } from '../lib/types';
import { useAction, useSession } from '../session';

const STATUSES = ['open', 'corrected', 'rejected'] as const;

/**
 * The objections about the department's records (`GET /v1/objections`: the service asks as the department,
 * so no other department's are listed), open ones first by default; one opened to resolve it.
 */
export function DepartmentObjections({ tick }: { tick: number }) {
  const i18n = useI18n();
  const { client } = useSession();
  const [status, setStatus] = useState<string>('open');
  const [selected, setSelected] = useState<Objection | undefined>(undefined);
  const list = usePagedList(
    (bookmark) =>
      client.get<Page<Objection>>('/v1/objections', {
        pageSize: 50,
        bookmark,
        status: status === '' ? undefined : status,
      }),
    [tick, status],
  );
  const openById = useAction(async (form: HTMLFormElement) => {
    const id = formValues(form).objectionId ?? '';
    const answer = await client.get<{ objection: Objection }>(`/v1/objections/${encodeURIComponent(id)}`);
    setSelected(answer.objection);
    return answer.objection;
  });
  return (
    <>
      <Section title={i18n.t('dept.tab.objections')}>
        <p class="muted">{i18n.t('dept.objections.intro')}</p>
        <div class="inline-form">
          <label for="objection-status">{i18n.t('field.status')}</label>
          <select
            id="objection-status"
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value)}
          >
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {i18n.t(`objection.${value}`)}
              </option>
            ))}
            <option value="">{i18n.t('dept.objections.all')}</option>
          </select>
        </div>
        <PagedTable
          list={list}
          label={i18n.t('dept.tab.objections')}
          head={
            <>
              <th scope="col">{i18n.t('field.uscc')}</th>
              <th scope="col">{i18n.t('field.category')}</th>
              <th scope="col">{i18n.t('field.reason')}</th>
              <th scope="col">{i18n.t('field.raisedAt')}</th>
              <th scope="col">{i18n.t('field.status')}</th>
              <th scope="col">{i18n.t('field.actions')}</th>
            </>
          }
          row={(objection) => (
            <tr key={objection.objectionId} data-objection={objection.objectionId}>
              <th scope="row">{objection.uscc}</th>
              <td>
                {objection.category} v{objection.version}
              </td>
              <td>{objection.reason}</td>
              <td>{i18n.dateTime(objection.raisedAt)}</td>
              <td>
                <StatusBadge kind="objection" value={objection.status} />
              </td>
              <td>
                <button type="button" class="secondary" onClick={() => setSelected(objection)}>
                  {objection.status === 'open'
                    ? i18n.t('dept.resolve.submit')
                    : i18n.t('dept.objections.open')}
                </button>
              </td>
            </tr>
          )}
        />
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void openById.run(event.currentTarget);
          }}
        >
          <label for="objection-id">{i18n.t('field.objectionId')}</label>
          <input id="objection-id" name="objectionId" required spellcheck={false} />
          <button type="submit" class="secondary" disabled={openById.busy}>
            {i18n.t('dept.objections.open')}
          </button>
        </form>
        <ErrorBox problem={openById.problem} />
      </Section>
      {selected === undefined ? null : (
        <ObjectionCard
          key={selected.objectionId}
          objection={selected}
          onResolved={(resolved) => {
            setSelected(resolved);
            list.reload();
          }}
        />
      )}
    </>
  );
}

/** One objection's facts and, while it is open, the resolution: corrected (with the version) or rejected. */
function ObjectionCard({
  objection,
  onResolved,
}: {
  objection: Objection;
  onResolved: (resolved: Objection) => void;
}) {
  const i18n = useI18n();
  const { client } = useSession();
  const resolve = useAction(async (form: HTMLFormElement) => {
    const values = formValues(form);
    const answer = await client.post<{ objection: Objection }>(
      `/v1/objections/${encodeURIComponent(objection.objectionId)}/resolution`,
      {
        outcome: values.outcome,
        reason: values.reason,
        ...(values.outcome === 'corrected' && values.correctedVersion
          ? { correctedVersion: Number(values.correctedVersion) }
          : {}),
      },
    );
    onResolved(answer.objection);
    return true;
  });
  return (
    <Section title={i18n.t('dept.objections.one', { id: objection.objectionId })}>
      <dl class="facts" data-selected-objection={objection.objectionId}>
        <dt>{i18n.t('field.uscc')}</dt>
        <dd>{objection.uscc}</dd>
        <dt>{i18n.t('field.category')}</dt>
        <dd>
          {objection.category} v{objection.version}
        </dd>
        <dt>{i18n.t('field.reason')}</dt>
        <dd>{objection.reason}</dd>
        <dt>{i18n.t('field.raisedAt')}</dt>
        <dd>{i18n.dateTime(objection.raisedAt)}</dd>
        <dt>{i18n.t('field.status')}</dt>
        <dd>
          <StatusBadge kind="objection" value={objection.status} />
        </dd>
        {objection.resolution === undefined ? null : (
          <>
            <dt>{i18n.t('field.resolution')}</dt>
            <dd>
              {objection.resolution.reason} <TxRef txId={objection.resolution.txId} />
            </dd>
          </>
        )}
        <dt>{i18n.t('field.tx')}</dt>
        <dd>
          <TxRef txId={objection.raisedTxId} />
        </dd>
      </dl>
      {objection.status !== 'open' ? null : (
        <form
          class="grid-form"
          onSubmit={(event) => {
            event.preventDefault();
            void resolve.run(event.currentTarget);
          }}
        >
          <fieldset class="checks">
            <legend>{i18n.t('field.outcome')}</legend>
            <label>
              <input type="radio" name="outcome" value="corrected" required />{' '}
              {i18n.t('dept.resolve.corrected')}
            </label>
            <label>
              <input type="radio" name="outcome" value="rejected" /> {i18n.t('dept.resolve.rejected')}
            </label>
          </fieldset>
          <label for="resolve-version">
            {i18n.t('field.correctedVersion')} {i18n.t('common.optional')}
          </label>
          <input id="resolve-version" name="correctedVersion" type="number" min={1} step={1} />
          <label for="resolve-reason">{i18n.t('field.reason')}</label>
          <textarea id="resolve-reason" name="reason" required rows={2} />
          <button type="submit" disabled={resolve.busy}>
            {i18n.t('dept.resolve.submit')}
          </button>
        </form>
      )}
      <ErrorBox problem={resolve.problem} />
    </Section>
  );
}
