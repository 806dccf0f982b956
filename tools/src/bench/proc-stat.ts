import { readFileSync } from 'node:fs';

/** Linux reports CPU time in ticks of 1/100 s (USER_HZ). */
export const CLOCK_TICKS_PER_SECOND = 100;

/** CPU ticks (user + system, all threads) a process has used; 0 once it is gone. */
export function processTicks(pid: number): number {
  try {
    // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Busy ticks of the whole machine, summed over its cores. */
export function machineBusyTicks(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/) ?? [];
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks.map(Number);
  return user + nice + system + irq + softirq + steal;
}
