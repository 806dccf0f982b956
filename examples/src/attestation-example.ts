import {
  canonicalJson,
  type AttestationView,
  type AttestRequest,
  type AttestResponse,
} from '@sme-credit-ledger/contract';
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** What both examples do: a department attests one record of a company, then reads the attestation back. */
export interface AttestationExample {
  uscc: string;
  /** A category the department may attest, e.g. `TAX_CREDIT_RATING` for the tax bureau. */
  category: string;
  schemaVersion: number;
  effectiveDate: string;
  /** The raw record: it travels as transient data and only its salted hash reaches a block. */
  record: Record<string, unknown>;
}

export interface ExampleResult {
  attested: AttestResponse;
  read: AttestationView;
  /** The hash recomputed here from the record and salt equals the one on the ledger. */
  verified: boolean;
}

/** The transaction's one argument, and the transient fields that carry the private part. */
export function attestCall(example: AttestationExample): {
  request: AttestRequest;
  transient: { record: string; salt: string };
} {
  // A fresh 32-byte salt per record: without it a guessable record (a rating has four values) is guessable
  // from its hash.
  const salt = randomBytes(32).toString('hex');
  return {
    request: {
      requestId: `example-${randomUUID()}`,
      uscc: example.uscc,
      category: example.category,
      schemaVersion: example.schemaVersion,
      effectiveDate: example.effectiveDate,
    },
    transient: { record: JSON.stringify(example.record), salt },
  };
}

/** The attestation hash: SHA-256 of the salt followed by the record's RFC 8785 canonical JSON. */
export function attestationHash(record: Record<string, unknown>, salt: string): string {
  return createHash('sha256')
    .update(salt + canonicalJson(record), 'utf8')
    .digest('hex');
}

/** Connection settings both examples take: the standard connection profile, the wallet and a label in it. */
export interface ClientOptions {
  connectionProfile: string;
  walletDir: string;
  identity: string;
  channel: string;
  chaincode: string;
}

/** `node <script> <connection-gov.json> <wallet dir> <identity> <uscc>`: attests a tax rating and prints the result. */
export function runFromCommandLine(
  script: string,
  run: (options: ClientOptions, example: AttestationExample) => Promise<ExampleResult>,
): void {
  const [connectionProfile, walletDir, identity, uscc] = process.argv.slice(2);
  if (!connectionProfile || !walletDir || !identity || !uscc) {
    console.error(`usage: ${script} <connection-gov.json> <wallet dir> <identity> <uscc>`);
    process.exit(2);
  }
  const example = {
    uscc,
    category: 'TAX_CREDIT_RATING',
    schemaVersion: 1,
    effectiveDate: '2026-01-01',
    record: { grade: 'A', year: 2025 },
  };
  run({ connectionProfile, walletDir, identity, channel: 'credit', chaincode: 'credit' }, example).then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
