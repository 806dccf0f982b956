/** The named control values of a submitted form, as strings (files and unchecked boxes left out). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string') {
      values[name] = value.trim();
    }
  }
  return values;
}

/** Every checked value of a group of checkboxes named `name`. */
export function checkedValues(form: HTMLFormElement, name: string): string[] {
  return new FormData(form).getAll(name).filter((value): value is string => typeof value === 'string');
}

/** A `datetime-local` input's value (local time) as an ISO 8601 instant. */
export function localToIso(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** An instant as a `datetime-local` input value in the browser's time zone, minutes precision. */
export function isoToLocal(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Today in the browser's time zone as `YYYY-MM-DD`. */
export function today(date = new Date()): string {
  return isoToLocal(date).slice(0, 10);
}
