import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Catalog } from './authorization-rules';
import type { ChannelTrust } from './channel-config';
import type { SignaturePolicy } from './endorsement-policy';
import type { TrackedStateJson } from './tracked-state';

/** 2: adds `tracked` (consent values, write-once keys); a version 1 file lacks them, so it cannot resume. */
export const CHECKPOINT_VERSION = 2;

export interface ChaincodePolicies {
  endorsement?: SignaturePolicy;
  collections: Record<string, SignaturePolicy>;
}

/**
 * Everything the verifier knows after a block, so a later run resumes there: the last verified header hash
 * (the next block must chain to it), the trust roots and policies read from verified blocks, the catalog.
 * The auditor keeps this file; it is derived only from blocks the verifier checked itself.
 */
export interface VerifierCheckpoint {
  version: typeof CHECKPOINT_VERSION;
  channel: string;
  lastBlock: { number: number; hash: string };
  genesisHash: string;
  trust: ChannelTrust;
  chaincodes: Record<string, ChaincodePolicies>;
  catalog: Catalog;
  /** World state the rules need from earlier blocks: each consent's value, the write-once keys written. */
  tracked: TrackedStateJson;
  verifiedAt: string;
}

export async function readCheckpoint(file: string): Promise<VerifierCheckpoint | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
  const checkpoint = JSON.parse(text) as VerifierCheckpoint;
  if (checkpoint.version !== CHECKPOINT_VERSION || typeof checkpoint.lastBlock?.hash !== 'string') {
    throw new Error(
      `${file} is not a ledger verifier checkpoint of version ${CHECKPOINT_VERSION} (earlier versions lack the state the rules compare with); delete it or use --from-genesis`,
    );
  }
  return checkpoint;
}

/** Writes atomically (temp file + rename), so an interrupted run never leaves half a checkpoint. */
export async function writeCheckpoint(file: string, checkpoint: VerifierCheckpoint): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o644 });
  await rename(temporary, file);
}
