import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import type { OfflineSigning } from './ledger/offline-signing';
import { appWith, ledgerWithCatalog } from './testing/test-app';

// Run from src/ by Jest; the golden copy lives in the package root.
const GOLDEN_PATH = join(__dirname, '..', 'openapi.golden.json');

/** Never called: the offline routes are registered only when the service signs offline, and their schemas are wanted. */
const unusedOfflineSigning: OfflineSigning = {
  prepare: () => Promise.reject(new Error('unused')),
  endorse: () => Promise.reject(new Error('unused')),
  submit: () => Promise.reject(new Error('unused')),
  commitStatus: () => Promise.reject(new Error('unused')),
};

/** The published API description, paths in a stable order so a diff shows only what changed. */
async function openApiDocument(): Promise<Record<string, unknown>> {
  const app = await appWith(ledgerWithCatalog(), { offline: unusedOfflineSigning });
  await app.ready();
  const document = JSON.parse(JSON.stringify(app.swagger())) as { paths: Record<string, unknown> };
  await app.close();
  const paths = Object.fromEntries(
    Object.keys(document.paths)
      .sort()
      .map((path) => [path, document.paths[path]]),
  );
  return { ...document, paths };
}

describe('OpenAPI document', () => {
  it('matches the golden copy (run with UPDATE_GOLDEN=1, then npm run format, to accept a deliberate API change)', async () => {
    const actual = await openApiDocument();
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(GOLDEN_PATH, `${JSON.stringify(actual, null, 2)}\n`);
    }
    assert.deepEqual(actual, JSON.parse(readFileSync(GOLDEN_PATH, 'utf8')));
  });
});
