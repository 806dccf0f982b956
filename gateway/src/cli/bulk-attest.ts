import { createHash } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { type BulkInputError, type BulkItem, formatOf, parseBulkInput } from './bulk-input';
import { CliError, EXIT, type ExitCode } from './exit-codes';
import { LedgerApiError, ok, type LedgerClient } from '@sme-credit-ledger/client';
import { readReceipts, type Receipt, ReceiptJournal } from './receipt-journal';

export interface BulkOptions {
  file: string;
  batchSize: number;
  concurrency: number;
  receiptsFile: string;
  /** Progress and summary go here (stderr), results to stdout. */
  out: NodeJS.WriteStream;
}

interface BatchResponse {
  attestations: { uscc: string; category: string; version: number; hash: string; salt: string }[];
  txId: string;
}

/**
 * Attests every record of a CSV or JSON-lines file through the gateway, in batches (one transaction each).
 * Idempotency keys derive from the file's hash and the batch index, so re-running the same file after a
 * crash records nothing twice; the batches are cut the same way on every run, so each keeps its key. Every
 * answered batch's receipts are synced to a journal at once, and a re-run skips the batches whose receipts
 * it finds there (or in the receipts file of a finished run). A failed batch is retried item by item to name
 * the failing lines. Receipts (with the salts, which departments must keep) go to an owner-only JSON-lines
 * file.
 */
export async function bulkAttest(client: LedgerClient, options: BulkOptions): Promise<ExitCode> {
  const format = formatOf(options.file);
  if (format === undefined) {
    throw new CliError(`${options.file}: expected a .csv, .jsonl or .ndjson file`, EXIT.usage);
  }
  const text = await readFile(options.file, 'utf8');
  const fileId = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const { items, errors } = parseBulkInput(text, format);
  const failures: BulkInputError[] = [...errors];
  const total = items.length + errors.length;
  const started = Date.now();
  const progress = new ProgressBar(total, options.out);

  const batches: BulkItem[][] = [];
  for (let index = 0; index < items.length; index += options.batchSize) {
    batches.push(items.slice(index, index + options.batchSize));
  }
  const journal = await ReceiptJournal.open(options.receiptsFile);
  const earlier = await readReceipts([options.receiptsFile, journal.file], fileId);
  const receipts: Receipt[] = [];
  const pending: number[] = [];
  for (const [index, batch] of batches.entries()) {
    const kept = batch.map((item) => earlier.get(item.line));
    if (kept.every((receipt) => receipt !== undefined)) receipts.push(...kept);
    else pending.push(index);
  }
  let done = errors.length + receipts.length;
  if (receipts.length > 0) {
    options.out.write(`resuming: ${receipts.length} records already attested by an earlier run\n`);
  }
  progress.update(done, failures.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pending.length) {
      const batchIndex = pending[next++] ?? 0;
      const batch = batches[batchIndex] ?? [];
      const answered: Receipt[] = [];
      await attestBatch(client, batch, fileId, `bulk-${fileId}-${batchIndex}`, answered, failures);
      await journal.append(answered);
      receipts.push(...answered);
      done += batch.length;
      progress.update(done, failures.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, pending.length) }, worker));
  } finally {
    await journal.close();
  }
  progress.finish();

  receipts.sort((a, b) => a.line - b.line);
  await writeOwnerOnly(
    options.receiptsFile,
    receipts.map((receipt) => JSON.stringify(receipt)).join('\n') + '\n',
  );
  await journal.remove();
  const seconds = (Date.now() - started) / 1000;
  failures.sort((a, b) => a.line - b.line);
  const lines = [
    `records: ${total}  attested: ${receipts.length}  failed: ${failures.length}`,
    `time: ${seconds.toFixed(1)} s  rate: ${(receipts.length / Math.max(seconds, 0.001)).toFixed(1)} records/s`,
    `receipts (with salts, keep them): ${options.receiptsFile}`,
    ...failures.map((failure) => `  line ${failure.line}: ${failure.reason}`),
  ];
  options.out.write(`${lines.join('\n')}\n`);
  if (receipts.length + failures.length !== total) {
    throw new CliError('internal: some records were neither attested nor reported', EXIT.unexpected);
  }
  return failures.length === 0 ? EXIT.ok : EXIT.partialFailure;
}

async function attestBatch(
  client: LedgerClient,
  batch: BulkItem[],
  fileId: string,
  requestId: string,
  receipts: Receipt[],
  failures: BulkInputError[],
): Promise<void> {
  try {
    const response = await post(client, batch, requestId);
    for (const [index, item] of batch.entries()) {
      const attestation = response.attestations[index];
      if (attestation === undefined) {
        failures.push({ line: item.line, reason: 'missing from the batch response' });
        continue;
      }
      receipts.push({ fileId, line: item.line, ...pick(attestation), txId: response.txId });
    }
  } catch (error) {
    if (error instanceof LedgerApiError && (error.status === 401 || error.status === 403)) {
      throw error;
    }
    // Isolate the failing lines: attest one by one with their own idempotency keys.
    for (const [index, item] of batch.entries()) {
      try {
        const single = (await ok(
          client.POST('/v1/attestations', {
            params: { header: { 'idempotency-key': `${requestId}-${index}` } },
            body: body(item),
          }),
        )) as { attestation: BatchResponse['attestations'][number]; salt: string; txId: string };
        receipts.push({
          fileId,
          line: item.line,
          ...pick({ ...single.attestation, salt: single.salt }),
          txId: single.txId,
        });
      } catch (itemError) {
        failures.push({
          line: item.line,
          reason: itemError instanceof Error ? itemError.message : String(itemError),
        });
      }
    }
  }
}

async function post(client: LedgerClient, items: BulkItem[], requestId: string): Promise<BatchResponse> {
  return (await ok(
    client.POST('/v1/attestations/batch', {
      params: { header: { 'idempotency-key': requestId } },
      body: { items: items.map(body) },
    }),
  )) as BatchResponse;
}

function body(item: BulkItem): Omit<BulkItem, 'line'> {
  const rest: Partial<BulkItem> = { ...item };
  delete rest.line;
  return rest as Omit<BulkItem, 'line'>;
}

/**
 * Receipts hold salts. `writeFile`'s mode applies only to a new file, so an existing file others can read
 * would keep its mode: write a new owner-only file beside it and rename it over, which also leaves any
 * descriptor someone opened on the old file pointing at the old contents.
 */
async function writeOwnerOnly(file: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function pick(a: { uscc: string; category: string; version: number; hash: string; salt: string }) {
  return { uscc: a.uscc, category: a.category, version: a.version, salt: a.salt, hash: a.hash };
}

/** `[######----] 120/500  24.0 rec/s  failures 1` on a TTY; a line per 10% otherwise. */
class ProgressBar {
  private readonly started = Date.now();
  private lastDecile = -1;

  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WriteStream,
  ) {}

  update(done: number, failures: number): void {
    const fraction = this.total === 0 ? 1 : done / this.total;
    const rate = done / Math.max((Date.now() - this.started) / 1000, 0.001);
    const text = `${done}/${this.total}  ${rate.toFixed(1)} rec/s  failures ${failures}`;
    if (this.out.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      this.out.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}   `);
    } else if (Math.floor(fraction * 10) > this.lastDecile) {
      this.lastDecile = Math.floor(fraction * 10);
      this.out.write(`progress ${text}\n`);
    }
  }

  finish(): void {
    if (this.out.isTTY) {
      this.out.write('\n');
    }
  }
}
