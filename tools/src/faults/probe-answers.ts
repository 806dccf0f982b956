/**
 * Comparing one state probe's answers across organizations' peers. A peer serves a block (its height)
 * before that block's writes reach its state database: Fabric appends the block to the block store first and
 * commits the state after (core/ledger/kvledger/kv_ledger.go, `commit`). So right after every peer reports
 * the same height, a peer can still answer a read from the state before the last block. A difference that
 * goes away while the suite waits is that lag; one that stays past the wait is a divergence.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Answers of one probe, by organization, in the order the organizations were asked. */
export type Answers = ReadonlyMap<string, string>;

export interface Settled {
  answers: Answers;
  /** The first round's answers (they differ from `answers` when a peer caught up meanwhile). */
  first: Answers;
  /** How often the probe was asked. */
  rounds: number;
  /** From the first answer to the last, ms. */
  waitedMs: number;
}

export interface SettleOptions {
  /** Stop asking again after this long, ms. */
  limitMs: number;
  /** Pause between rounds, ms. */
  pauseMs: number;
  now?: () => number;
  pause?: (ms: number) => Promise<unknown>;
}

/** 20 s covers a block's state commit on a peer starved for CPU (load 50 on 2 cores); 1 s apart. */
export const SETTLE_DEFAULTS: SettleOptions = { limitMs: 20_000, pauseMs: 1_000 };

export const allEqual = (answers: Answers): boolean => new Set(answers.values()).size <= 1;

/** Asks until every organization answers the same or `limitMs` has passed; the last round's answers. */
export async function askUntilEqual(
  ask: () => Promise<Answers>,
  options: SettleOptions = SETTLE_DEFAULTS,
): Promise<Settled> {
  const now = options.now ?? Date.now;
  const pause = options.pause ?? sleep;
  const began = now();
  const first = await ask();
  let answers = first;
  let rounds = 1;
  while (!allEqual(answers) && now() - began < options.limitMs) {
    await pause(options.pauseMs);
    answers = await ask();
    rounds++;
  }
  return { answers, first, rounds, waitedMs: now() - began };
}

/** The organizations whose answer differs from the majority's. */
export function oddOrganizations(answers: Answers): string[] {
  return differingOrgs(answers).odd;
}

/**
 * The organizations whose answer differs from the majority's (the first organization's on a tie), each
 * with both answers: one lagging or failing peer is named, not the organizations that agree.
 */
export function differingAnswers(label: string, answers: Answers, width = 160): string[] {
  const { majority, agreeing, odd } = differingOrgs(answers);
  if (majority === undefined) return [];
  return odd.map(
    (org) =>
      `${label} on ${org}: ${(answers.get(org) ?? '').slice(0, width)} (${agreeing.join(', ')}: ${majority.slice(0, width)})`,
  );
}

function differingOrgs(answers: Answers): { majority?: string; agreeing: string[]; odd: string[] } {
  const counts = new Map<string, number>();
  for (const answer of answers.values()) counts.set(answer, (counts.get(answer) ?? 0) + 1);
  let majority: string | undefined;
  let best = 0;
  for (const answer of answers.values()) {
    const count = counts.get(answer) ?? 0;
    if (count > best) {
      majority = answer;
      best = count;
    }
  }
  const entries = [...answers.entries()];
  return {
    ...(majority === undefined ? {} : { majority }),
    agreeing: entries.filter(([, answer]) => answer === majority).map(([org]) => org),
    odd: entries.filter(([, answer]) => answer !== majority).map(([org]) => org),
  };
}
