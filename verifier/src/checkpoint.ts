import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Catalog } from './authorization-rules';
import type { ChannelTrust } from './channel-config';
import type { SignaturePolicy } from './endorsement-policy';
import type { TrackedStateJson } from './tracked-state';

/**
 * 2: adds `tracked` (write-once keys); a version 1 file lacks them, so it cannot resume. A version 2 file of
 * an earlier verifier also holds consent values, which are ignored: consents are private data now.
 */
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
  /** World state the rules need from earlier blocks: the write-once keys written. */
  tracked: TrackedStateJson;
  verifiedAt: string;
}

/** A checkpoint of an earlier verifier: it still pins the genesis hash, but a run cannot resume from it. */
export interface OutdatedCheckpoint {
  version: 1;
  genesisHash: string;
}

/** Reads a checkpoint; one of an earlier version is returned as such (resume refuses it, `--from-genesis` pins its genesis). */
export async function readCheckpoint(
  file: string,
): Promise<VerifierCheckpoint | OutdatedCheckpoint | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
  const checkpoint = JSON.parse(text) as VerifierCheckpoint | OutdatedCheckpoint;
  if (checkpoint.version === 1 && typeof checkpoint.genesisHash === 'string') {
    return { version: 1, genesisHash: checkpoint.genesisHash };
  }
  if (checkpoint.version !== CHECKPOINT_VERSION || typeof checkpoint.lastBlock?.hash !== 'string') {
    throw new Error(`${file} is not a ledger verifier checkpoint; delete it or use --from-genesis`);
  }
  return checkpoint;
}

/** The checkpoint to resume from; an outdated one lacks the state the rules compare with. */
export function resumableCheckpoint(
  file: string,
  saved: VerifierCheckpoint | OutdatedCheckpoint | undefined,
): VerifierCheckpoint | undefined {
  if (saved?.version === 1) {
    throw new Error(
      `${file} was written by an earlier verifier (version 1) without the write-once keys its rules compare with; run once with --from-genesis`,
    );
  }
  return saved;
}

/** Writes atomically (temp file + rename), so an interrupted run never leaves half a checkpoint. */
export async function writeCheckpoint(file: string, checkpoint: VerifierCheckpoint): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o644 });
  await rename(temporary, file);
}
