import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { GatewayHttpClient } from './http-client';

// Pages of a list of 5 numbers, 2 per page; the bookmark is the next index. `/stuck` answers an empty page
// with a bookmark, as a ledger query can at the end of a list.
let server: Server;
let baseUrl = '';
const requested: string[] = [];

before(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    requested.push(`${url.pathname}${url.search}`);
    const from = Number(url.searchParams.get('bookmark') || '0');
    const size = Number(url.searchParams.get('pageSize'));
    const items = url.pathname === '/stuck' ? [] : [0, 1, 2, 3, 4].slice(from, from + size);
    const bookmark = url.pathname === '/stuck' || from + size < 5 ? String(from + size) : '';
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ items, bookmark }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});
after(() => server.close());

describe('GatewayHttpClient.allPages', () => {
  it('follows bookmarks to the last page and keeps the query', async () => {
    requested.length = 0;
    const items = await new GatewayHttpClient(baseUrl, 't').allPages<number>('/list?uscc=X', 2);
    assert.deepEqual(items, [0, 1, 2, 3, 4]);
    assert.deepEqual(requested, [
      '/list?uscc=X&pageSize=2',
      '/list?uscc=X&pageSize=2&bookmark=2',
      '/list?uscc=X&pageSize=2&bookmark=4',
    ]);
  });

  it('stops at an empty page even when a bookmark comes back', async () => {
    requested.length = 0;
    assert.deepEqual(await new GatewayHttpClient(baseUrl, 't').allPages('/stuck', 2), []);
    assert.equal(requested.length, 1);
  });
});
