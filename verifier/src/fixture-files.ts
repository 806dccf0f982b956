import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { VerifierCheckpoint } from './checkpoint';

/** test/fixtures/verifier/, written by fixtures/generate-fixtures.ts from the live network. */
export const FIXTURE_DIR = path.resolve(__dirname, '../../test/fixtures/verifier');

export interface FixtureCase {
  description: string;
  blocks: string[];
  expect: string[];
}

export interface FixtureManifest {
  firstBlock: number;
  cases: Record<string, FixtureCase>;
}

export function loadFixtures(): {
  manifest: FixtureManifest;
  checkpoint: VerifierCheckpoint;
  blocksOf(name: string): Buffer[];
  genesis: Buffer;
} {
  const read = (file: string): Buffer => readFileSync(path.join(FIXTURE_DIR, file));
  const manifest = JSON.parse(read('manifest.json').toString('utf8')) as FixtureManifest;
  return {
    manifest,
    checkpoint: JSON.parse(read('checkpoint.json').toString('utf8')) as VerifierCheckpoint,
    blocksOf: (name) => (manifest.cases[name]?.blocks ?? []).map(read),
    genesis: read('genesis.block'),
  };
}
