import { useState } from 'preact/hooks';
import { Empty, Section, TxRef } from '../components/bits';
import { ErrorBox } from '../components/error-box';
import { useI18n } from '../i18n/context';
import type { Attestation, Page } from '../lib/types';
import { useLoad, useSession } from '../session';

/** The department's attestations from the ledger, a page at a time (a page may be short: follow it). */
export function Mine({ tick }: { tick: number }) {
  const i18n = useI18n();
  const { client } = useSession();
  const [pages, setPages] = useState(1);
  const list = useLoad(async () => {
    const items: Attestation[] = [];
    let bookmark: string | undefined;
    for (let page = 0; page < pages; page += 1) {
      const answer = await client.get<Page<Attestation>>('/v1/attestations', { pageSize: 50, bookmark });
      items.push(...answer.items);
      bookmark = answer.bookmark;
      if (bookmark === undefined || bookmark === '') {
        break;
      }
    }
    return { items, more: bookmark !== undefined && bookmark !== '' };
  }, [tick, pages]);
  const made = list.value?.items ?? [];
  return (
    <Section title={i18n.t('dept.tab.mine')}>
      <p class="muted">{i18n.t('dept.mine.intro')}</p>
      <ErrorBox problem={list.problem} />
      {list.value === undefined ? (
        <p>{i18n.t('common.loading')}</p>
      ) : made.length === 0 ? (
        <Empty />
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{i18n.t('field.uscc')}</th>
                <th scope="col">{i18n.t('field.category')}</th>
                <th scope="col">{i18n.t('field.version')}</th>
                <th scope="col">{i18n.t('field.effectiveDate')}</th>
                <th scope="col">{i18n.t('field.attestedAt')}</th>
                <th scope="col">{i18n.t('field.tx')}</th>
              </tr>
            </thead>
            <tbody>
              {made.map((item) => (
                <tr key={`${item.uscc}-${item.category}-${item.version}`} data-attestation={item.txId}>
                  <th scope="row">{item.uscc}</th>
                  <td>{item.category}</td>
                  <td>{item.version}</td>
                  <td>{i18n.date(item.effectiveDate)}</td>
                  <td>{i18n.dateTime(item.attestedAt)}</td>
                  <td>
                    <TxRef txId={item.txId} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.value?.more === true ? (
        <button
          type="button"
          class="secondary"
          disabled={list.loading}
          onClick={() => setPages((n) => n + 1)}
        >
          {i18n.t('common.more')}
        </button>
      ) : null}
    </Section>
  );
}
