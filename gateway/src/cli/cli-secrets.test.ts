import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, beforeAll, afterAll } from '@jest/globals';
import { bulkAttest } from './bulk-attest';
import { createLedgerClient } from '@sme-credit-ledger/client';

// The compiled CLI as `npm run cli` runs it: a process of its own, so `npm run build` comes first.
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli', 'main.js');

function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const inherited = { ...process.env };
  delete inherited.SME_GATEWAY_TOKEN;
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...inherited, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe('CLI bearer token', () => {
  const seen: (string | undefined)[] = [];
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.close();
  });

  it('sends the token from SME_GATEWAY_TOKEN', async () => {
    seen.length = 0;

    const result = await runCli(['consent', 'list', '--url', url], { SME_GATEWAY_TOKEN: 'tok-from-env' });

    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(seen, ['Bearer tok-from-env']);
  });

  it('refuses --token, which every local user could read in ps, and sends nothing', async () => {
    seen.length = 0;

    const result = await runCli(['consent', 'list', '--url', url, '--token', 'tok-on-argv'], {
      SME_GATEWAY_TOKEN: 'tok-from-env',
    });

    assert.equal(result.code, 2);
    assert.match(result.stderr, /--token is not accepted.*SME_GATEWAY_TOKEN/s);
    assert.ok(!result.stderr.includes('tok-on-argv'));
    assert.deepEqual(seen, []);
  });

  it('names SME_GATEWAY_TOKEN when no token is set', async () => {
    const result = await runCli(['consent', 'list', '--url', url], {});

    assert.equal(result.code, 2);
    assert.match(result.stderr, /SME_GATEWAY_TOKEN/);
  });
});

describe('bulk attest receipts', () => {
  it('leaves an existing world-readable receipts file owner-only, with the new receipts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'receipts-'));
    const input = path.join(dir, 'records.jsonl');
    writeFileSync(
      input,
      '{"uscc":"91441300MA4UQ7R20Q","category":"TAX_PAYMENT","effectiveDate":"2026-01-01","record":{"a":1}}\n',
    );
    const receipts = path.join(dir, 'receipts.jsonl');
    writeFileSync(receipts, 'an older run\n');
    chmodSync(receipts, 0o644);
    // The service's answer to the one batch, without a service.
    const answer = {
      attestations: [
        {
          uscc: '91441300MA4UQ7R20Q',
          category: 'TAX_PAYMENT',
          version: 1,
          hash: 'h'.repeat(64),
          salt: 's'.repeat(64),
        },
      ],
      txId: 'tx1',
    };
    const client = createLedgerClient({
      baseUrl: 'http://gateway.invalid',
      fetch: () =>
        Promise.resolve(
          new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } }),
        ),
    });

    await bulkAttest(client, {
      file: input,
      batchSize: 10,
      concurrency: 1,
      receiptsFile: receipts,
      out: { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream,
    });

    assert.equal(statSync(receipts).mode & 0o777, 0o600);
    assert.match(readFileSync(receipts, 'utf8'), /"salt":"s{64}"/);
  });
});
