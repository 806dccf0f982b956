import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from '@jest/globals';
import { appWith, auth, ledgerWithCatalog } from '../testing/test-app';
import { findConsoleDir } from './console-dir';
import { CONSOLE_CSP } from './console-routes';

/** A console build as Vite lays it out: index.html and content-hashed assets. */
function fakeBuild(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'console-build-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(
    path.join(root, 'index.html'),
    '<!doctype html><script type="module" src="/assets/index-abc.js"></script>',
  );
  writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(root, '.secret'), 'dot files are never served');
  return root;
}

describe('web console routes', () => {
  it('serves the page and its assets without a token, with a strict CSP', async () => {
    const app = await appWith(ledgerWithCatalog(), { consoleDir: fakeBuild() });

    const page = await app.inject({ method: 'GET', url: '/' });
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc.js' });

    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.equal(page.headers['content-security-policy'], CONSOLE_CSP);
    assert.equal(page.headers['cache-control'], 'no-cache');
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['content-type']), /javascript/);
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.doesNotMatch(CONSOLE_CSP, /unsafe-inline|unsafe-eval|\*/);
  });

  it('leaves every other path as it was: API routes need a token, unknown paths are not public', async () => {
    const app = await appWith(ledgerWithCatalog(), { consoleDir: fakeBuild() });

    for (const url of [
      '/v1/consents',
      '/openapi.json',
      '/docs',
      '/assets/missing.js',
      '/.secret',
      '/../package.json',
    ]) {
      const anonymous = await app.inject({ method: 'GET', url });
      assert.equal(anonymous.statusCode, 401, url);
      assert.equal(anonymous.json<{ code: string }>().code, 'UNAUTHENTICATED', url);
    }
    const unknown = await app.inject({ method: 'GET', url: '/assets/missing.js', headers: auth('bank1') });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json<{ code: string }>().code, 'ROUTE_NOT_FOUND');
    const live = await app.inject({ method: 'GET', url: '/health/live' });
    assert.equal(live.statusCode, 200);
    assert.equal(live.headers['content-security-policy'], undefined);
  });

  it('keeps the console out of the OpenAPI document', async () => {
    const app = await appWith(ledgerWithCatalog(), { consoleDir: fakeBuild() });

    const doc = await app.inject({ method: 'GET', url: '/openapi.json', headers: auth('bank1') });

    const paths = Object.keys(doc.json<{ paths: Record<string, unknown> }>().paths);
    assert.ok(
      paths.every((p) => p.startsWith('/v1/') || p.startsWith('/health/') || p === '/metrics'),
      paths.join(),
    );
  });

  it('serves no console when none is built', async () => {
    const app = await appWith(ledgerWithCatalog());

    const page = await app.inject({ method: 'GET', url: '/' });

    assert.equal(page.statusCode, 401);
  });

  it('finds the build given by SME_GATEWAY_CONSOLE_DIR, and none where no index.html is', () => {
    const build = fakeBuild();

    assert.equal(findConsoleDir({ SME_GATEWAY_CONSOLE_DIR: build }), build);
    assert.equal(findConsoleDir({ SME_GATEWAY_CONSOLE_DIR: path.join(build, 'assets') }), undefined);
  });
});
