// Throughput and latency through the HTTP service versus direct Fabric calls (the service's own Fabric layer,
// no HTTP), for a read (company:GetCompany) and a write (attestation:Attest, waits for commit), at
// concurrency 1, 8 and 32. Loopback only; bounded: BENCH_SECONDS per cell (default 4), 12 cells.
//   node gateway/dist/bench/gateway-bench.js
// Needs the network up. Registers up to 32 bench companies once (test USCCs with valid check characters).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { buildUscc } from '@sme-credit-ledger/chaincode/api';
import { pino } from 'pino';
import { TokenStore } from '../auth/token-store';
import { loadConfig, REPO_ROOT } from '../config';
import { ApiError } from '../errors/problem';
import { FabricLedgerClient } from '../fabric/fabric-ledger-client';
import { IdentityDirectory } from '../identity/identity-directory';
import type { LedgerClient } from '../ledger/ledger-client';

const SECONDS = Number(process.env.BENCH_SECONDS ?? '4');
const CONCURRENCY = [1, 8, 32];
const CATEGORIES = ['TAX_PAYMENT', 'TAX_CREDIT_RATING', 'INVOICE_VOLUME'];

/** A test USCC `91449900` + 8 digits + both check characters. */
function benchUscc(index: number): string {
  return buildUscc('91449900', String(20_000_000 + index).padStart(8, '0'));
}

// A keep-alive agent and node:http rather than fetch: undici's fetch costs the client ~1 ms per request,
// which would be counted as service overhead.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

type Operation = (worker: number, iteration: number) => Promise<void>;

interface Cell {
  mode: string;
  operation: string;
  concurrency: number;
  count: number;
  errors: number;
  latencies: number[];
}

async function measure(mode: string, operation: string, concurrency: number, run: Operation): Promise<Cell> {
  const cell: Cell = { mode, operation, concurrency, count: 0, errors: 0, latencies: [] };
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let iteration = 0; Date.now() < end; iteration++) {
        const start = performance.now();
        try {
          await run(worker, iteration);
          cell.latencies.push(performance.now() - start);
          cell.count++;
        } catch (error) {
          cell.errors++;
          if (cell.errors === 1) {
            console.error(`  first error in ${mode}/${operation}: ${(error as Error).message}`);
          }
        }
      }
    }),
  );
  return cell;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function report(cell: Cell): void {
  const sorted = [...cell.latencies].sort((a, b) => a - b);
  console.log(
    [
      cell.mode.padEnd(8),
      cell.operation.padEnd(6),
      String(cell.concurrency).padStart(4),
      (cell.count / SECONDS).toFixed(1).padStart(9),
      percentile(sorted, 50).toFixed(1).padStart(9),
      percentile(sorted, 99).toFixed(1).padStart(9),
      String(cell.errors).padStart(7),
    ].join('  '),
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function startService(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'gateway', 'dist', 'main.js')], {
    env: { ...process.env, SME_GATEWAY_PORT: String(port), SME_GATEWAY_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) {
        return child;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error('the gateway service did not become ready');
}

function http(url: string, token: string, method: string, body?: unknown): Promise<void> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          (response.statusCode ?? 500) < 400 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function registerCompanies(ledger: LedgerClient, companies: string[]): Promise<void> {
  for (const uscc of companies) {
    try {
      await ledger.submit({
        identity: 'gov/samr-officer',
        transaction: 'company:RegisterCompany',
        args: [JSON.stringify({ uscc, requestId: `bench-register-${uscc}` })],
      });
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'CONFLICT')) {
        throw error;
      }
    }
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const identities = await IdentityDirectory.load(config.profilePath);
  const ledger = new FabricLedgerClient({ identities, logger: pino({ level: 'error' }) });
  await ledger.start();
  const companies = Array.from({ length: Math.max(...CONCURRENCY) }, (_, index) => benchUscc(index));
  console.log(`registering ${companies.length} bench companies (once)…`);
  await registerCompanies(ledger, companies);

  const tokens = await TokenStore.open(config.tokensPath);
  const taxToken = await tokens.issue('gov/tax-officer', 'bench');
  const port = await freePort();
  const service = await startService(port);
  const base = `http://127.0.0.1:${port}`;
  const record = (worker: number, iteration: number) => ({ worker, iteration, amountYuan: 1000 + iteration });
  const target = (worker: number, iteration: number) => ({
    uscc: companies[worker % companies.length] ?? '',
    category: CATEGORIES[iteration % CATEGORIES.length] ?? 'TAX_PAYMENT',
  });
  const operations: Record<string, Record<string, Operation>> = {
    service: {
      read: (worker) => http(`${base}/v1/companies/${companies[worker % companies.length]}`, taxToken, 'GET'),
      write: (worker, iteration) =>
        http(`${base}/v1/attestations`, taxToken, 'POST', {
          ...target(worker, iteration),
          effectiveDate: '2026-10-01',
          record: record(worker, iteration),
        }),
    },
    direct: {
      read: async (worker) => {
        await ledger.evaluate({
          identity: 'gov/tax-officer',
          transaction: 'company:GetCompany',
          args: [JSON.stringify({ uscc: companies[worker % companies.length] })],
        });
      },
      write: async (worker, iteration) => {
        await ledger.submit({
          identity: 'gov/tax-officer',
          transaction: 'attestation:Attest',
          args: [
            JSON.stringify({
              ...target(worker, iteration),
              schemaVersion: 1,
              effectiveDate: '2026-10-01',
              requestId: `bench-${randomBytes(8).toString('hex')}`,
            }),
          ],
          transient: {
            record: JSON.stringify(record(worker, iteration)),
            salt: randomBytes(32).toString('hex'),
          },
        });
      },
    },
  };
  try {
    console.log(`${SECONDS} s per cell, loopback; latencies in ms`);
    console.log('mode      op      conc      req/s       p50       p99   errors');
    for (const operation of ['read', 'write']) {
      for (const concurrency of CONCURRENCY) {
        for (const mode of ['direct', 'service']) {
          const run = operations[mode]?.[operation];
          if (run !== undefined) {
            report(await measure(mode, operation, concurrency, run));
          }
        }
      }
    }
  } finally {
    service.kill('SIGTERM');
    await tokens.revoke(taxToken);
    ledger.close();
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
