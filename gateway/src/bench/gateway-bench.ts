// Issue 4's figures: requests/s and p50/p99 latency through the HTTP service versus straight through the
// service's own Fabric layer (no HTTP), for attest (single and batch), consent grant, the authorized read
// and a plain company lookup, at a few concurrency levels; the overhead is the service's p50 over the
// direct p50. Loopback only. Each cell alternates direct and service in BENCH_ROUNDS rounds (default 4:
// machine load drifts), BENCH_SECONDS per mode and cell in total (default 8). Needs the network up.
//   npm run bench:gateway
// BENCH_ONLY=batch,read selects operations. The first run registers 32 bench companies and enrolls
// gov/gateway-bench-company (the first of them).
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { TokenStore } from '../auth/token-store';
import { enrollIdentity } from '../cli/enroll-identity';
import { loadConfig } from '../config';
import { FabricLedgerClient } from '../fabric/fabric-ledger-client';
import { IdentityDirectory } from '../identity/identity-directory';
import { closeHttp, freePort, startService } from './bench-http';
import {
  benchUscc,
  grantReadConsent,
  IDENTITIES,
  OPERATION_NAMES,
  type Operation,
  operations,
  registerCompanies,
} from './bench-operations';

const SECONDS = Number(process.env.BENCH_SECONDS ?? '8');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '4');
/** BENCH_ONLY=attest,read runs only those operations (by name prefix); default all. */
const ONLY = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const TARGET_OVERHEAD = 0.1;

interface Sample {
  count: number;
  errors: number;
  seconds: number;
  latencies: number[];
  /** CPU ms of this process (the direct Fabric client, or the HTTP client) and of the service process. */
  cpuMs: number;
}

const newSample = (): Sample => ({ count: 0, errors: 0, seconds: 0, latencies: [], cpuMs: 0 });

/** CPU ms used so far by this process and by `pid` (utime + stime from /proc, 10 ms ticks). */
function cpuMs(pid: number | undefined): number {
  const own = process.cpuUsage();
  let other = 0;
  if (pid !== undefined) {
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    other = (Number(fields[11]) + Number(fields[12])) * 10;
  }
  return (own.user + own.system) / 1000 + other;
}

async function measure(
  run: Operation,
  concurrency: number,
  seconds: number,
  into: Sample,
  servicePid?: number,
): Promise<void> {
  const cpuBefore = cpuMs(servicePid);
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
  into.cpuMs += cpuMs(servicePid) - cpuBefore;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const cols = (values: (string | number)[], widths: number[]): string =>
  values.map((value, i) => String(value).padStart(widths[i] ?? 8)).join(' ');
const WIDTHS = [9, 5, 9, 9, 9, 9, 9, 9, 9, 7, 10, 11];

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
        (direct.cpuMs / Math.max(1, direct.count)).toFixed(2),
        (service.cpuMs / Math.max(1, service.count)).toFixed(2),
      ],
      WIDTHS,
    ),
  );
  return overhead;
}

async function main(): Promise<void> {
  const unknown = ONLY?.filter((name) => !OPERATION_NAMES.some((known) => known.startsWith(name))) ?? [];
  if (unknown.length > 0) {
    throw new Error(
      `BENCH_ONLY names no operation: ${unknown.join(', ')}; use ${OPERATION_NAMES.join(', ')}`,
    );
  }
  const config = loadConfig();
  let identities = await IdentityDirectory.load(config.profilePath);
  if (identities.find(IDENTITIES.company) === undefined) {
    const [org, name] = IDENTITIES.company.split('/') as [string, string];
    console.log(`enrolling ${IDENTITIES.company} (once)…`);
    if ((await enrollIdentity(org, name, ['role=company', `uscc=${benchUscc(0)}`])) !== 0) {
      throw new Error(`enrolling ${IDENTITIES.company} failed`);
    }
    identities = await IdentityDirectory.load(config.profilePath);
  }
  const ledger = new FabricLedgerClient({ identities, logger: pino({ level: 'error' }) });
  await ledger.start();
  console.log('registering the bench companies (once) and granting the read consent…');
  await registerCompanies(ledger);
  const consentId = await grantReadConsent(ledger);

  const tokens = await TokenStore.open(config.tokensPath);
  const issued: string[] = [];
  const tokenByIdentity: Record<string, string> = {};
  for (const identity of [IDENTITIES.tax, IDENTITIES.bank, IDENTITIES.company]) {
    tokenByIdentity[identity] = await tokens.issue(identity, 'bench');
    issued.push(tokenByIdentity[identity]);
  }
  const port = await freePort();
  const service = await startService(port);
  const context = { ledger, base: `http://127.0.0.1:${port}`, tokens: tokenByIdentity, consentId };
  const overheads: { cell: string; overhead: number }[] = [];
  try {
    console.log(
      `${SECONDS} s per mode and cell in ${ROUNDS} alternating rounds, loopback; latencies in ms; CPU: ms per ` +
        'request of the Fabric client (direct) and of the HTTP client + service (service)',
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
          'CPU direct',
          'CPU service',
        ],
        WIDTHS,
      ),
    );
    const selected = operations(context).filter(
      (pair) => ONLY === undefined || ONLY.some((name) => pair.name.startsWith(name)),
    );
    for (const pair of selected) {
      for (const concurrency of pair.concurrency) {
        // Warm-up: connections, JIT, caches (catalog, block numbers) on both paths.
        await measure(pair.direct, concurrency, 0.5, newSample());
        await measure(pair.service, concurrency, 0.5, newSample());
        const direct = newSample();
        const viaService = newSample();
        for (let round = 0; round < ROUNDS; round++) {
          await measure(pair.direct, concurrency, SECONDS / ROUNDS, direct);
          await measure(pair.service, concurrency, SECONDS / ROUNDS, viaService, service.pid);
        }
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
    service.kill('SIGTERM');
    for (const token of issued) {
      await tokens.revoke(token);
    }
    ledger.close();
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
