import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { asProblem, type ApiProblem } from '../api/problem';
import { useI18n } from '../i18n/context';
import { ErrorBox } from './error-box';

/**
 * A screen whose code is fetched the first time it opens (a separate chunk, so the first screen stays
 * small), then kept: Preact has `lazy` only in its compat layer, which the console does without.
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: Promise<ComponentType<P>> | undefined;
  return function LazyScreen(props: P) {
    const i18n = useI18n();
    const [screen, setScreen] = useState<{ Component: ComponentType<P> } | undefined>(undefined);
    const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
    useEffect(() => {
      loaded ??= load();
      loaded.then(
        (Component) => setScreen({ Component }),
        (error: unknown) => {
          loaded = undefined;
          setProblem(asProblem(error));
        },
      );
    }, []);
    if (screen !== undefined) {
      return <screen.Component {...props} />;
    }
    return problem === undefined ? <p>{i18n.t('common.loading')}</p> : <ErrorBox problem={problem} />;
  };
}
