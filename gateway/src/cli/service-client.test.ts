import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, it, beforeAll, afterAll } from '@jest/globals';
import { LedgerApiError, LedgerUnreachableError } from '@sme-credit-ledger/client';
import { CliError, EXIT } from './exit-codes';
import { cliErrorOf } from './service-client';

// The compiled CLI as `npm run cli` runs it: a process of its own, so `npm run build` comes first.
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli', 'main.js');

describe('cliErrorOf', () => {
  const problem = { code: 'X', detail: 'why' };
  for (const [status, exit] of [
    [401, EXIT.refused],
    [403, EXIT.refused],
    [404, EXIT.notFound],
    [400, EXIT.invalid],
    [409, EXIT.invalid],
    [429, EXIT.unavailable],
    [503, EXIT.unavailable],
  ] as const) {
    it(`exits ${exit} on a ${status} problem, with its code and detail`, () => {
      const error = cliErrorOf(new LedgerApiError(status, problem));

      assert.ok(error instanceof CliError);
      assert.equal(error.exitCode, exit);
      assert.equal(error.message, `${status} X: why`);
    });
  }

  it('exits 7 when the service does not answer, saying how to start it', () => {
    const error = cliErrorOf(new LedgerUnreachableError('http://127.0.0.1:1', new TypeError('fetch failed')));

    assert.ok(error instanceof CliError);
    assert.equal(error.exitCode, EXIT.unavailable);
    assert.equal(
      error.message,
      'cannot reach the gateway at http://127.0.0.1:1 (fetch failed); start it with npm start',
    );
  });

  it('passes any other error through', () => {
    const error = new Error('bug');

    assert.equal(cliErrorOf(error), error);
  });
});

describe('CLI on a refusal', () => {
  let server: Server;
  let url = '';

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(403, { 'content-type': 'application/problem+json' }).end(
        JSON.stringify({
          type: 'about:blank',
          title: 'Forbidden',
          status: 403,
          code: 'NOT_AUTHORIZED',
          detail: 'a bank lists only its own consents',
          txId: 'tx9',
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });

  it('prints the problem and exits 3', async () => {
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [CLI, 'consent', 'list', '--url', url],
        { env: { ...process.env, SME_GATEWAY_TOKEN: 't' } },
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
      );
    });

    assert.equal(result.code, EXIT.refused, result.stderr);
    assert.equal(result.stderr, 'error: 403 NOT_AUTHORIZED: a bank lists only its own consents (tx tx9)\n');
  });
});
