import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from './api/client';
import { ApiProblem, asProblem } from './api/problem';
import { SETTLE_DELAYS_MS } from './lib/settle';
import type { Me } from './lib/types';

export interface Session {
  client: ApiClient;
  me: Me;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) {
    throw new Error('useSession outside a signed-in console');
  }
  return session;
}

/** The token lives in sessionStorage: gone when the tab closes, never sent anywhere but this origin. */
export const TOKEN_STORAGE_KEY = 'sme-console.token';

export interface Loaded<T> {
  value: T | undefined;
  problem: ApiProblem | undefined;
  loading: boolean;
  /**
   * Loads again. With `until`, keeps re-reading (SETTLE_DELAYS_MS) while the answer does not yet show the
   * change the caller knows happened, showing each answer meanwhile.
   */
  reload: (until?: (value: T) => boolean) => void;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `load` now and on `reload()`, keeping the last value, the problem and whether it is running. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const wanted = useRef<((value: T) => boolean) | undefined>(undefined);
  useEffect(() => {
    let current = true;
    const until = wanted.current;
    wanted.current = undefined;
    setLoading(true);
    void (async () => {
      for (let attempt = 0; current; attempt += 1) {
        try {
          const loaded = await load();
          if (!current) {
            return;
          }
          setValue(loaded);
          setProblem(undefined);
          const delay = SETTLE_DELAYS_MS[attempt];
          if (until === undefined || until(loaded) || delay === undefined) {
            break;
          }
          await wait(delay);
        } catch (error) {
          if (current) {
            setProblem(asProblem(error));
          }
          break;
        }
      }
      if (current) {
        setLoading(false);
      }
    })();
    return () => {
      current = false;
    };
  }, [...deps, generation]);
  const reload = useCallback((until?: (value: T) => boolean) => {
    wanted.current = until;
    setGeneration((n) => n + 1);
  }, []);
  return { value, problem, loading, reload };
}

export interface Action<A extends unknown[], T> {
  run: (...args: A) => Promise<T | undefined>;
  busy: boolean;
  problem: ApiProblem | undefined;
  result: T | undefined;
}

/** A user action (a submit): one at a time, its problem kept for display, its result for a notice. */
export function useAction<A extends unknown[], T>(act: (...args: A) => Promise<T>): Action<A, T> {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [result, setResult] = useState<T | undefined>(undefined);
  const run = async (...args: A): Promise<T | undefined> => {
    setBusy(true);
    setProblem(undefined);
    setResult(undefined);
    try {
      const value = await act(...args);
      setResult(value);
      return value;
    } catch (error) {
      setProblem(asProblem(error));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, problem, result };
}
