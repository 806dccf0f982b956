import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../config';

// A keep-alive agent and node:http rather than fetch: undici's fetch costs the client ~1 ms per request,
// which would be counted as service overhead.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** One JSON request to the service; rejects on a 4xx/5xx status. The body is read and dropped. */
export function http(url: string, token: string, method: 'GET' | 'POST', body?: unknown): Promise<void> {
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
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const status = response.statusCode ?? 500;
          if (status < 400) {
            resolve();
          } else {
            reject(new Error(`HTTP ${status}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
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

/** Starts the real service (gateway/dist/main.js) on `port` and waits until it is ready. */
export async function startService(port: number): Promise<ChildProcess> {
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
