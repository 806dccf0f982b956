import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient } from './api/client';
import { type ApiProblem, asProblem } from './api/problem';
import { ErrorBox } from './components/error-box';
import { I18nContext, makeI18n, useI18n } from './i18n/context';
import type { MessageKey } from './i18n/en';
import { LOCALE_STORAGE_KEY, type Locale, pickLocale } from './i18n/i18n';
import type { Me } from './lib/types';
import { AuditorScreens } from './screens/auditor';
import { BankScreens } from './screens/bank';
import { CompanyScreens } from './screens/company';
import { DepartmentScreens } from './screens/department';
import { type Session, SessionContext, TOKEN_STORAGE_KEY } from './session';

export function App() {
  const [locale, setLocale] = useState<Locale>(() => pickLocale(localStorage.getItem(LOCALE_STORAGE_KEY)));
  const i18n = useMemo(() => makeI18n(locale), [locale]);
  const [session, setSession] = useState<Session | undefined>(undefined);
  const [restoring, setRestoring] = useState(() => sessionStorage.getItem(TOKEN_STORAGE_KEY) !== null);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = i18n.t('app.title');
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  }, [locale, i18n]);

  useEffect(() => {
    const token = sessionStorage.getItem(TOKEN_STORAGE_KEY);
    if (token === null) {
      return;
    }
    signIn(token)
      .then(setSession, () => sessionStorage.removeItem(TOKEN_STORAGE_KEY))
      .finally(() => setRestoring(false));
  }, []);

  const signOut = () => {
    sessionStorage.removeItem(TOKEN_STORAGE_KEY);
    setSession(undefined);
    location.hash = '';
  };

  return (
    <I18nContext.Provider value={i18n}>
      <a class="skip" href="#main">
        {i18n.t('app.skip')}
      </a>
      <header class="top">
        <h1>{i18n.t('app.title')}</h1>
        <div class="top-tools">
          <LanguageSwitch locale={locale} onChange={setLocale} />
          {session === undefined ? null : (
            <span class="who">
              {i18n.t('signin.as', {
                identity: session.me.identity,
                role: roleName(i18n.t, session.me.role),
              })}
              <button type="button" class="link" onClick={signOut}>
                {i18n.t('signin.signout')}
              </button>
            </span>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {session !== undefined ? (
          <SessionContext.Provider value={session}>
            <RoleScreens role={session.me.role} />
          </SessionContext.Provider>
        ) : restoring ? (
          <p>{i18n.t('signin.checking')}</p>
        ) : (
          <SignIn onSignedIn={setSession} />
        )}
      </main>
    </I18nContext.Provider>
  );
}

async function signIn(token: string): Promise<Session> {
  const client = new ApiClient(token);
  const me = await client.get<Me>('/v1/me');
  return { client, me };
}

function roleName(t: (key: MessageKey) => string, role: string): string {
  const key = `role.${role}` as MessageKey;
  return ['department', 'company', 'bank', 'auditor', 'catalog-admin'].includes(role) ? t(key) : role;
}

function LanguageSwitch({ locale, onChange }: { locale: Locale; onChange: (locale: Locale) => void }) {
  const i18n = useI18n();
  return (
    <div class="lang" role="group" aria-label={i18n.t('lang.label')}>
      <button type="button" lang="zh-CN" aria-pressed={locale === 'zh-CN'} onClick={() => onChange('zh-CN')}>
        中文
      </button>
      <button type="button" lang="en" aria-pressed={locale === 'en'} onClick={() => onChange('en')}>
        English
      </button>
    </div>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const i18n = useI18n();
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const token = (new FormData(event.currentTarget as HTMLFormElement).get('token') as string).trim();
    setBusy(true);
    setProblem(undefined);
    try {
      const session = await signIn(token);
      sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
      onSignedIn(session);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card signin">
      <h2>{i18n.t('signin.title')}</h2>
      <p>{i18n.t('signin.intro')}</p>
      <form onSubmit={(event) => void submit(event)}>
        <label for="token">{i18n.t('signin.token')}</label>
        <input id="token" name="token" type="password" autocomplete="off" required spellcheck={false} />
        <button type="submit" disabled={busy}>
          {busy ? i18n.t('signin.checking') : i18n.t('signin.submit')}
        </button>
      </form>
      <ErrorBox problem={problem} />
    </section>
  );
}

function RoleScreens({ role }: { role: string }) {
  const i18n = useI18n();
  switch (role) {
    case 'company':
      return <CompanyScreens />;
    case 'department':
      return <DepartmentScreens />;
    case 'bank':
      return <BankScreens />;
    case 'auditor':
      return <AuditorScreens />;
    default:
      return <p class="card">{i18n.t('role.unsupported', { role })}</p>;
  }
}
