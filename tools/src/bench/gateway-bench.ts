// Issue 4's figures: requests/s and p50/p99 latency through the HTTP service versus calling Fabric directly
// (no HTTP), for attest (single and batch), consent grant, the authorized read and a plain company lookup,
// at a few concurrency levels; the overhead is the service's p50 over the direct p50. The direct path is a
// plain fabric-gateway client (see DIRECT_FLOW). Loopback only. Each cell alternates direct and service in
// BENCH_ROUNDS rounds (default 8, ABBA order: machine load drifts), BENCH_SECONDS per mode and cell in total
// (default 16). Needs the network up.
//   npm run bench:gateway
// BENCH_ONLY=batch,read selects operations, BENCH_CONCURRENCY=8,32 levels, BENCH_DIRECT_FLOW=shared gives
// the direct path the service's Fabric flow. The first run registers 32 bench companies and enrolls
// gov/gateway-bench-company (the first of them).
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pino } from 'pino';
import { TokenStore } from '@sme-credit-ledger/gateway/token-store';
import { enrollIdentity } from '@sme-credit-ledger/gateway/enroll-identity';
import { loadConfig } from '@sme-credit-ledger/gateway/config';
import { FabricLedgerClient } from '@sme-credit-ledger/gateway/fabric-ledger-client';
import { IdentityDirectory } from '@sme-credit-ledger/gateway/identity-directory';
import { loadNetworkProfile } from '@sme-credit-ledger/network-profile';
import { openPeerBlockSource, type FabricBlockSource } from '@sme-credit-ledger/verifier';
import { closeHttp, freePort, startService } from './bench-http';
import {
  benchUscc,
  grantReadConsent,
  IDENTITIES,
  OPERATION_NAMES,
  type Operation,
  type OperationPair,
  operations,
  registerCompanies,
} from './bench-operations';
import { CLOCK_TICKS_PER_SECOND, machineBusyTicks, processTicks } from './proc-stat';

const SECONDS = Number(process.env.BENCH_SECONDS ?? '16');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '8');
/** BENCH_ONLY=attest,read runs only those operations (by name prefix); default all. */
const ONLY = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
/** BENCH_CONCURRENCY=32 runs only those levels; default each operation's own (1, 8, 32). */
const LEVELS = process.env.BENCH_CONCURRENCY?.split(',').map(Number);
const TARGET_OVERHEAD = 0.1;
/** `standard` (default): the direct path submits like a plain fabric-gateway client; `shared`: like the service. */
const DIRECT_FLOW = process.env.BENCH_DIRECT_FLOW ?? 'standard';

interface Sample {
  count: number;
  errors: number;
  seconds: number;
  latencies: number[];
  /** CPU ms of this process (the direct Fabric client, or the HTTP client) and of the service process. */
  cpuMs: number;
  /** CPU ms of the whole machine: the network's work per request too, not only the client's. */
  machineMs: number;
  /** Blocks the gov peer committed: few transactions per block means more per-block work for every node. */
  blocks: number;
}

const newSample = (): Sample => ({
  count: 0,
  errors: 0,
  seconds: 0,
  latencies: [],
  cpuMs: 0,
  machineMs: 0,
  blocks: 0,
});

const TICK_MS = 1000 / CLOCK_TICKS_PER_SECOND;

/** CPU ms used so far by this process and by the services' processes. */
function cpuMs(pids: readonly number[]): number {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1000 + pids.reduce((sum, pid) => sum + processTicks(pid) * TICK_MS, 0);
}

/** Reads the gov peer's height before and after each measurement (set once the network is reached). */
let heights: FabricBlockSource | undefined;

async function measure(
  run: Operation,
  concurrency: number,
  seconds: number,
  into: Sample,
  servicePids: readonly number[] = [],
): Promise<void> {
  const heightBefore = await heights?.height();
  const cpuBefore = cpuMs(servicePids);
  const machineBefore = machineBusyTicks();
  const began = Date.now();
  const end = began + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let iteration = 0; Date.now() < end; iteration++) {
        const start = performance.now();
        try {
          await run(worker, iteration);
          into.latencies.push(performance.now() - start);
          into.count++;
        } catch (error) {
          into.errors++;
          if (into.errors === 1) {
            console.error(`  first error: ${(error as Error).message}`);
          }
        }
      }
    }),
  );
  into.seconds += (Date.now() - began) / 1000;
  into.cpuMs += cpuMs(servicePids) - cpuBefore;
  into.machineMs += (machineBusyTicks() - machineBefore) * TICK_MS;
  // Every submit above waited for the gov peer's commit, so its height now covers them all.
  if (heightBefore !== undefined && heights !== undefined) {
    into.blocks += (await heights.height()) - heightBefore;
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const cols = (values: (string | number)[], widths: number[]): string =>
  values.map((value, i) => String(value).padStart(widths[i] ?? 8)).join(' ');
const WIDTHS = [9, 5, 9, 8, 8, 9, 8, 8, 9, 6, 7, 7, 7, 7, 6, 6];

const perRequest = (ms: number, sample: Sample): string => (ms / Math.max(1, sample.count)).toFixed(2);
const txPerBlock = (sample: Sample): string =>
  sample.blocks === 0 ? '-' : (sample.count / sample.blocks).toFixed(1);

function report(name: string, concurrency: number, direct: Sample, service: Sample): number {
  const overhead = percentile(service.latencies, 50) / percentile(direct.latencies, 50) - 1;
  console.log(
    cols(
      [
        name,
        concurrency,
        (direct.count / direct.seconds).toFixed(1),
        percentile(direct.latencies, 50).toFixed(1),
        percentile(direct.latencies, 99).toFixed(1),
        (service.count / service.seconds).toFixed(1),
        percentile(service.latencies, 50).toFixed(1),
        percentile(service.latencies, 99).toFixed(1),
        `${overhead >= 0 ? '+' : ''}${(overhead * 100).toFixed(1)}%`,
        direct.errors + service.errors,
        perRequest(direct.cpuMs, direct),
        perRequest(service.cpuMs, service),
        perRequest(direct.machineMs, direct),
        perRequest(service.machineMs, service),
        txPerBlock(direct),
        txPerBlock(service),
      ],
      WIDTHS,
    ),
  );
  return overhead;
}

/** One operation at one concurrency: warm-up, then direct and service in alternating rounds. */
async function runCell(
  pair: OperationPair,
  concurrency: number,
  servicePids: readonly number[],
): Promise<{ direct: Sample; viaService: Sample }> {
  // Warm-up: connections, JIT, caches (catalog, block numbers) on both paths.
  await measure(pair.direct, concurrency, 0.5, newSample());
  await measure(pair.service, concurrency, 0.5, newSample());
  const direct = newSample();
  const viaService = newSample();
  const runDirect = () => measure(pair.direct, concurrency, SECONDS / ROUNDS, direct);
  const runService = () => measure(pair.service, concurrency, SECONDS / ROUNDS, viaService, servicePids);
  // ABBA order (direct, service, service, direct, …): a load that drifts during the cell falls on both
  // modes alike instead of on whichever always runs second.
  for (let round = 0; round < ROUNDS; round++) {
    for (const run of round % 2 === 0 ? [runDirect, runService] : [runService, runDirect]) {
      await run();
    }
  }
  return { direct, viaService };
}

/** Refuses BENCH_ONLY and BENCH_CONCURRENCY values that would select nothing, before any setup. */
function checkSelection(): void {
  const unknown = ONLY?.filter((name) => !OPERATION_NAMES.some((known) => known.startsWith(name))) ?? [];
  if (unknown.length > 0) {
    throw new Error(
      `BENCH_ONLY names no operation: ${unknown.join(', ')}; use ${OPERATION_NAMES.join(', ')}`,
    );
  }
  if (DIRECT_FLOW !== 'standard' && DIRECT_FLOW !== 'shared') {
    throw new Error(`BENCH_DIRECT_FLOW is standard or shared; got ${DIRECT_FLOW}`);
  }
  if (LEVELS?.some((level) => !Number.isInteger(level) || level < 1)) {
    throw new Error(
      `BENCH_CONCURRENCY takes positive integers, e.g. 1,8,32; got ${process.env.BENCH_CONCURRENCY}`,
    );
  }
}

async function main(): Promise<void> {
  checkSelection();
  // The direct path acts for a department, a company and a bank in one process, as the test harness does,
  // from the combined profile; the service path runs gov's and bank1's services, each with its own keys.
  const config = loadConfig({ ...process.env, SME_GATEWAY_ORG: 'gov' });
  const combinedProfile = path.join(config.dataDir, 'network', 'gateway-profile.json');
  let identities = await IdentityDirectory.load(combinedProfile);
  if (identities.find(IDENTITIES.company) === undefined) {
    const [org, name] = IDENTITIES.company.split('/') as [string, string];
    console.log(`enrolling ${IDENTITIES.company} (once)…`);
    if ((await enrollIdentity(org, name, ['role=company', `uscc=${benchUscc(0)}`])) !== 0) {
      throw new Error(`enrolling ${IDENTITIES.company} failed`);
    }
    identities = await IdentityDirectory.load(combinedProfile);
  }
  // The direct path is, by default, a bank's own client on fabric-gateway's standard flow: endorse, submit
  // as soon as endorsed, one CommitStatus call per transaction. The service learns all its commits from one
  // block stream. BENCH_DIRECT_FLOW=shared gives the direct path the same, leaving only the HTTP layer's
  // cost between the two.
  const ledger = new FabricLedgerClient({
    identities,
    logger: pino({ level: 'error' }),
    ...(DIRECT_FLOW === 'shared' ? {} : { commitEvents: false }),
  });
  await ledger.start();
  console.log('registering the bench companies (once) and granting the read consent…');
  await registerCompanies(ledger);
  const consentId = await grantReadConsent(ledger);

  const issued: { tokens: TokenStore; token: string }[] = [];
  const tokenByIdentity: Record<string, string> = {};
  for (const identity of [IDENTITIES.tax, IDENTITIES.bank, IDENTITIES.company]) {
    const org = identity.split('/')[0] ?? '';
    const orgConfig = loadConfig({ ...process.env, SME_GATEWAY_ORG: org });
    const tokens = await TokenStore.open(orgConfig.tokensPath, { org });
    tokenByIdentity[identity] = await tokens.issue(identity, 'bench');
    issued.push({ tokens, token: tokenByIdentity[identity] });
  }
  heights = await openPeerBlockSource(await loadNetworkProfile(combinedProfile), 'gov');
  const bases: Record<string, string> = {};
  const services: ChildProcess[] = [];
  for (const org of ['gov', 'bank1']) {
    const port = await freePort();
    services.push(await startService(port, org));
    bases[org] = `http://127.0.0.1:${port}`;
  }
  const servicePids = services.flatMap((service) => (service.pid === undefined ? [] : [service.pid]));
  const context = { ledger, bases, tokens: tokenByIdentity, consentId };
  const overheads: { cell: string; overhead: number }[] = [];
  try {
    console.log(
      `${SECONDS} s per mode and cell in ${ROUNDS} alternating rounds, loopback; direct path on the ` +
        `${DIRECT_FLOW} flow; latencies in ms. ` +
        'CPU ms per request: cpu = the Fabric client (direct) or the HTTP client + service (service); ' +
        'mach = the whole machine. tx/blk = transactions per block committed (d direct, s service).',
    );
    console.log(
      cols(
        [
          'operation',
          'conc',
          'direct/s',
          'p50',
          'p99',
          'service/s',
          'p50',
          'p99',
          'overhead',
          'errors',
          'cpu d',
          'cpu s',
          'mach d',
          'mach s',
          'tx/b d',
          'tx/b s',
        ],
        WIDTHS,
      ),
    );
    const selected = operations(context).filter(
      (pair) => ONLY === undefined || ONLY.some((name) => pair.name.startsWith(name)),
    );
    for (const pair of selected) {
      for (const concurrency of pair.concurrency.filter((level) => LEVELS?.includes(level) ?? true)) {
        const { direct, viaService } = await runCell(pair, concurrency, servicePids);
        const overhead = report(pair.name, concurrency, direct, viaService);
        overheads.push({ cell: `${pair.name} x${concurrency}`, overhead });
      }
    }
    const over = overheads.filter((o) => !(o.overhead < TARGET_OVERHEAD));
    console.log(
      over.length === 0
        ? `p50 overhead under ${TARGET_OVERHEAD * 100}% in every cell`
        : `p50 overhead at or over ${TARGET_OVERHEAD * 100}%: ${over.map((o) => o.cell).join(', ')}`,
    );
  } finally {
    await closeHttp();
    for (const service of services) {
      service.kill('SIGTERM');
    }
    for (const { tokens, token } of issued) {
      await tokens.revoke(token);
    }
    ledger.close();
    heights.close();
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
