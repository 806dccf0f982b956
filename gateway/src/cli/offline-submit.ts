import { createPrivateKey } from 'node:crypto';
import { CONFIDENTIAL_TRANSACTIONS, confidentialExchange } from '@sme-credit-ledger/contract';
import { readFile } from 'node:fs/promises';
import { newDigestSigner } from '../fabric/digest-signer';
import { CliError, EXIT } from './exit-codes';
import { ok, type LedgerClient } from '@sme-credit-ledger/client';

export interface OfflineSubmitOptions {
  certPath: string;
  keyPath: string;
  transaction: string;
  /** The transaction's one JSON argument. */
  request: string;
  /** JSON file of string values: private inputs, kept off the command line. */
  transientPath?: string;
}

interface Commit {
  status: 'VALID' | 'PENDING';
  transactionId: string;
  blockNumber?: string;
  result?: string;
  commitDigest?: string;
}

/**
 * Submits one transaction signed here with the caller's own key: the service prepares each message, this
 * process signs its digest, and the key never leaves it (the service gets the certificate only).
 */
export async function offlineSubmit(client: LedgerClient, options: OfflineSubmitOptions): Promise<Commit> {
  const [certificate, keyPem, transient] = await Promise.all([
    readFile(options.certPath, 'utf8'),
    readFile(options.keyPath),
    options.transientPath === undefined ? undefined : readTransient(options.transientPath),
  ]);
  const sign = newDigestSigner(createPrivateKey(keyPem));
  const signature = async (digest: string): Promise<{ signature: string }> => ({
    signature: Buffer.from(await sign(Buffer.from(digest, 'base64'))).toString('base64'),
  });
  // A confidential transaction's request goes in transient data and its answer comes sealed to a key of
  // this process: the service relays it without reading it.
  const exchange = CONFIDENTIAL_TRANSACTIONS.includes(options.transaction)
    ? confidentialExchange(options.transaction, options.request, transient)
    : undefined;
  const sent = exchange?.transient ?? transient;
  // The schemas leave the answers' fields optional; the service always sends these.
  const prepared = (await ok(
    client.POST('/v1/offline/proposals', {
      body: {
        certificate,
        transaction: options.transaction,
        arguments: [exchange?.argument ?? options.request],
        ...(sent === undefined ? {} : { transient: sent }),
      },
    }),
  )) as { transactionId: string; digest: string };
  const path = { transactionId: prepared.transactionId };
  const endorsed = (await ok(
    client.POST('/v1/offline/proposals/{transactionId}/endorse', {
      params: { path },
      body: await signature(prepared.digest),
    }),
  )) as { digest: string };
  const commit = (await ok(
    client.POST('/v1/offline/transactions/{transactionId}/submit', {
      params: { path },
      body: await signature(endorsed.digest),
    }),
  )) as Commit;
  const final =
    commit.status === 'PENDING' && commit.commitDigest !== undefined
      ? ((await ok(
          client.POST('/v1/offline/transactions/{transactionId}/commit-status', {
            params: { path },
            body: await signature(commit.commitDigest),
          }),
        )) as Commit)
      : commit;
  return exchange === undefined || final.result === undefined
    ? final
    : { ...final, result: exchange.open(final.result) };
}

async function readTransient(file: string): Promise<Record<string, string>> {
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  const isStringMap =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((value) => typeof value === 'string');
  if (!isStringMap) {
    throw new CliError(`${file}: expected a JSON object of string values (transient fields)`, EXIT.usage);
  }
  return parsed as Record<string, string>;
}
