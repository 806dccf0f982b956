import { en, type MessageKey } from './en';
import { zh } from './zh';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
/** Where the choice is kept between visits (not a secret: the token lives in sessionStorage only). */
export const LOCALE_STORAGE_KEY = 'sme-console.locale';

const TABLES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, en };

export type Params = Record<string, string | number>;

/** The text of `key` in `locale` with `{name}` placeholders filled; an unfilled placeholder stays visible. */
export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
  // A key the tables lack (a status a newer ledger sends, say) shows as itself rather than breaking the page.
  const text: string | undefined = TABLES[locale][key];
  return (text ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}

/** A problem code (chaincode or gateway) as a sentence in the locale; unknown codes get the generic text. */
export function errorText(locale: Locale, code: string): string {
  const key = `error.${code}`;
  return translate(locale, isMessageKey(key) ? key : 'error.UNKNOWN');
}

/** The stored choice, else Simplified Chinese (the console's first readers read Chinese first). */
export function pickLocale(stored: string | null): Locale {
  return stored === 'en' || stored === 'zh-CN' ? stored : DEFAULT_LOCALE;
}

/** Ledger timestamps (ISO 8601) in the reader's locale and time zone; a value that is no date is shown as is. */
export function formatDateTime(locale: Locale, iso: string | undefined): string {
  if (iso === undefined || iso === '') {
    return '—';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A calendar date (`YYYY-MM-DD`, no time zone) as written in the locale. */
export function formatDate(locale: Locale, day: string | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  if (match === null) {
    return day ?? '—';
  }
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

export function formatNumber(locale: Locale, value: number | string | undefined): string {
  const number = typeof value === 'string' ? Number(value) : value;
  return number === undefined || Number.isNaN(number) ? '—' : new Intl.NumberFormat(locale).format(number);
}

export function formatDuration(locale: Locale, ms: number): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', maximumFractionDigits: 1 }).format(
    ms / 1000,
  );
}
