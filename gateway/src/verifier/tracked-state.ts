import { createHash } from 'node:crypto';

/** What the verifier remembers of world state between blocks (and, through its checkpoint, between runs). */
export interface TrackedStateJson {
  /** consentId -> the consent's last committed value. */
  consents: Record<string, Record<string, unknown>>;
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
 * State learned from verified blocks, like the catalog: the previous value of every consent (a usage update
 * is compared with it) and which write-once keys exist (a second write is a rewrite).
 */
export class TrackedState {
  readonly consents: Map<string, Record<string, unknown>>;
  private readonly writeOnceKeys: Set<string>;

  constructor(json?: TrackedStateJson) {
    this.consents = new Map(Object.entries(structuredClone(json?.consents ?? {})));
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
      consents: Object.fromEntries(this.consents),
      writeOnceKeys: [...this.writeOnceKeys].sort(),
    };
  }
}
