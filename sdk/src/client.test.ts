import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, beforeAll, afterAll } from '@jest/globals';
import { allPages, createLedgerClient, ok } from './client';
import { LedgerApiError, LedgerUnreachableError } from './problem';

// A stand-in service on a loopback port: `/v1/access` pages the numbers 0-4 (bookmark = next index; uscc
// `STUCK` answers an empty page that still carries a bookmark), `/v1/consents` refuses with a problem,
// `/v1/me` answers a proxy's plain-text 502.
let server: Server;
let baseUrl = '';
const requests: { url: string; authorization?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      requests.push({ url: request.url ?? '', authorization: request.headers.authorization, body });
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname === '/v1/access') {
        const from = Number(url.searchParams.get('bookmark') ?? '0');
        const size = Number(url.searchParams.get('pageSize'));
        const stuck = url.searchParams.get('uscc') === 'STUCK';
        const items = stuck ? [] : [0, 1, 2, 3, 4].slice(from, from + size);
        const bookmark = stuck || from + size < 5 ? String(from + size) : '';
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ items, bookmark }));
      } else if (url.pathname === '/v1/consents') {
        response.writeHead(403, { 'content-type': 'application/problem+json' }).end(
          JSON.stringify({
            type: 'about:blank',
            title: 'Forbidden',
            status: 403,
            code: 'NOT_AUTHORIZED',
            detail: 'only a company grants consent',
            txId: 'tx42',
          }),
        );
      } else {
        response.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
});

const consent = {
  bankMspId: 'Bank1MSP',
  categories: ['TAX_PAYMENT'],
  purpose: 'supply-chain' as const,
  validFrom: '2026-01-01T00:00:00.000Z',
  validUntil: '2026-02-01T00:00:00.000Z',
};

describe('createLedgerClient', () => {
  it('sends the bearer token and the JSON body', async () => {
    requests.length = 0;
    const client = createLedgerClient({ baseUrl: `${baseUrl}/`, token: 'tok-1' });

    await ok(client.GET('/v1/access', { params: { query: { uscc: 'X', pageSize: 2 } } }));

    assert.deepEqual(requests, [
      { url: '/v1/access?uscc=X&pageSize=2', authorization: 'Bearer tok-1', body: '' },
    ]);
  });

  it('sends no authorization header without a token', async () => {
    requests.length = 0;

    await ok(createLedgerClient({ baseUrl }).GET('/v1/access'));

    assert.equal(requests[0]?.authorization, undefined);
  });
});

describe('ok', () => {
  it('throws the problem as a LedgerApiError with its status, code and transaction', async () => {
    const client = createLedgerClient({ baseUrl, token: 't' });

    const error = await ok(client.POST('/v1/consents', { body: consent })).catch((caught: unknown) => caught);

    assert.ok(error instanceof LedgerApiError);
    assert.equal(error.status, 403);
    assert.equal(error.code, 'NOT_AUTHORIZED');
    assert.equal(error.problem.txId, 'tx42');
    assert.equal(error.message, '403 NOT_AUTHORIZED: only a company grants consent (tx tx42)');
    assert.deepEqual(JSON.parse(requests.at(-1)?.body ?? ''), consent);
  });

  it('keeps a plain-text error body as the detail', async () => {
    const error = await ok(createLedgerClient({ baseUrl }).GET('/v1/me')).catch((caught: unknown) => caught);

    assert.ok(error instanceof LedgerApiError);
    assert.equal(error.status, 502);
    assert.equal(error.code, undefined);
    assert.equal(error.message, '502 : bad gateway');
  });

  it('throws LedgerUnreachableError naming the service when nothing answers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await ok(createLedgerClient({ baseUrl: url }).GET('/v1/me')).catch(
      (caught: unknown) => caught,
    );

    assert.ok(error instanceof LedgerUnreachableError);
    assert.equal(error.baseUrl, url);
    assert.match(error.message, new RegExp(`cannot reach the service at ${url}`));
  });
});

describe('allPages', () => {
  // The service's address is known only once `before` has run.
  const access = (uscc: string) => (bookmark: string | undefined) =>
    ok(
      createLedgerClient({ baseUrl, token: 't' }).GET('/v1/access', {
        params: { query: { uscc, pageSize: 2, bookmark } },
      }),
    );

  it('follows bookmarks to the last page and keeps the query', async () => {
    requests.length = 0;

    const items = await allPages(access('X'));

    assert.deepEqual(items, [0, 1, 2, 3, 4]);
    assert.deepEqual(
      requests.map((request) => request.url),
      [
        '/v1/access?uscc=X&pageSize=2',
        '/v1/access?uscc=X&pageSize=2&bookmark=2',
        '/v1/access?uscc=X&pageSize=2&bookmark=4',
      ],
    );
  });

  it('stops at an empty page even when a bookmark comes back', async () => {
    requests.length = 0;

    assert.deepEqual(await allPages(access('STUCK')), []);
    assert.equal(requests.length, 1);
  });
});
