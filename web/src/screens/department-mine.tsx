import { Section, TxRef } from '../components/bits';
import { PagedTable, usePagedList } from '../components/paged-table';
import { useI18n } from '../i18n/context';
import type { Attestation, Page } from '../lib/types';
import { useSession } from '../session';

/** The department's attestations from the ledger, a page at a time (a page may be short: follow it). */
export function Mine({ tick }: { tick: number }) {
  const i18n = useI18n();
  const { client } = useSession();
  const list = usePagedList(
    (bookmark) => client.get<Page<Attestation>>('/v1/attestations', { pageSize: 50, bookmark }),
    [tick],
  );
  return (
    <Section title={i18n.t('dept.tab.mine')}>
      <p class="muted">{i18n.t('dept.mine.intro')}</p>
      <PagedTable
        list={list}
        label={i18n.t('dept.tab.mine')}
        head={
          <>
            <th scope="col">{i18n.t('field.uscc')}</th>
            <th scope="col">{i18n.t('field.category')}</th>
            <th scope="col">{i18n.t('field.version')}</th>
            <th scope="col">{i18n.t('field.effectiveDate')}</th>
            <th scope="col">{i18n.t('field.attestedAt')}</th>
            <th scope="col">{i18n.t('field.tx')}</th>
          </>
        }
        row={(item) => (
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
        )}
      />
    </Section>
  );
}
