import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** A Fabric transaction id: the SHA-256 of nonce and creator, hex. Only such names become files. */
const TRANSACTION_ID = /^[0-9a-f]{64}$/;
const SUFFIX = '.tx';

export interface OutboxEntry {
  transactionId: string;
  /** fabric-gateway's serialized, signed transaction (`Transaction.getBytes()` after signing). */
  bytes: Uint8Array;
}

/**
 * Signed transactions the service sent to the orderer and promised to see through, one file each, synced to
 * disk (file and folder) before the submit: a service killed after answering `202` finds them at its next
 * start and finishes them (`drainOutbox`). A signed transaction keeps its id, so sending it again cannot
 * record it twice: Fabric invalidates a second copy as DUPLICATE_TXID.
 */
export class SubmitOutbox {
  constructor(readonly dir: string) {}

  async put(entry: OutboxEntry): Promise<void> {
    const file = this.fileOf(entry.transactionId);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temporary = path.join(this.dir, `.${entry.transactionId}.${process.pid}.tmp`);
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(entry.bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
    // The rename is durable only once the folder is synced.
    const folder = await open(this.dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  async remove(transactionId: string): Promise<void> {
    await rm(this.fileOf(transactionId), { force: true });
  }

  /** Every whole entry; a temporary file a crash left behind was never submitted, and is ignored. */
  async entries(): Promise<OutboxEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const ids = names
      .filter((name) => name.endsWith(SUFFIX))
      .map((name) => name.slice(0, -SUFFIX.length))
      .filter((id) => TRANSACTION_ID.test(id))
      .sort();
    return Promise.all(
      ids.map(async (transactionId) => ({
        transactionId,
        bytes: await readFile(this.fileOf(transactionId)),
      })),
    );
  }

  private fileOf(transactionId: string): string {
    if (!TRANSACTION_ID.test(transactionId)) {
      throw new Error(`not a transaction id: ${transactionId}`);
    }
    return path.join(this.dir, `${transactionId}${SUFFIX}`);
  }
}

/** What finishing an outbox needs from the ledger. */
export interface OutboxLedger {
  /** Whether the transaction is in a block (valid or not: either way it is final). */
  isOnLedger(transactionId: string): Promise<boolean>;
  /** Sends the signed transaction again and waits until it is in a block; false if it did not arrive in time. */
  resubmit(entry: OutboxEntry): Promise<boolean>;
}

/**
 * Finishes what a previous run left: an entry already in a block is dropped; any other is sent again and
 * dropped once in a block. One that still fails stays for the next start.
 */
export async function drainOutbox(
  outbox: SubmitOutbox,
  ledger: OutboxLedger,
): Promise<{ finished: number; resubmitted: number; left: number }> {
  const counts = { finished: 0, resubmitted: 0, left: 0 };
  for (const entry of await outbox.entries()) {
    try {
      if (!(await ledger.isOnLedger(entry.transactionId))) {
        counts.resubmitted++;
        if (!(await ledger.resubmit(entry))) {
          counts.left++;
          continue;
        }
      }
      await outbox.remove(entry.transactionId);
      counts.finished++;
    } catch {
      counts.left++;
    }
  }
  return counts;
}
