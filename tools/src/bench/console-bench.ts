import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

// `npm run bench:console`: the web console's first-screen JavaScript (the entry and its static imports, as
// index.html loads them; lazily loaded chunks apart), raw, gzip and brotli, and the first contentful paint of
// the sign-in screen in Debian's chromium, from a cold cache each round. Prints figures; asserts nothing.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TARGET_GZIP_KB = 250;

const buildDir = path.join(path.dirname(require.resolve('@sme-credit-ledger/web/package.json')), 'build');

interface Asset {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

function measure(file: string): Asset {
  const bytes = readFileSync(path.join(buildDir, file));
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes).length,
  };
}

/** The scripts, module preloads and stylesheets index.html names: what the first screen loads. */
function firstScreenFiles(html: string): { scripts: string[]; styles: string[] } {
  const attr = (pattern: RegExp) => [...html.matchAll(pattern)].map((m) => (m[1] ?? '').replace(/^\//, ''));
  return {
    scripts: [
      ...attr(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
      ...attr(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
    ],
    styles: attr(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g),
  };
}

function serve(): Promise<Server> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
  };
  const server = createServer((request, response) => {
    const name = (request.url ?? '/').split('?')[0] === '/' ? 'index.html' : (request.url ?? '').slice(1);
    const file = path.join(buildDir, path.normalize(name));
    if (!file.startsWith(buildDir)) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(file);
      response.writeHead(200, {
        'content-type': types[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy':
          "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'",
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function main(): Promise<void> {
  const html = readFileSync(path.join(buildDir, 'index.html'), 'utf8');
  const { scripts, styles } = firstScreenFiles(html);
  const js = scripts.map(measure);
  const css = styles.map(measure);
  const sum = (assets: Asset[], key: keyof Omit<Asset, 'file'>) =>
    assets.reduce((total, a) => total + a[key], 0);
  console.log('web console bundle (web/build)');
  for (const asset of [...js, ...css]) {
    console.log(
      `  ${asset.file.padEnd(36)} raw ${kb(asset.raw).padStart(9)}  gzip ${kb(asset.gzip).padStart(8)}  brotli ${kb(asset.brotli).padStart(8)}`,
    );
  }
  const gzipJs = sum(js, 'gzip');
  console.log(
    `first-screen JavaScript: raw ${kb(sum(js, 'raw'))}, gzip ${kb(gzipJs)}, brotli ${kb(sum(js, 'brotli'))} ` +
      `(target < ${TARGET_GZIP_KB} KB gzip: ${gzipJs < TARGET_GZIP_KB * 1024 ? 'met' : 'MISSED'})`,
  );

  const server = await serve();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const fcp: number[] = [];
  const dcl: number[] = [];
  try {
    for (let round = 0; round < ROUNDS + 1; round++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      await page.getByRole('button').first().waitFor();
      const timing = await page.evaluate<{ fcp: number; dcl: number }>(
        `new Promise((resolve) => requestAnimationFrame(() => resolve({
          fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,
          dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? -1,
        })))`,
      );
      await context.close();
      if (round > 0) {
        // Round 0 warms the browser process itself and is not counted.
        fcp.push(timing.fcp);
        dcl.push(timing.dcl);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  fcp.sort((a, b) => a - b);
  dcl.sort((a, b) => a - b);
  const line = (name: string, values: number[]) =>
    `${name}: p50 ${quantile(values, 0.5).toFixed(0)} ms, p90 ${quantile(values, 0.9).toFixed(0)} ms, min ${(values[0] ?? 0).toFixed(0)} ms`;
  console.log(`sign-in screen in chromium over loopback, cold cache, ${ROUNDS} rounds`);
  console.log(`  ${line('first contentful paint', fcp)}`);
  console.log(`  ${line('DOMContentLoaded', dcl)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
