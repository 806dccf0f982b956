/**
 * One run under load: the mixed load around an injected fault, then convergence, reconciliation against
 * the ledger and the ledger checks. Shared by the faults and the load checks of the suite.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NetworkProfile } from '@sme-credit-ledger/network-profile';
import { verifyNetworkLedger } from '@sme-credit-ledger/verifier';
import type { FaultInstance } from './fault-instance';
import { indexLedger, peerTips, stateDifferences, tipsAgree, type StateProbe } from './ledger-scan';
import { DEFAULT_LOAD, MixedLoad, type LoadFixture, type LoadOptions } from './mixed-load';
import { computeFigures, type LoadFigures, type RequestRecord } from './request-log';
import type { SuiteRow } from './suite-report';

const CONVERGE_TARGET_MS = 60_000;
const CONVERGE_LIMIT_MS = 180_000;

export interface Suite {
  instance: FaultInstance;
  profile: NetworkProfile;
  fixture: LoadFixture;
  probes: StateProbe[];
  checkpoint: string;
  mode: 'full' | 'short';
}

/** Waits until every process runs and every peer has the same height and tip; ms it took. */
export async function converge(suite: Suite, since: number): Promise<{ ms: number; detail?: string }> {
  let last = '';
  while (Date.now() - since < CONVERGE_LIMIT_MS) {
    const tips = await peerTips(suite.profile);
    if (tipsAgree(tips)) return { ms: Date.now() - since };
    last = tips
      .map(
        (tip) =>
          `${tip.org}@${tip.height}${tip.error === undefined ? '' : ' (no answer)'}` +
          `${tip.tipFlags !== undefined && tip.tipFlags !== tips[0]?.tipFlags ? ' (other validation flags)' : ''}`,
      )
      .join(' ');
    await sleep(1000);
  }
  return { ms: Date.now() - since, detail: `peers still differ: ${last}` };
}

/**
 * The checks after a fault: one chain, equal state everywhere, the verifier passes. `notes` says which
 * probes read differently at first and agreed while the suite waited (a peer's state behind its blocks).
 */
export async function checkLedger(
  suite: Suite,
  fromGenesis: boolean,
): Promise<{ problems: string[]; notes: string[] }> {
  const problems: string[] = [];
  const state = await stateDifferences(suite.profile, 'auditor/auditor', 'auditor', suite.probes);
  if (state.differences.length > 0)
    problems.push(`state differs: ${state.differences.slice(0, 3).join('; ')}`);
  const notes =
    state.settledLate.length === 0
      ? []
      : [`${state.settledLate.length} state probe(s) agreed only on a later round: ${state.settledLate[0]}`];
  const verification = await verifyNetworkLedger({
    profilePath: suite.instance.network.layout.profileFile,
    checkpointPath: suite.checkpoint,
    fromGenesis,
    compareWith: 'gov',
  });
  if (!verification.report.ok) {
    problems.push(
      `verifier: ${verification.report.failures
        .slice(0, 3)
        .map((failure) => `${failure.code} block ${failure.block}: ${failure.message}`)
        .join('; ')}`,
    );
  }
  return { problems, notes };
}

/** Runs the mixed load around `inject`, then converges, reconciles and checks; one row. */
export async function underLoad(
  suite: Suite,
  name: string,
  inject: () => Promise<string | void>,
  options: { warmupMs: number; afterMs: number; fromGenesis?: boolean; load?: Partial<LoadOptions> },
): Promise<SuiteRow> {
  const heightBefore = Math.max(0, ...(await peerTips(suite.profile)).map((tip) => tip.height));
  const runId = `flt${Date.now().toString(36)}`;
  const load = new MixedLoad(suite.fixture, { ...DEFAULT_LOAD, ...options.load, runId });
  const from = Date.now();
  load.start();
  await sleep(options.warmupMs);
  let note = '';
  const problems: string[] = [];
  try {
    note = (await inject()) ?? '';
  } catch (error) {
    problems.push(`fault: ${error instanceof Error ? error.message : String(error)}`);
  }
  const clearedAt = Date.now();
  await sleep(options.afterMs);
  const records = await load.stop();
  writeRequestLog(suite, name, records);
  const to = Date.now();
  await suite.instance.waitAllRunning().catch((error: Error) => problems.push(error.message));
  const converged = await converge(suite, clearedAt);
  if (converged.detail !== undefined) problems.push(converged.detail);
  const index = await indexLedger(suite.profile, 'auditor', Math.max(0, heightBefore - 1));
  const figures = computeFigures(records, index, { from, to });
  const checked = await checkLedger(suite, options.fromGenesis === true);
  problems.push(...checked.problems);
  return {
    name,
    figures,
    convergeMs: converged.ms,
    problems,
    note: [note, ...checked.notes].filter(Boolean).join('; '),
  };
}

export function rowProblems(row: SuiteRow): string[] {
  const figures: LoadFigures | undefined = row.figures;
  const problems = [...row.problems];
  if (figures !== undefined) {
    if (figures.lost > 0) problems.push(`${figures.lost} accepted requests lost`);
    if (figures.duplicated > 0) problems.push(`${figures.duplicated} requests committed twice`);
    if (figures.internalErrors > 0) problems.push(`${figures.internalErrors} answers were 500`);
  }
  if (row.convergeMs !== undefined && row.convergeMs > CONVERGE_TARGET_MS) {
    problems.push(`converged in ${(row.convergeMs / 1000).toFixed(0)} s (target < 60 s)`);
  }
  return problems;
}

/** Every request of a run, one JSON line each, under the instance's `faults/requests/` (for diagnosis). */
function writeRequestLog(suite: Suite, name: string, records: readonly RequestRecord[]): void {
  const dir = join(suite.instance.dataDir, 'faults', 'requests');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}.jsonl`);
  writeFileSync(file, records.map((record) => JSON.stringify(record)).join('\n') + '\n');
}
