import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One bearer token bound to one Fabric identity. Only the SHA-256 of the token is ever stored. */
export interface TokenRecord {
  /** Public part of the token, used to find the record without scanning hashes. */
  id: string;
  /** Identity key `<org>/<name>` as listed in the gateway profile. */
  identity: string;
  /** Hex SHA-256 of the whole token. Tokens carry 256 random bits, so an unsalted fast hash is enough. */
  sha256: string;
  createdAt: string;
  label?: string;
}

interface TokenFile {
  version: 1;
  tokens: TokenRecord[];
}

const TOKEN_PREFIX = 'scl';

/**
 * Bearer tokens kept in a JSON file readable by the owner only (0600 in a 0700 directory).
 * A token looks like `scl_<id>_<secret>`; the service learns the identity from the id and checks the hash.
 */
export class TokenStore {
  private records = new Map<string, TokenRecord>();
  /** mtime and size of the file as last read, so `reload` skips an unchanged file. */
  private version = '';
  private reloading: Promise<void> | undefined;

  private constructor(private readonly filePath: string) {}

  /** Opens the store, creating nothing until the first token is issued. */
  static async open(filePath: string): Promise<TokenStore> {
    const store = new TokenStore(filePath);
    await store.reload();
    return store;
  }

  /**
   * Re-reads the file if it changed, so tokens issued by the CLI while the service runs become valid.
   * Concurrent callers share one read, so none of them sees the file as unchanged before it was parsed.
   */
  reload(): Promise<void> {
    this.reloading ??= this.readIfChanged().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private async readIfChanged(): Promise<void> {
    let version: string;
    let text: string;
    try {
      const info = await stat(this.filePath);
      version = `${info.mtimeMs}:${info.size}:${info.ino}`;
      if (version === this.version) {
        return;
      }
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.records = new Map();
        this.version = '';
        return;
      }
      throw error;
    }
    const parsed = JSON.parse(text) as TokenFile;
    if (parsed.version !== 1 || !Array.isArray(parsed.tokens)) {
      throw new Error(`${this.filePath}: not a version 1 token file`);
    }
    this.records = new Map(parsed.tokens.map((record) => [record.id, record]));
    this.version = version;
  }

  /** Issues a new token for `identity` and returns it; this is the only time the secret exists in clear. */
  async issue(identity: string, label?: string): Promise<string> {
    // Read-modify-write: pick up tokens other processes issued since our last read.
    await this.reload();
    const id = randomBytes(6).toString('hex');
    const token = `${TOKEN_PREFIX}_${id}_${randomBytes(32).toString('base64url')}`;
    const record: TokenRecord = {
      id,
      identity,
      sha256: sha256Hex(token),
      createdAt: new Date().toISOString(),
    };
    if (label !== undefined) {
      record.label = label;
    }
    this.records.set(id, record);
    await this.save();
    return token;
  }

  /** Removes every token of `identity`; returns how many were revoked. */
  async revokeIdentity(identity: string): Promise<number> {
    await this.reload();
    const before = this.records.size;
    for (const [id, record] of this.records) {
      if (record.identity === identity) {
        this.records.delete(id);
      }
    }
    await this.save();
    return before - this.records.size;
  }

  /** Revokes one token (the others of its identity stay valid); returns whether it existed. */
  async revoke(token: string): Promise<boolean> {
    const id = /^scl_([0-9a-f]{12})_/.exec(token)?.[1];
    return id === undefined ? false : this.revokeById(id);
  }

  /** Revokes the token with this public id (as `token list` shows it). */
  async revokeById(id: string): Promise<boolean> {
    await this.reload();
    if (!this.records.delete(id)) {
      return false;
    }
    await this.save();
    return true;
  }

  /** Returns the identity key the token is bound to, or undefined for an unknown or malformed token. */
  verify(token: string): string | undefined {
    const match = /^scl_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/.exec(token);
    const record = match?.[1] === undefined ? undefined : this.records.get(match[1]);
    if (record === undefined) {
      return undefined;
    }
    const expected = Buffer.from(record.sha256, 'hex');
    const actual = createHash('sha256').update(token).digest();
    return expected.length === actual.length && timingSafeEqual(expected, actual)
      ? record.identity
      : undefined;
  }

  list(): readonly TokenRecord[] {
    return [...this.records.values()];
  }

  private async save(): Promise<void> {
    const dir = path.dirname(this.filePath);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const file: TokenFile = { version: 1, tokens: [...this.records.values()] };
    // Write then rename, so a crash never leaves a half-written file; mode is set before any byte lands.
    const temporary = `${this.filePath}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, this.filePath);
  }
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
