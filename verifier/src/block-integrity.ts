import type { DecodedBlock } from './block-decoder';
import type { VerificationFailure } from './report';

/** The block follows the last verified one: next number, previous_hash = that block's header hash. */
export function chainFailures(
  block: DecodedBlock,
  expected: number,
  previous: { number: number; hash: Buffer } | undefined,
): VerificationFailure[] {
  const failures: VerificationFailure[] = [];
  if (block.number > expected) {
    failures.push({
      code: 'BLOCK_MISSING',
      block: expected,
      message: `${block.number - expected} block(s) missing: expected block ${expected}, got ${block.number}`,
    });
  } else if (block.number !== expected) {
    failures.push({
      code: 'BLOCK_NUMBER_MISMATCH',
      block: expected,
      message: `expected block ${expected}, got ${block.number}`,
    });
  }
  if (previous !== undefined && !block.previousHash.equals(previous.hash)) {
    failures.push({
      code: 'PREVIOUS_HASH_MISMATCH',
      block: block.number,
      message:
        `previous_hash ${block.previousHash.toString('hex')} is not the hash of block ${previous.number} ` +
        `(${previous.hash.toString('hex')})`,
    });
  }
  return failures;
}

/** The header's data hash covers exactly these envelopes. */
export function dataFailures(block: DecodedBlock): VerificationFailure[] {
  const failures: VerificationFailure[] = [];
  if (!block.dataHash.equals(block.computedDataHash)) {
    failures.push({
      code: 'DATA_HASH_MISMATCH',
      block: block.number,
      message: `header data_hash ${block.dataHash.toString('hex')}, data hashes to ${block.computedDataHash.toString('hex')}`,
    });
  }
  return failures;
}
