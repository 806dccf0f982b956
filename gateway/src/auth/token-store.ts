import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../errors/problem';

/** One bearer token. Only the SHA-256 of the token is ever stored. */
export interface TokenRecord {
  /** Public part of the token, used to find the record without scanning hashes. */
  id: string;
  /** Identity key `<org>/<name>` as listed in the gateway profile; absent on operator tokens. */
  identity?: string;
  /**
   * Operator tokens administer the gateway (revoke tokens, read metrics and peer details) and act as no
   * Fabric identity, so a leaked one cannot read or write the ledger.
   */
  operator?: true;
  /** The organization whose service issued the token; a service accepts only its own organization's. */
  org?: string;
  /** Hex SHA-256 of the whole token. Tokens carry 256 random bits, so an unsalted fast hash is enough. */
  sha256: string;
  createdAt: string;
  /** Files written before tokens expired lack it; those expire at createdAt + the maximum lifetime. */
  expiresAt?: string;
  label?: string;
}

/** How long tokens live, in seconds: `issue` uses the default and refuses more than the maximum. */
export interface TokenLifetimes {
  defaultSeconds: number;
  maxSeconds: number;
}

export const DEFAULT_TOKEN_LIFETIMES: TokenLifetimes = {
  defaultSeconds: 7 * 86_400,
  maxSeconds: 90 * 86_400,
};

/** What the service learns from a presented token. */
export type TokenCheck =
  | { status: 'valid'; tokenId: string; identity?: string; operator: boolean; expiresAt: Date }
  | { status: 'expired'; tokenId: string; expiresAt: Date }
  /** A token of another organization's service (a copied record): never honoured here. */
  | { status: 'foreign'; tokenId: string; org: string }
  | { status: 'unknown' };

export interface TokenStoreOptions {
  lifetimes?: TokenLifetimes;
  /**
   * The organization of the service this store belongs to: identity tokens only for its identities
   * (`<org>/<name>`), operator tokens administer only its service. Omitted only by unit tests of lifetimes.
   */
  org?: string;
  /** Milliseconds since the epoch; tests move it. */
  now?: () => number;
}

interface TokenFile {
  version: 1;
  tokens: TokenRecord[];
}

const TOKEN_PREFIX = 'scl';

/**
 * Bearer tokens kept in a JSON file readable by the owner only (0600 in a 0700 directory).
 * A token looks like `scl_<id>_<secret>`; the service learns the identity from the id and checks the hash.
 * The CLI writes the file from another process, so `check` looks at the file (one `stat`) on every request:
 * a token revoked by the CLI is refused on the next request.
 */
export class TokenStore {
  private records = new Map<string, TokenRecord>();
  /** mtime, ctime, size and inode of the file as last read, so an unchanged file is not read again. */
  private version = '';
  /** Reads run concurrently; only a read started later than the applied one may replace the records. */
  private readsStarted = 0;
  private readApplied = 0;
  private readonly lifetimes: TokenLifetimes;
  private readonly now: () => number;
  readonly org: string | undefined;

  private constructor(
    private readonly filePath: string,
    options: TokenStoreOptions,
  ) {
    this.lifetimes = options.lifetimes ?? DEFAULT_TOKEN_LIFETIMES;
    this.now = options.now ?? Date.now;
    this.org = options.org;
  }

  /** Opens the store, creating nothing until the first token is issued. */
  static async open(filePath: string, options: TokenStoreOptions = {}): Promise<TokenStore> {
    const store = new TokenStore(filePath, options);
    await store.reload();
    return store;
  }

  /** Re-reads the file if it changed since the last read (tokens issued or revoked by another process). */
  async reload(): Promise<void> {
    const read = ++this.readsStarted;
    let version: string;
    let text: string;
    try {
      const info = await stat(this.filePath);
      version = `${info.mtimeMs}:${info.ctimeMs}:${info.size}:${info.ino}`;
      if (version === this.version) {
        return;
      }
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.apply(read, new Map(), '');
        return;
      }
      throw error;
    }
    const parsed = JSON.parse(text) as TokenFile;
    if (parsed.version !== 1 || !Array.isArray(parsed.tokens)) {
      throw new Error(`${this.filePath}: not a version 1 token file`);
    }
    this.apply(read, new Map(parsed.tokens.map((record) => [record.id, record])), version);
  }

  private apply(read: number, records: Map<string, TokenRecord>, version: string): void {
    if (read < this.readApplied) {
      return;
    }
    this.readApplied = read;
    this.records = records;
    this.version = version;
  }

  /**
   * Issues a new token for `identity` and returns it; this is the only time the secret exists in clear.
   * @throws ApiError FORBIDDEN for an identity of another organization than the store's.
   * @throws RangeError when `lifetimeSeconds` is not a positive integer up to the maximum lifetime.
   */
  async issue(identity: string, label?: string, lifetimeSeconds?: number): Promise<string> {
    const org = identity.split('/')[0] ?? '';
    if (this.org !== undefined && org !== this.org) {
      throw new ApiError(
        'FORBIDDEN',
        `${this.org}'s gateway service issues tokens only for ${this.org} identities; ${identity} belongs to ` +
          `${org}: issue it with ${org}'s service (SME_GATEWAY_ORG=${org}), which alone holds its key`,
      );
    }
    return this.create({ identity, ...this.orgField() }, label, lifetimeSeconds);
  }

  /** Issues an operator token (administration of this organization's service only, no Fabric identity). */
  async issueOperator(label?: string, lifetimeSeconds?: number): Promise<string> {
    return this.create({ operator: true, ...this.orgField() }, label, lifetimeSeconds);
  }

  private orgField(): { org?: string } {
    return this.org === undefined ? {} : { org: this.org };
  }

  private async create(
    holder: Pick<TokenRecord, 'identity' | 'operator' | 'org'>,
    label: string | undefined,
    lifetimeSeconds = this.lifetimes.defaultSeconds,
  ): Promise<string> {
    if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds < 1) {
      throw new RangeError(
        `token lifetime must be a positive whole number of seconds, got ${lifetimeSeconds}`,
      );
    }
    if (lifetimeSeconds > this.lifetimes.maxSeconds) {
      throw new RangeError(
        `token lifetime ${lifetimeSeconds}s exceeds the maximum of ${this.lifetimes.maxSeconds}s`,
      );
    }
    // Read-modify-write: pick up tokens other processes issued since our last read.
    await this.reload();
    const id = randomBytes(6).toString('hex');
    const token = `${TOKEN_PREFIX}_${id}_${randomBytes(32).toString('base64url')}`;
    const now = this.now();
    const record: TokenRecord = {
      id,
      ...holder,
      sha256: sha256Hex(token),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + lifetimeSeconds * 1000).toISOString(),
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
    if (this.records.size !== before) {
      await this.save();
    }
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

  /** Checks a presented token against the file as it is now. */
  async check(token: string): Promise<TokenCheck> {
    await this.reload();
    const match = /^scl_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/.exec(token);
    const record = match?.[1] === undefined ? undefined : this.records.get(match[1]);
    if (record === undefined || !hashMatches(record, token)) {
      return { status: 'unknown' };
    }
    const foreignOrg = this.foreignOrgOf(record);
    if (foreignOrg !== undefined) {
      return { status: 'foreign', tokenId: record.id, org: foreignOrg };
    }
    const expiresAt = this.expiryOf(record);
    if (this.now() >= expiresAt.getTime()) {
      return { status: 'expired', tokenId: record.id, expiresAt };
    }
    return {
      status: 'valid',
      tokenId: record.id,
      operator: record.operator === true,
      expiresAt,
      ...(record.identity === undefined ? {} : { identity: record.identity }),
    };
  }

  /** The organization a record belongs to when it is not this store's (a record copied from another file). */
  private foreignOrgOf(record: TokenRecord): string | undefined {
    if (this.org === undefined) {
      return undefined;
    }
    const org = record.identity === undefined ? record.org : record.identity.split('/')[0];
    return org === this.org ? undefined : (org ?? 'no organization');
  }

  /** Returns the identity key a valid identity token is bound to, from the records as last read. */
  verify(token: string): string | undefined {
    const match = /^scl_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/.exec(token);
    const record = match?.[1] === undefined ? undefined : this.records.get(match[1]);
    if (record === undefined || !hashMatches(record, token)) {
      return undefined;
    }
    if (this.foreignOrgOf(record) !== undefined) {
      return undefined;
    }
    return this.now() < this.expiryOf(record).getTime() ? record.identity : undefined;
  }

  /**
   * The earlier of the recorded expiry and creation plus the current maximum lifetime, so lowering the
   * maximum shortens tokens already issued.
   */
  expiryOf(record: TokenRecord): Date {
    const capped = Date.parse(record.createdAt) + this.lifetimes.maxSeconds * 1000;
    const recorded = record.expiresAt === undefined ? Infinity : Date.parse(record.expiresAt);
    const expiry = Math.min(capped, recorded);
    // An unreadable date counts as already expired.
    return new Date(Number.isNaN(expiry) ? 0 : expiry);
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

function hashMatches(record: TokenRecord, token: string): boolean {
  const expected = Buffer.from(record.sha256, 'hex');
  const actual = createHash('sha256').update(token).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
