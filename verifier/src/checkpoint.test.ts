import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, afterAll } from '@jest/globals';
import { readCheckpoint, resumableCheckpoint } from './checkpoint';
import { loadFixtures } from './fixture-files';

describe('verifier checkpoint files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'checkpoint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resumes from a checkpoint that keeps the tracked state', async () => {
    const file = path.join(dir, 'current.json');
    writeFileSync(file, JSON.stringify(loadFixtures().checkpoint));

    const saved = resumableCheckpoint(file, await readCheckpoint(file));

    assert.equal(saved?.version, 2);
    assert.ok(saved !== undefined && saved.tracked.writeOnceKeys.length > 0);
  });

  it('refuses to resume from a version 1 checkpoint but keeps its genesis pin', async () => {
    const file = path.join(dir, 'v1.json');
    const v1: Record<string, unknown> = { ...loadFixtures().checkpoint, version: 1 };
    delete v1.tracked;
    writeFileSync(file, JSON.stringify(v1));

    const stored = await readCheckpoint(file);

    assert.equal(stored?.genesisHash, loadFixtures().checkpoint.genesisHash);
    assert.throws(() => resumableCheckpoint(file, stored), /run once with --from-genesis/);
  });
});
