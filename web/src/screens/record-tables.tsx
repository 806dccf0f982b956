import { Empty, StatusBadge, TxRef } from '../components/bits';
import { useI18n } from '../i18n/context';
import type { AccessRecord, Consent, Objection, Page } from '../lib/types';
import { purposeText } from './shared';

/** Every page of a list the service pages with bookmarks (at most 20 pages of 100). */
export async function allPages<T>(load: (bookmark: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let bookmark: string | undefined;
  for (let page = 0; page < 20; page++) {
    const answer = await load(bookmark);
    items.push(...answer.items);
    if (answer.bookmark === undefined || answer.bookmark === '' || answer.items.length === 0) {
      break;
    }
    bookmark = answer.bookmark;
  }
  return items;
}

export function AccessTable({ accesses }: { accesses: AccessRecord[] }) {
  const i18n = useI18n();
  if (accesses.length === 0) {
    return <Empty />;
  }
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{i18n.t('field.recordedAt')}</th>
            <th scope="col">{i18n.t('field.bank')}</th>
            <th scope="col">{i18n.t('field.uscc')}</th>
            <th scope="col">{i18n.t('field.categories')}</th>
            <th scope="col">{i18n.t('field.purpose')}</th>
            <th scope="col">{i18n.t('field.outcome')}</th>
            <th scope="col">{i18n.t('field.tx')}</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst(accesses).map((access) => (
            <tr key={access.accessId} data-access={access.accessId}>
              <td>{i18n.dateTime(access.recordedAt)}</td>
              <th scope="row">{access.bankMspId}</th>
              <td>{access.uscc}</td>
              <td>{access.categories.join(', ')}</td>
              <td>{purposeText(i18n.t, access.purpose)}</td>
              <td>
                <StatusBadge kind="outcome" value={access.outcome} />
                {access.refusalCode === undefined ? null : (
                  <div class="muted">{i18n.error(access.refusalCode)}</div>
                )}
              </td>
              <td>
                <TxRef txId={access.txId} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ObjectionTable({ objections }: { objections: Objection[] }) {
  const i18n = useI18n();
  if (objections.length === 0) {
    return <Empty />;
  }
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{i18n.t('field.objectionId')}</th>
            <th scope="col">{i18n.t('field.category')}</th>
            <th scope="col">{i18n.t('field.version')}</th>
            <th scope="col">{i18n.t('field.department')}</th>
            <th scope="col">{i18n.t('field.raisedAt')}</th>
            <th scope="col">{i18n.t('field.status')}</th>
            <th scope="col">{i18n.t('field.resolution')}</th>
          </tr>
        </thead>
        <tbody>
          {objections.map((objection) => (
            <tr key={objection.objectionId} data-objection={objection.objectionId}>
              <th scope="row">
                <code>{objection.objectionId}</code>
              </th>
              <td>{objection.category}</td>
              <td>{objection.version}</td>
              <td>{objection.department}</td>
              <td>{i18n.dateTime(objection.raisedAt)}</td>
              <td>
                <StatusBadge kind="objection" value={objection.status} />
              </td>
              <td>
                {objection.resolution === undefined
                  ? '—'
                  : `${objection.resolution.reason}${objection.resolution.correctedVersion === undefined ? '' : ` (v${objection.resolution.correctedVersion})`}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Consents with the company's decisions: authorise or reject a request, revoke an authorised one. */
export function ConsentTable({
  consents,
  onDecide,
  busy,
}: {
  consents: Consent[];
  onDecide: (id: string, decision: 'authorise' | 'reject' | 'revoke') => Promise<unknown>;
  busy: boolean;
}) {
  const i18n = useI18n();
  if (consents.length === 0) {
    return <Empty />;
  }
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{i18n.t('field.bank')}</th>
            <th scope="col">{i18n.t('field.categories')}</th>
            <th scope="col">{i18n.t('field.purpose')}</th>
            <th scope="col">{i18n.t('field.validUntil')}</th>
            <th scope="col">{i18n.t('field.usage')}</th>
            <th scope="col">{i18n.t('field.status')}</th>
            <th scope="col">{i18n.t('field.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {consents.map((consent) => (
            <tr key={consent.consentId} data-consent={consent.consentId}>
              <th scope="row">{consent.bankMspId}</th>
              <td>{consent.categories.join(', ')}</td>
              <td>{purposeText(i18n.t, consent.purpose)}</td>
              <td>
                {i18n.dateTime(consent.validFrom)} – {i18n.dateTime(consent.validUntil)}
              </td>
              <td>
                {consent.usageCount}
                {consent.usageLimit === undefined ? '' : ` / ${consent.usageLimit}`}
              </td>
              <td>
                <StatusBadge kind="status" value={consent.status} />
              </td>
              <td class="actions">
                {consent.status === 'requested' ? (
                  <>
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => void onDecide(consent.consentId, 'authorise')}
                    >
                      {i18n.t('company.authorise')}
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      disabled={busy}
                      onClick={() => void onDecide(consent.consentId, 'reject')}
                    >
                      {i18n.t('company.reject')}
                    </button>
                  </>
                ) : consent.status === 'authorised' ? (
                  <button
                    type="button"
                    class="secondary"
                    disabled={busy}
                    onClick={() => void onDecide(consent.consentId, 'revoke')}
                  >
                    {i18n.t('company.revoke')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The latest first; ledger time ties keep the service's order. */
function newestFirst(accesses: AccessRecord[]): AccessRecord[] {
  return accesses
    .map((access, index) => ({ access, index, at: Date.parse(access.recordedAt) }))
    .sort((a, b) => b.at - a.at || a.index - b.index)
    .map(({ access }) => access);
}
