import { createHmac } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json';
import { fail } from '../domain/errors';
import type { LedgerPort } from './ledger-port';
import { PLATFORM_INDEX_COLLECTION } from '@sme-credit-ledger/contract';

/*
 * Every block holds the SHA-256 of each private key and value a transaction touched. Company codes are public
 * and few (11 million), so a key such as `consentByCompany/<uscc>/<id>` would be found by hashing every code.
 * Keys that name a company therefore carry its pseudonym, an HMAC under a platform key that only the
 * platform index's members (gov, the auditor) hold, and every private value carries a salt derived the same
 * way, so a non-member cannot confirm a guess of a value either. Both are deterministic, as chaincode must be.
 */

const PSEUDONYM_KEY = 'pseudonymKey';
const SEED = /^[A-Za-z0-9_-]{43}$/;

interface StoredKey {
  key: string;
}

/** The platform's pseudonym key, read once per transaction. */
export class Pseudonyms {
  private key: Buffer | undefined;

  constructor(private readonly ledger: LedgerPort) {}

  /** Whether the key exists; only the first company registration creates it. */
  async isReady(): Promise<boolean> {
    return (await this.load()) !== undefined;
  }

  /**
   * Creates the key from the registering department's 32 random bytes (transient, never in a block) unless it
   * exists. A department is trusted with it: gov holds the index it protects anyway.
   */
  async ensure(seed: string | undefined): Promise<void> {
    if ((await this.load()) !== undefined) {
      return;
    }
    if (seed === undefined || !SEED.test(seed)) {
      fail(
        'VALIDATION_FAILED',
        'the first company registration creates the pseudonym key: send 32 random bytes in base64url as transient pseudonymSeed',
      );
    }
    this.key = Buffer.from(seed, 'base64url');
    const stored: StoredKey = { key: seed };
    await this.ledger.putPrivate(PLATFORM_INDEX_COLLECTION, PSEUDONYM_KEY, canonicalJson(stored));
  }

  /** The company's pseudonym in private keys. */
  async of(uscc: string): Promise<string> {
    return this.mac(`uscc\n${uscc}`);
  }

  /** The salt of one private value written by this transaction. */
  async salt(collection: string, key: string): Promise<string> {
    return this.mac(`salt\n${this.ledger.txId}\n${collection}\n${key}`);
  }

  /**
   * A MAC under the platform key of a value gov's peer vouches for, such as a matching evaluation the company
   * hands back when it applies; `purpose` separates it from pseudonyms and salts.
   */
  async tag(purpose: string, text: string): Promise<string> {
    return this.mac(`${purpose}\n${text}`);
  }

  private async mac(text: string): Promise<string> {
    const key =
      (await this.load()) ??
      fail('NOT_FOUND', 'no company is registered yet (the pseudonym key is made by the first registration)');
    return createHmac('sha256', key).update(text, 'utf8').digest('hex');
  }

  private async load(): Promise<Buffer | undefined> {
    if (this.key === undefined) {
      const text = await this.ledger.getPrivate(PLATFORM_INDEX_COLLECTION, PSEUDONYM_KEY);
      if (text !== undefined) {
        this.key = Buffer.from((JSON.parse(text) as StoredKey).key, 'base64url');
      }
    }
    return this.key;
  }
}
