import { createHash } from 'node:crypto';

/** What the verifier remembers of world state between blocks (and, through its checkpoint, between runs). */
export interface TrackedStateJson {
  /** Digests of the keys of write-once families written so far (`keyDigest`). */
  writeOnceKeys: string[];
}

/**
 * 128 bits of SHA-256: the set holds one entry per company, attestation, salt and request, so keys are not
 * kept whole; a collision needs about 2^64 keys.
 */
const keyDigest = (key: string): string =>
  createHash('sha256').update(key).digest().subarray(0, 16).toString('base64url');

/**
 * State learned from verified blocks, like the catalog: which write-once keys exist (a second write is a
 * rewrite). Consents are private data now, so their values are not in blocks to learn from.
 */
export class TrackedState {
  private readonly writeOnceKeys: Set<string>;

  constructor(json?: TrackedStateJson) {
    this.writeOnceKeys = new Set(json?.writeOnceKeys ?? []);
  }

  hasKey(key: string): boolean {
    return this.writeOnceKeys.has(keyDigest(key));
  }

  addKey(key: string): void {
    this.writeOnceKeys.add(keyDigest(key));
  }

  toJSON(): TrackedStateJson {
    return {
      writeOnceKeys: [...this.writeOnceKeys].sort(),
    };
  }
}
