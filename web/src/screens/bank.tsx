import { useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../api/problem';
import { Empty, Notice, Section, StatusBadge, TxRef } from '../components/bits';
import { ErrorBox } from '../components/error-box';
import { lazyScreen } from '../components/lazy-screen';
import { type Tab, Tabs, useHashTab } from '../components/tabs';
import { useI18n } from '../i18n/context';
import { checkedValues, formValues, isoToLocal, localToIso } from '../lib/form';
import { verifyProof } from '../lib/proof';
import { consentChangeOf, lastTxIdOf, newestChangeFirst, showsConsentAt } from '../lib/settle';
import type { AccessRecord, Consent, Page, ProfileCategory, ProfileRead } from '../lib/types';
import { useAction, useLoad, useSession } from '../session';
import { AccessTable, allPages } from './record-tables';
import { LiveStatus, useLiveEvents } from './live';
import { CategoryChecks, PurposeSelect, purposeText, useCategories } from './shared';

const TABS: Tab[] = [
  { id: 'consents', label: 'bank.tab.consents' },
  { id: 'read', label: 'bank.tab.read' },
  { id: 'log', label: 'bank.tab.log' },
  { id: 'products', label: 'bank.tab.products' },
  { id: 'applications', label: 'bank.tab.applications' },
];

// Financing screens are their own chunk, fetched when first opened.
const BankProducts = lazyScreen(async () => (await import('./financing-bank.js')).BankProducts);
const BankApplications = lazyScreen(
  async () => (await import('./financing-applications.js')).BankApplications,
);

export function BankScreens() {
  const current = useHashTab(TABS);
  const { client } = useSession();
  const [reads, setReads] = useState<ProfileRead[]>([]);
  const [accessTick, setAccessTick] = useState(0);
  const [applicationTick, setApplicationTick] = useState(0);
  // Every page: the ledger pages a bank's consents by id, so a first page is a random sample once a bank
  // holds more than one page, and would hide the consent it was just given. Newest change first.
  const consents = useLoad(
    async () =>
      newestChangeFirst(
        await allPages((bookmark) => client.get<Page<Consent>>('/v1/consents', { pageSize: 100, bookmark })),
      ),
    [],
  );
  const events = useLiveEvents((event) => {
    if (event.event === 'ConsentChanged') {
      const change = consentChangeOf(event.data);
      consents.reload(change === undefined ? undefined : showsConsentAt(change.consentId, change.txId));
    } else if (event.event === 'AccessRecorded') {
      setAccessTick((n) => n + 1);
    } else if (event.event === 'ApplicationChanged') {
      setApplicationTick((n) => n + 1);
    }
  });
  return (
    <Tabs tabs={TABS} current={current}>
      <LiveStatus live={events.live} last={events.last} />
      {current === 'consents' && (
        <BankConsents consents={consents.value} problem={consents.problem} onRequested={consents.reload} />
      )}
      {current === 'read' && (
        <ReadProfile
          consents={consents.value ?? []}
          onRead={(read) => setReads((previous) => [read, ...previous])}
        />
      )}
      {current === 'log' && <BankLog reads={reads} tick={accessTick} />}
      {current === 'products' && <BankProducts />}
      {current === 'applications' && <BankApplications tick={applicationTick} />}
    </Tabs>
  );
}

function BankConsents({
  consents,
  problem,
  onRequested,
}: {
  consents: Consent[] | undefined;
  problem: ApiProblem | undefined;
  onRequested: (until: (consents: Consent[]) => boolean) => void;
}) {
  const i18n = useI18n();
  const { client } = useSession();
  const categories = useCategories();
  const request = useAction(async (form: HTMLFormElement) => {
    const values = formValues(form);
    const answer = await client.post<{ consent: Consent }>('/v1/consent-requests', {
      uscc: values.uscc,
      categories: checkedValues(form, 'categories'),
      purpose: values.purpose,
      validFrom: localToIso(values.validFrom ?? ''),
      validUntil: localToIso(values.validUntil ?? ''),
    });
    onRequested(showsConsentAt(answer.consent.consentId, lastTxIdOf(answer.consent)));
    return answer.consent.consentId;
  });
  const now = Date.now();
  return (
    <>
      <Section title={i18n.t('bank.tab.consents')}>
        <p class="muted">{i18n.t('bank.consents.live')}</p>
        <ErrorBox problem={problem} />
        {consents === undefined ? (
          <p>{i18n.t('common.loading')}</p>
        ) : consents.length === 0 ? (
          <Empty />
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{i18n.t('field.uscc')}</th>
                  <th scope="col">{i18n.t('field.categories')}</th>
                  <th scope="col">{i18n.t('field.purpose')}</th>
                  <th scope="col">{i18n.t('field.validUntil')}</th>
                  <th scope="col">{i18n.t('field.status')}</th>
                  <th scope="col">{i18n.t('field.consentId')}</th>
                </tr>
              </thead>
              <tbody>
                {consents.map((consent) => (
                  <tr key={consent.consentId} data-consent={consent.consentId}>
                    <th scope="row">{consent.uscc}</th>
                    <td>{consent.categories.join(', ')}</td>
                    <td>{purposeText(i18n.t, consent.purpose)}</td>
                    <td>{i18n.dateTime(consent.validUntil)}</td>
                    <td>
                      <StatusBadge kind="status" value={consent.status} />
                    </td>
                    <td>
                      <code>{consent.consentId}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Section title={i18n.t('bank.request.title')}>
        <form
          class="grid-form"
          onSubmit={(event) => {
            event.preventDefault();
            void request.run(event.currentTarget);
          }}
        >
          <label for="request-uscc">{i18n.t('field.uscc')}</label>
          <input id="request-uscc" name="uscc" required minLength={18} maxLength={18} spellcheck={false} />
          <CategoryChecks categories={categories.value} legend={i18n.t('field.categories')} />
          <label for="request-purpose">{i18n.t('field.purpose')}</label>
          <PurposeSelect id="request-purpose" />
          <label for="request-from">{i18n.t('field.validFrom')}</label>
          <input
            id="request-from"
            name="validFrom"
            type="datetime-local"
            required
            value={isoToLocal(new Date(now))}
          />
          <label for="request-until">{i18n.t('field.validUntil')}</label>
          <input
            id="request-until"
            name="validUntil"
            type="datetime-local"
            required
            value={isoToLocal(new Date(now + 30 * 86_400_000))}
          />
          <button type="submit" disabled={request.busy}>
            {i18n.t('bank.request.submit')}
          </button>
        </form>
        <ErrorBox problem={request.problem} />
        {request.result === undefined ? null : (
          <Notice tone="ok">{i18n.t('bank.request.done', { id: request.result })}</Notice>
        )}
      </Section>
    </>
  );
}

function ReadProfile({ consents, onRead }: { consents: Consent[]; onRead: (read: ProfileRead) => void }) {
  const i18n = useI18n();
  const { client } = useSession();
  const usable = consents.filter((consent) => consent.status === 'authorised');
  const read = useAction(async (form: HTMLFormElement) => {
    const consent = usable.find((candidate) => candidate.consentId === formValues(form).consentId);
    if (consent === undefined) {
      throw new ApiProblem(0, 'CONSENT_REQUIRED', '', 'consentId');
    }
    const answer = await client.post<ProfileRead>(`/v1/companies/${consent.uscc}/profile-reads`, {
      consentId: consent.consentId,
      purpose: consent.purpose,
      categories: consent.categories,
    });
    onRead(answer);
    return answer;
  });
  return (
    <Section title={i18n.t('bank.tab.read')}>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void read.run(event.currentTarget);
        }}
      >
        <label for="read-consent">{i18n.t('bank.read.choose')}</label>
        <select id="read-consent" name="consentId" required>
          {usable.map((consent) => (
            <option key={consent.consentId} value={consent.consentId}>
              {consent.uscc} · {consent.categories.join(', ')} · {purposeText(i18n.t, consent.purpose)}
            </option>
          ))}
        </select>
        <button type="submit" disabled={read.busy || usable.length === 0}>
          {read.busy ? i18n.t('common.working') : i18n.t('bank.read.submit')}
        </button>
      </form>
      <ErrorBox problem={read.problem} />
      {read.result === undefined ? null : (
        <>
          <Notice tone="ok">
            {i18n.t('bank.accessLogged', {
              id: read.result.accessId,
              block: i18n.number(read.result.access.blockNumber),
            })}
          </Notice>
          <div class="records">
            {read.result.categories.map((category) => (
              <RecordCard key={category.category} item={category} />
            ))}
          </div>
        </>
      )}
    </Section>
  );
}

/** One category of a read, with the badge computed here from the record, its salt and the on-chain hash. */
function RecordCard({ item }: { item: ProfileCategory }) {
  const i18n = useI18n();
  const [verified, setVerified] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    let current = true;
    if (item.available) {
      void verifyProof(item.record, item.salt, item.proof).then((ok) => current && setVerified(ok));
    }
    return () => {
      current = false;
    };
  }, [item]);
  return (
    <article class="record" data-category={item.category}>
      <header>
        <h3>{item.category}</h3>
        {!item.available ? (
          <span class="badge">{i18n.t('bank.unavailable')}</span>
        ) : verified === undefined ? (
          <span class="badge">{i18n.t('common.working')}</span>
        ) : (
          <span
            class={`badge ${verified ? 'badge-verified' : 'badge-unverified'}`}
            data-verified={String(verified)}
          >
            {verified ? '✓ ' : '✗ '}
            {verified ? i18n.t('bank.verified') : i18n.t('bank.notVerified')}
          </span>
        )}
        {item.disputed === true ? <span class="badge badge-rejected">{i18n.t('bank.disputed')}</span> : null}
      </header>
      {item.record === undefined ? null : <pre class="json">{JSON.stringify(item.record, null, 2)}</pre>}
      {item.proof === undefined ? null : (
        <dl class="facts">
          <dt>{i18n.t('bank.proof')}</dt>
          <dd>
            <TxRef txId={item.proof.txId} block={item.proof.blockNumber} />
          </dd>
          <dt>{i18n.t('field.version')}</dt>
          <dd>{item.proof.version}</dd>
          <dt>{i18n.t('field.department')}</dt>
          <dd>{item.proof.department}</dd>
          <dt>{i18n.t('field.effectiveDate')}</dt>
          <dd>{i18n.date(item.proof.effectiveDate)}</dd>
          <dt>{i18n.t('field.attestedAt')}</dt>
          <dd>{i18n.dateTime(item.proof.timestamp)}</dd>
          <dt>{i18n.t('field.hash')}</dt>
          <dd>
            <code class="hash">{item.proof.hash}</code>
          </dd>
        </dl>
      )}
    </article>
  );
}

/** The bank's own accesses from the ledger (refused ones too), newest first; one by its ID. */
function BankLog({ reads, tick }: { reads: ProfileRead[]; tick: number }) {
  const i18n = useI18n();
  const { client } = useSession();
  const log = useLoad(
    () => allPages((bookmark) => client.get<Page<AccessRecord>>('/v1/access', { pageSize: 100, bookmark })),
    [tick, reads.length],
  );
  const [found, setFound] = useState<AccessRecord[]>([]);
  const lookup = useAction(async (form: HTMLFormElement) => {
    const id = formValues(form).accessId ?? '';
    const answer = await client.get<AccessRecord | { access: AccessRecord }>(
      `/v1/access/${encodeURIComponent(id)}`,
    );
    const record = 'access' in answer ? answer.access : answer;
    setFound((previous) => [record, ...previous.filter((item) => item.accessId !== record.accessId)]);
    return record;
  });
  return (
    <Section title={i18n.t('bank.tab.log')}>
      <p class="muted">{i18n.t('bank.log.intro')}</p>
      <ErrorBox problem={log.problem} />
      {log.value === undefined ? <p>{i18n.t('common.loading')}</p> : <AccessTable accesses={log.value} />}
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void lookup.run(event.currentTarget);
        }}
      >
        <label for="access-id">{i18n.t('field.accessId')}</label>
        <input id="access-id" name="accessId" required spellcheck={false} />
        <button type="submit" disabled={lookup.busy}>
          {i18n.t('bank.log.lookup')}
        </button>
      </form>
      <ErrorBox problem={lookup.problem} />
      {found.length === 0 ? null : <AccessTable accesses={found} />}
    </Section>
  );
}
