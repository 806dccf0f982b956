import { useState } from 'preact/hooks';
import { ApiProblem } from '../api/problem';
import { Empty, Notice, Section, TxRef } from '../components/bits';
import { ErrorBox } from '../components/error-box';
import { lazyScreen } from '../components/lazy-screen';
import { type Tab, Tabs, useHashTab } from '../components/tabs';
import { useI18n } from '../i18n/context';
import { checkedValues, formValues, isoToLocal, localToIso } from '../lib/form';
import { lastTxIdOf, showsConsentAt } from '../lib/settle';
import {
  type AccessRecord,
  type AttestationView,
  BANKS,
  type Consent,
  type ErasureRecord,
  type Objection,
  type Page,
} from '../lib/types';
import { useAction, useLoad, useSession } from '../session';
import { AccessTable, allPages, ConsentTable, ObjectionTable } from './record-tables';
import { LiveStatus, useLiveEvents } from './live';
import { CategoryChecks, PurposeSelect, useCategories } from './shared';

const TABS: Tab[] = [
  { id: 'profile', label: 'company.tab.profile' },
  { id: 'consents', label: 'company.tab.consents' },
  { id: 'access', label: 'company.tab.access' },
  { id: 'objections', label: 'company.tab.objections' },
  { id: 'erasure', label: 'company.tab.erasure' },
  { id: 'financing', label: 'company.tab.financing' },
  { id: 'applications', label: 'company.tab.applications' },
];

const CompanyFinancing = lazyScreen(async () => (await import('./financing-company.js')).CompanyFinancing);
const CompanyApplications = lazyScreen(
  async () => (await import('./financing-company-applications.js')).CompanyApplications,
);

/** `tick` counts the ledger events about this company: each one reloads the open screen's lists. */
export function CompanyScreens() {
  const current = useHashTab(TABS);
  const [tick, setTick] = useState(0);
  const events = useLiveEvents(() => setTick((n) => n + 1));
  return (
    <Tabs tabs={TABS} current={current}>
      <LiveStatus live={events.live} last={events.last} />
      {current === 'profile' && <Profile tick={tick} />}
      {current === 'consents' && <Consents tick={tick} />}
      {current === 'access' && <AccessLog tick={tick} />}
      {current === 'objections' && <Objections tick={tick} />}
      {current === 'erasure' && <Erasure tick={tick} />}
      {current === 'financing' && <CompanyFinancing />}
      {current === 'applications' && <CompanyApplications tick={tick} />}
    </Tabs>
  );
}

/** Latest attestation per catalog category; NOT_FOUND means the category was never attested. */
function Profile({ tick }: { tick: number }) {
  const i18n = useI18n();
  const { client, me } = useSession();
  const categories = useCategories();
  const views = useLoad(async () => {
    const codes = (categories.value ?? []).map((category) => category.code);
    return Promise.all(
      codes.map(async (code) => {
        try {
          return await client.get<AttestationView>(`/v1/companies/${me.uscc}/attestations/${code}`);
        } catch (error) {
          if (error instanceof ApiProblem && error.code === 'NOT_FOUND') {
            return undefined;
          }
          throw error;
        }
      }),
    );
  }, [categories.value, tick]);
  return (
    <Section title={i18n.t('company.tab.profile')}>
      <p>{i18n.t('company.profile.intro')}</p>
      <p class="muted">{i18n.t('company.live')}</p>
      <ErrorBox problem={categories.problem ?? views.problem} />
      {views.loading ? <p>{i18n.t('common.loading')}</p> : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{i18n.t('field.category')}</th>
              <th scope="col">{i18n.t('field.department')}</th>
              <th scope="col">{i18n.t('field.attestedAt')}</th>
              <th scope="col">{i18n.t('field.version')}</th>
              <th scope="col">{i18n.t('field.dispute')}</th>
              <th scope="col">{i18n.t('field.erasure')}</th>
              <th scope="col">{i18n.t('field.tx')}</th>
            </tr>
          </thead>
          <tbody>
            {(categories.value ?? []).map((category, index) => {
              const view = views.value?.[index];
              return (
                <tr key={category.code}>
                  <th scope="row">
                    {category.code}
                    <div class="muted">{category.name}</div>
                  </th>
                  {view === undefined ? (
                    <td colSpan={6} class="muted">
                      {i18n.t('company.profile.notAttested')}
                    </td>
                  ) : (
                    <>
                      <td>{view.attestation.department}</td>
                      <td>{i18n.dateTime(view.attestation.attestedAt)}</td>
                      <td>{view.attestation.version}</td>
                      <td>
                        {view.disputed
                          ? i18n.t('company.disputed', { count: view.openObjectionIds.length })
                          : i18n.t('common.none')}
                      </td>
                      <td>
                        {view.erasedThroughVersion > 0
                          ? i18n.t('company.erasedThrough', { version: view.erasedThroughVersion })
                          : i18n.t('company.kept')}
                      </td>
                      <td>
                        <TxRef txId={view.attestation.txId} />
                      </td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function Consents({ tick }: { tick: number }) {
  const i18n = useI18n();
  const { client } = useSession();
  const consents = useLoad(
    () => allPages((bookmark) => client.get<Page<Consent>>('/v1/consents', { pageSize: 100, bookmark })),
    [tick],
  );
  const decide = useAction(async (consentId: string, decision: 'authorise' | 'reject' | 'revoke') => {
    const answer = await client.post<{ consent: Consent }>(`/v1/consents/${consentId}/${decision}`, {});
    consents.reload(showsConsentAt(consentId, lastTxIdOf(answer.consent)));
    return decision;
  });
  const items = consents.value ?? [];
  const pending = items.filter((consent) => consent.status === 'requested');
  return (
    <>
      <Section title={i18n.t('company.consents.pending')}>
        <ErrorBox problem={consents.problem ?? decide.problem} />
        {decide.result === undefined ? null : <Notice tone="ok">{i18n.t('common.done')}</Notice>}
        <ConsentTable consents={pending} onDecide={decide.run} busy={decide.busy} />
      </Section>
      <GrantForm onGranted={consents.reload} />
      <Section title={i18n.t('company.consents.all')}>
        <ConsentTable consents={items} onDecide={decide.run} busy={decide.busy} />
      </Section>
    </>
  );
}

function GrantForm({ onGranted }: { onGranted: (until: (consents: Consent[]) => boolean) => void }) {
  const i18n = useI18n();
  const { client } = useSession();
  const categories = useCategories();
  const grant = useAction(async (form: HTMLFormElement) => {
    const values = formValues(form);
    const answer = await client.post<{ consent: Consent }>('/v1/consents', {
      bankMspId: values.bank,
      categories: checkedValues(form, 'categories'),
      purpose: values.purpose,
      validFrom: localToIso(values.validFrom ?? ''),
      validUntil: localToIso(values.validUntil ?? ''),
      ...(values.usageLimit ? { usageLimit: Number(values.usageLimit) } : {}),
    });
    onGranted(showsConsentAt(answer.consent.consentId, lastTxIdOf(answer.consent)));
    return answer.consent.consentId;
  });
  const now = new Date();
  return (
    <Section title={i18n.t('company.consents.grant')}>
      <form
        class="grid-form"
        onSubmit={(event) => {
          event.preventDefault();
          void grant.run(event.currentTarget);
        }}
      >
        <label for="grant-bank">{i18n.t('field.bank')}</label>
        <select id="grant-bank" name="bank" required>
          {BANKS.map((bank) => (
            <option key={bank}>{bank}</option>
          ))}
        </select>
        <CategoryChecks categories={categories.value} legend={i18n.t('field.categories')} />
        <label for="grant-purpose">{i18n.t('field.purpose')}</label>
        <PurposeSelect id="grant-purpose" />
        <label for="grant-from">{i18n.t('field.validFrom')}</label>
        <input
          id="grant-from"
          name="validFrom"
          type="datetime-local"
          required
          value={isoToLocal(new Date(now.getTime() - 60_000))}
        />
        <label for="grant-until">{i18n.t('field.validUntil')}</label>
        <input
          id="grant-until"
          name="validUntil"
          type="datetime-local"
          required
          value={isoToLocal(new Date(now.getTime() + 30 * 86_400_000))}
        />
        <label for="grant-limit">
          {i18n.t('field.usageLimit')} {i18n.t('common.optional')}
        </label>
        <input id="grant-limit" name="usageLimit" type="number" min={1} step={1} inputMode="numeric" />
        <button type="submit" disabled={grant.busy}>
          {grant.busy ? i18n.t('common.working') : i18n.t('company.grant.submit')}
        </button>
      </form>
      <ErrorBox problem={grant.problem} />
      {grant.result === undefined ? null : (
        <Notice tone="ok">{i18n.t('company.grant.done', { id: grant.result })}</Notice>
      )}
    </Section>
  );
}

function AccessLog({ tick }: { tick: number }) {
  const i18n = useI18n();
  const { client, me } = useSession();
  const accesses = useLoad(
    () =>
      allPages((bookmark) =>
        client.get<Page<AccessRecord>>('/v1/access', { uscc: me.uscc, pageSize: 100, bookmark }),
      ),
    [tick],
  );
  return (
    <Section title={i18n.t('company.tab.access')}>
      <p>{i18n.t('company.access.intro')}</p>
      <ErrorBox problem={accesses.problem} />
      <AccessTable accesses={accesses.value ?? []} />
    </Section>
  );
}

function Objections({ tick }: { tick: number }) {
  const i18n = useI18n();
  const { client } = useSession();
  const categories = useCategories();
  const objections = useLoad(
    () => allPages((bookmark) => client.get<Page<Objection>>('/v1/objections', { pageSize: 100, bookmark })),
    [tick],
  );
  const raise = useAction(async (form: HTMLFormElement) => {
    const values = formValues(form);
    const answer = await client.post<{ objection: Objection }>('/v1/objections', {
      category: values.category,
      reason: values.reason,
      evidenceHash: values.evidenceHash,
    });
    objections.reload();
    return answer.objection.objectionId;
  });
  return (
    <>
      <Section title={i18n.t('company.tab.objections')}>
        <ErrorBox problem={objections.problem} />
        <ObjectionTable objections={objections.value ?? []} />
      </Section>
      <Section title={i18n.t('company.objections.raise')}>
        <form
          class="grid-form"
          onSubmit={(event) => {
            event.preventDefault();
            void raise.run(event.currentTarget);
          }}
        >
          <label for="objection-category">{i18n.t('field.category')}</label>
          <select id="objection-category" name="category" required>
            {(categories.value ?? []).map((category) => (
              <option key={category.code} value={category.code}>
                {category.code} {category.name}
              </option>
            ))}
          </select>
          <label for="objection-reason">{i18n.t('field.reason')}</label>
          <textarea id="objection-reason" name="reason" required maxLength={1000} rows={3} />
          <label for="objection-evidence">{i18n.t('field.evidence')}</label>
          <input
            id="objection-evidence"
            name="evidenceHash"
            required
            pattern="[0-9a-fA-F]{64}"
            spellcheck={false}
          />
          <button type="submit" disabled={raise.busy}>
            {i18n.t('company.objections.submit')}
          </button>
        </form>
        <ErrorBox problem={raise.problem} />
        {raise.result === undefined ? null : (
          <Notice tone="ok">{i18n.t('company.objections.done', { id: raise.result })}</Notice>
        )}
      </Section>
    </>
  );
}

function Erasure({ tick }: { tick: number }) {
  const i18n = useI18n();
  const { client } = useSession();
  const categories = useCategories();
  const history = useLoad(
    async () => (await client.get<{ items: ErasureRecord[] }>('/v1/erasures')).items,
    [tick],
  );
  const erase = useAction(async (form: HTMLFormElement) => {
    const answer = await client.post<{ erasure: ErasureRecord }>('/v1/erasures', {
      categories: checkedValues(form, 'categories'),
      reason: formValues(form).reason,
    });
    history.reload();
    return answer.erasure.erasureId;
  });
  return (
    <>
      <Section title={i18n.t('company.tab.erasure')}>
        <p>{i18n.t('company.erasure.intro')}</p>
        <p class="muted">{i18n.t('company.erasure.gap')}</p>
        <form
          class="grid-form"
          onSubmit={(event) => {
            event.preventDefault();
            void erase.run(event.currentTarget);
          }}
        >
          <CategoryChecks categories={categories.value} legend={i18n.t('field.categories')} />
          <label for="erasure-reason">{i18n.t('field.reason')}</label>
          <textarea id="erasure-reason" name="reason" required rows={2} maxLength={1000} />
          <button type="submit" disabled={erase.busy}>
            {i18n.t('company.erasure.submit')}
          </button>
        </form>
        <ErrorBox problem={erase.problem} />
        {erase.result === undefined ? null : (
          <Notice tone="ok">{i18n.t('company.erasure.done', { id: erase.result })}</Notice>
        )}
      </Section>
      <Section title={i18n.t('company.erasure.history')}>
        <ErrorBox problem={history.problem} />
        <ErasureTable erasures={history.value} />
      </Section>
    </>
  );
}

function ErasureTable({ erasures }: { erasures: ErasureRecord[] | undefined }) {
  const i18n = useI18n();
  if (erasures === undefined) {
    return <p>{i18n.t('common.loading')}</p>;
  }
  if (erasures.length === 0) {
    return <Empty />;
  }
  const newestFirst = [...erasures].sort((a, b) => b.erasedAt.localeCompare(a.erasedAt));
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{i18n.t('field.erasedAt')}</th>
            <th scope="col">{i18n.t('field.purged')}</th>
            <th scope="col">{i18n.t('field.reason')}</th>
            <th scope="col">{i18n.t('field.tx')}</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((erasure) => (
            <tr key={erasure.erasureId} data-erasure={erasure.erasureId}>
              <th scope="row">{i18n.dateTime(erasure.erasedAt)}</th>
              <td>
                {Object.entries(erasure.purged)
                  .map(([category, version]) => i18n.t('company.erasure.purged', { category, version }))
                  .join('; ')}
              </td>
              <td>{erasure.reason}</td>
              <td>
                <TxRef txId={erasure.txId} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
