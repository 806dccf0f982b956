import type { AccessRecord } from './types';

export interface AccessCriteria {
  uscc?: string;
  bankMspId?: string;
  /** ISO 8601 instants; the range is [from, to). */
  from?: string;
  to?: string;
}

/**
 * The service filters the access log by one criterion at a time (company, bank, or a time range): ask it by
 * the narrowest one given and apply the rest here. A half-open range gets its other end (the epoch, or now).
 */
export function planAccessSearch(
  criteria: AccessCriteria,
  now: Date = new Date(),
): { query: Record<string, string>; keep: (record: AccessRecord) => boolean } {
  const uscc = criteria.uscc?.trim() || undefined;
  const bank = criteria.bankMspId?.trim() || undefined;
  const hasRange = Boolean(criteria.from) || Boolean(criteria.to);
  const from = criteria.from || new Date(0).toISOString();
  const to = criteria.to || new Date(now.getTime() + 60_000).toISOString();
  const query: Record<string, string> =
    uscc !== undefined ? { uscc } : bank !== undefined ? { bankMspId: bank } : { from, to };
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const keep = (record: AccessRecord): boolean => {
    if (uscc !== undefined && record.uscc !== uscc) {
      return false;
    }
    if (bank !== undefined && record.bankMspId !== bank) {
      return false;
    }
    if (hasRange) {
      const at = Date.parse(record.recordedAt);
      return at >= fromMs && at < toMs;
    }
    return true;
  };
  return { query, keep };
}
