import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export interface SaltKey {
  id: string;
  key: Buffer;
  createdAt: number;
}

interface StoredKey {
  id: string;
  key: string;
  createdAt: string;
}

export interface SaltKeyRingOptions {
  /** How long a key derives new salts; it is kept one more period for retries, then erased. */
  rotationMs: number;
  now?: () => number;
}

/**
 * The gateway's secrets for deriving record salts (services/salt-derivation.ts), in one owner-only file.
 *
 * Forward secrecy by rotation: every `rotationMs` a fresh key from crypto.randomBytes becomes current; the
 * one before stays only so that a retried request can reproduce its salts, and is erased (the file is
 * rewritten without it) once it is two periods old. A stolen file therefore reproduces no salt derived more
 * than two periods ago, and a fresh random key (not a function of the old one) means a thief who lost access
 * cannot follow the keys forward either.
 */
export class SaltKeyRing {
  private readonly now: () => number;
  private ring: SaltKey[] = [];
  private pending: Promise<SaltKey[]> | undefined;

  private constructor(
    private readonly filePath: string,
    private readonly options: SaltKeyRingOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Opens (or creates) the ring and rotates it if it is due. */
  static async open(filePath: string, options: SaltKeyRingOptions): Promise<SaltKeyRing> {
    if (!(options.rotationMs > 0)) {
      throw new Error(`salt key rotation period must be positive, got ${options.rotationMs} ms`);
    }
    const ring = new SaltKeyRing(filePath, options);
    ring.ring = await ring.read();
    await ring.keys();
    return ring;
  }

  /** Current key first, then the previous one while it may still serve a retry. Rotates when due. */
  keys(): Promise<SaltKey[]> {
    if (!this.isDue()) {
      return Promise.resolve(this.ring);
    }
    // One rotation at a time: concurrent requests wait for the same new ring.
    this.pending ??= this.rotate().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private isDue(): boolean {
    const [current, previous] = this.ring;
    const now = this.now();
    return (
      current === undefined ||
      now - current.createdAt >= this.options.rotationMs ||
      (previous !== undefined && now - previous.createdAt >= 2 * this.options.rotationMs)
    );
  }

  private async rotate(): Promise<SaltKey[]> {
    // Another process sharing the file may have rotated already.
    this.ring = await this.read();
    if (!this.isDue()) {
      return this.ring;
    }
    const now = this.now();
    const { rotationMs } = this.options;
    const [current] = this.ring;
    const kept: SaltKey[] =
      current !== undefined && now - current.createdAt < rotationMs
        ? [current]
        : [
            { id: randomBytes(8).toString('hex'), key: randomBytes(32), createdAt: now },
            ...(current !== undefined && now - current.createdAt < 2 * rotationMs ? [current] : []),
          ];
    await this.write(kept);
    this.ring = kept;
    return kept;
  }

  private async read(): Promise<SaltKey[]> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return [];
      }
      throw error;
    }
    // An owner-only file that became readable by others is repaired rather than trusted silently.
    await chmod(this.filePath, 0o600);
    const stored = (JSON.parse(text) as { keys?: StoredKey[] }).keys;
    if (!Array.isArray(stored)) {
      throw new Error(`${this.filePath} is not a salt key ring; move it away to start a new one`);
    }
    return stored.map((entry) => {
      const key = Buffer.from(entry.key, 'hex');
      const createdAt = Date.parse(entry.createdAt);
      if (key.length !== 32 || Number.isNaN(createdAt)) {
        throw new Error(`${this.filePath} holds a malformed key; move it away to start a new one`);
      }
      return { id: entry.id, key, createdAt };
    });
  }

  /** Replaces the file atomically (write, fsync, rename), so an erased key does not survive in it. */
  private async write(keys: readonly SaltKey[]): Promise<void> {
    await mkdir(path.dirname(this.filePath), { recursive: true, mode: 0o700 });
    const stored: StoredKey[] = keys.map((k) => ({
      id: k.id,
      key: k.key.toString('hex'),
      createdAt: new Date(k.createdAt).toISOString(),
    }));
    const temporary = `${this.filePath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify({ keys: stored }, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, this.filePath);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
