import { Section, TxRef } from '../components/bits';
import { PagedTable, usePagedList } from '../components/paged-table';
import { useI18n } from '../i18n/context';
import type { CompanyApplication } from '../lib/financing-types';
import type { Page } from '../lib/types';
import { useSession } from '../session';
import { decisionText, OutcomeBadge } from './financing-bits';

/**
 * Every application the company made (`GET /v1/applications`: asked as the company, read on a gov peer
 * across banks), with the bank's name, the product, the status and the decision.
 */
export function CompanyApplications({ tick }: { tick: number }) {
  const i18n = useI18n();
  const { client } = useSession();
  const list = usePagedList(
    (bookmark) => client.get<Page<CompanyApplication>>('/v1/applications', { pageSize: 50, bookmark }),
    [tick],
  );
  return (
    <Section title={i18n.t('company.tab.applications')}>
      <p class="muted">{i18n.t('company.apps.intro')}</p>
      <PagedTable
        list={list}
        label={i18n.t('company.tab.applications')}
        head={
          <>
            <th scope="col">{i18n.t('field.bank')}</th>
            <th scope="col">{i18n.t('field.product')}</th>
            <th scope="col">{i18n.t('field.amount')}</th>
            <th scope="col">{i18n.t('field.term')}</th>
            <th scope="col">{i18n.t('field.submittedAt')}</th>
            <th scope="col">{i18n.t('field.status')}</th>
            <th scope="col">{i18n.t('field.decision')}</th>
          </>
        }
        row={(application) => (
          <tr key={application.applicationId} data-application={application.applicationId}>
            <th scope="row">{application.bankName}</th>
            <td>{application.productName}</td>
            <td>{i18n.number(application.amountYuan)}</td>
            <td>{i18n.number(application.termMonths)}</td>
            <td>
              {i18n.dateTime(application.submittedAt)} <TxRef txId={application.txId} />
            </td>
            <td>
              <OutcomeBadge prefix="application" value={application.status} />
            </td>
            <td>{application.decision === undefined ? '—' : decisionText(i18n, application)}</td>
          </tr>
        )}
      />
    </Section>
  );
}
