import type { ApiClient } from '../api/client';
import { asProblem } from '../api/problem';
import type { BulkItem, BulkLineError } from './bulk-file';

export const BATCH_SIZE = 100;

export interface Receipt {
  line: number;
  uscc: string;
  category: string;
  version: number;
  salt: string;
  hash: string;
  txId: string;
}

/** A line the file parser refused (its problems), or one the service refused (its problem code). */
export interface BulkFailure extends Omit<BulkLineError, 'problems'> {
  problems?: BulkLineError['problems'];
  code?: string;
}

interface BatchAnswer {
  attestations: { uscc: string; category: string; version: number; hash: string; salt: string }[];
  txId: string;
}

interface SingleAnswer {
  attestation: { uscc: string; category: string; version: number; hash: string };
  salt: string;
  txId: string;
}

/**
 * Attests the items through `POST /v1/attestations/batch` (the CLI's bulk API), one batch at a time. Each
 * batch's idempotency key derives from the file's digest and the batch's place, so uploading the same file
 * again after a broken connection records nothing twice; a refused batch is retried record by record to name
 * the failing lines.
 */
export async function attestInBatches(
  client: ApiClient,
  fileId: string,
  items: readonly BulkItem[],
  progress: (done: number, receipts: Receipt[], failures: BulkFailure[]) => void,
): Promise<{ receipts: Receipt[]; failures: BulkFailure[] }> {
  const receipts: Receipt[] = [];
  const failures: BulkFailure[] = [];
  let done = 0;
  for (const [index, batch] of batchesOf(items, BATCH_SIZE).entries()) {
    const key = `console-${fileId}-${index}`;
    try {
      const answer = await client.call<BatchAnswer>('POST', '/v1/attestations/batch', {
        body: { items: batch.map(bodyOf) },
        idempotencyKey: key,
      });
      for (const [position, item] of batch.entries()) {
        const attestation = answer.attestations[position];
        if (attestation === undefined) {
          failures.push({
            line: item.line,
            reason: 'missing from the batch response',
            problems: [{ kind: 'missingFromBatch' }],
          });
        } else {
          receipts.push({ line: item.line, ...pick(attestation, attestation.salt), txId: answer.txId });
        }
      }
    } catch (error) {
      const problem = asProblem(error);
      if (problem.status === 401 || problem.status === 403) {
        throw problem;
      }
      for (const [position, item] of batch.entries()) {
        try {
          const single = await client.call<SingleAnswer>('POST', '/v1/attestations', {
            body: bodyOf(item),
            idempotencyKey: `${key}-${position}`,
          });
          receipts.push({ line: item.line, ...pick(single.attestation, single.salt), txId: single.txId });
        } catch (itemError) {
          const itemProblem = asProblem(itemError);
          failures.push({ line: item.line, reason: itemProblem.detail, code: itemProblem.code });
        }
      }
    }
    done += batch.length;
    progress(done, receipts, failures);
  }
  return { receipts, failures };
}

function bodyOf(item: BulkItem): Omit<BulkItem, 'line'> {
  const rest: Partial<BulkItem> = { ...item };
  delete rest.line;
  return rest as Omit<BulkItem, 'line'>;
}

function pick(a: { uscc: string; category: string; version: number; hash: string }, salt: string) {
  return { uscc: a.uscc, category: a.category, version: a.version, salt, hash: a.hash };
}

/** Receipts as JSON lines, in file order: the same file the CLI's attest-bulk writes. */
export function receiptsText(receipts: readonly Receipt[]): string {
  return [...receipts]
    .sort((a, b) => a.line - b.line)
    .map((receipt) => JSON.stringify(receipt))
    .join('\n')
    .concat('\n');
}

/** A short, stable id of a file's content for the batches' idempotency keys. */
export async function fileDigest(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest).slice(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** Batches of at most `size` items, in file order. */
export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let index = 0; index < items.length; index += size) {
    batches.push(items.slice(index, index + size));
  }
  return batches;
}
