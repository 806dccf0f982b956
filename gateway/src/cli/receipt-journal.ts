import { open, readFile, rm, type FileHandle } from 'node:fs/promises';

/** What a department keeps for each attested line of a bulk file (the salt proves the record later). */
export interface Receipt {
  /** Which input file (hash of its text) the line belongs to: a receipt resumes only the same file. */
  fileId: string;
  line: number;
  uscc: string;
  category: string;
  version: number;
  salt: string;
  hash: string;
  txId: string;
}

/**
 * The receipts of a bulk run so far, appended and synced to disk after every batch answered, beside the
 * final receipts file (`<receipts>.partial`, owner-only: receipts hold salts). A crashed run leaves it
 * behind; the next run of the same file reads it and skips the batches it already holds.
 */
export class ReceiptJournal {
  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(receiptsFile: string): Promise<ReceiptJournal> {
    const file = `${receiptsFile}.partial`;
    const handle = await open(file, 'a', 0o600);
    // `open`'s mode applies to a new file only: a journal left with a wider mode is narrowed first.
    await handle.chmod(0o600);
    return new ReceiptJournal(file, handle);
  }

  /** Appends one batch's receipts in a single write and waits until they are on disk. */
  async append(receipts: readonly Receipt[]): Promise<void> {
    if (receipts.length === 0) return;
    await this.handle.write(receipts.map((receipt) => `${JSON.stringify(receipt)}\n`).join(''));
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  async remove(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

/**
 * Receipts of `fileId` found in earlier runs' files (the journal and the final file), one per line number.
 * A line that is not a whole receipt (an older format, or the last line of a crash mid-write) is ignored:
 * its batch is sent again, under the same idempotency key, and the service answers with the original.
 */
export async function readReceipts(files: readonly string[], fileId: string): Promise<Map<number, Receipt>> {
  const found = new Map<number, Receipt>();
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      const receipt = parseReceipt(line);
      if (receipt?.fileId === fileId) found.set(receipt.line, receipt);
    }
  }
  return found;
}

function parseReceipt(line: string): Receipt | undefined {
  try {
    const value = JSON.parse(line) as Partial<Receipt>;
    const complete =
      typeof value.fileId === 'string' &&
      Number.isInteger(value.line) &&
      typeof value.uscc === 'string' &&
      typeof value.category === 'string' &&
      Number.isInteger(value.version) &&
      typeof value.salt === 'string' &&
      typeof value.hash === 'string' &&
      typeof value.txId === 'string';
    return complete ? (value as Receipt) : undefined;
  } catch {
    return undefined;
  }
}
