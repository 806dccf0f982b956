import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { MessageKey } from './en';
import {
  DEFAULT_LOCALE,
  errorText,
  formatDate,
  formatDateTime,
  formatNumber,
  type Locale,
  type Params,
  translate,
} from './i18n';

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, params?: Params) => string;
  dateTime: (iso: string | undefined) => string;
  date: (day: string | undefined) => string;
  number: (value: number | string | undefined) => string;
  error: (code: string) => string;
}

export function makeI18n(locale: Locale): I18n {
  return {
    locale,
    t: (key, params) => translate(locale, key, params),
    dateTime: (iso) => formatDateTime(locale, iso),
    date: (day) => formatDate(locale, day),
    number: (value) => formatNumber(locale, value),
    error: (code) => errorText(locale, code),
  };
}

export const I18nContext = createContext<I18n>(makeI18n(DEFAULT_LOCALE));

export const useI18n = (): I18n => useContext(I18nContext);
