import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { Pool } from 'undici';
import { REPO_ROOT } from '@sme-credit-ledger/gateway/config';

// undici's Pool, not fetch or node:http: the client's own cost per request is counted in the service's
// overhead, and on loopback Pool.request costs ~190 µs of CPU per request where node:http costs ~250 µs
// and fetch about 1 ms (measured here against /health/live).
const pools = new Map<string, Pool>();

/** One JSON request to the service; rejects on a 4xx/5xx status with the start of the problem body. */
export async function http(
  url: string,
  token: string,
  method: 'GET' | 'POST',
  body?: unknown,
): Promise<void> {
  const { origin, pathname, search } = new URL(url);
  let pool = pools.get(origin);
  if (pool === undefined) {
    // Connections stay open across the direct rounds (a few seconds idle), as a busy client's would.
    pool = new Pool(origin, { connections: 64, keepAliveTimeout: 60_000 });
    pools.set(origin, pool);
  }
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const response = await pool.request({
    path: `${pathname}${search}`,
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(payload === undefined ? {} : { body: payload }),
  });
  if (response.statusCode < 400) {
    await response.body.dump();
    return;
  }
  const text = await response.body.text();
  throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
}

/** Closes the connections `http` opened. */
export async function closeHttp(): Promise<void> {
  await Promise.all([...pools.values()].map((pool) => pool.close()));
  pools.clear();
}

export async function freePort(): Promise<number> {
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

/**
 * Starts `org`'s real service (gateway/dist/main.js) on `port` and waits until it is ready. BENCH_SERVICE_NODE_ARGS
 * adds node options to it alone, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the service.
 */
export async function startService(port: number, org: string): Promise<ChildProcess> {
  const nodeArgs = process.env.BENCH_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, path.join(REPO_ROOT, 'gateway', 'dist', 'main.js')], {
    // The bench drives one token per identity far past the per-token rate limit on purpose.
    env: {
      ...process.env,
      SME_GATEWAY_ORG: org,
      SME_GATEWAY_PORT: String(port),
      SME_GATEWAY_LOG_LEVEL: 'warn',
      SME_GATEWAY_RATE_LIMIT: process.env.SME_GATEWAY_RATE_LIMIT ?? '100000000',
    },
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
