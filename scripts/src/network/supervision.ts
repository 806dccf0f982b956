/**
 * Restart rules of the supervisor, apart from processes and clocks so they are tested as plain functions.
 * A process that ran long enough before dying is restarted after 1 s; each quick death doubles the wait, up
 * to the topology's maximum, so a process that cannot start does not spin.
 */

/** A process that stayed up this long is healthy again: its next death starts the back-off over. */
export const HEALTHY_AFTER_MS = 60_000;

export interface RestartRecord {
  restarts: number;
  /** Deaths since the process was last healthy; decides the wait. */
  streak: number;
  lastStartAt: number;
  lastDeathAt?: number;
  /** When the supervisor will start it again, while it waits. */
  nextStartAt?: number;
}

export function backoffMs(streak: number, maxBackoffSeconds: number): number {
  return Math.min(1000 * 2 ** Math.max(0, streak - 1), maxBackoffSeconds * 1000);
}

/** The record after a death seen at `now`: the streak and the time of the next start. */
export function afterDeath(
  record: RestartRecord | undefined,
  now: number,
  maxBackoffSeconds: number,
): RestartRecord {
  const wasHealthy = record === undefined || now - record.lastStartAt >= HEALTHY_AFTER_MS;
  const streak = wasHealthy ? 1 : record.streak + 1;
  return {
    restarts: record?.restarts ?? 0,
    streak,
    lastStartAt: record?.lastStartAt ?? now,
    lastDeathAt: now,
    nextStartAt: now + backoffMs(streak, maxBackoffSeconds),
  };
}

export function afterRestart(record: RestartRecord, now: number): RestartRecord {
  return { ...record, restarts: record.restarts + 1, lastStartAt: now, nextStartAt: undefined };
}
