/**
 * Failure codes, stable for scripts and tests. Each names the check that failed, so an alteration of the
 * ledger is reported as what it is (a broken chain, a forged signature, a write outside the rules...).
 */
export const FAILURE_CODES = [
  'BLOCK_UNREADABLE',
  'BLOCK_MISSING',
  'BLOCK_NUMBER_MISMATCH',
  'PREVIOUS_HASH_MISMATCH',
  'DATA_HASH_MISMATCH',
  'MALFORMED_ENVELOPE',
  'ORDERER_SIGNATURE_INVALID',
  'VALIDATION_FLAGS_MALFORMED',
  'TRANSACTION_UNREADABLE',
  'WRONG_CHANNEL',
  'TXID_MISMATCH',
  'DUPLICATE_TXID',
  'CREATOR_UNTRUSTED',
  'CREATOR_SIGNATURE_INVALID',
  'PROPOSAL_HASH_MISMATCH',
  'ENDORSER_UNTRUSTED',
  'ENDORSEMENT_SIGNATURE_INVALID',
  'ENDORSEMENT_POLICY_NOT_SATISFIED',
  'CONFIG_SIGNER_UNTRUSTED',
  'VALID_FLAG_ON_FAILING_TX',
  'AUTHZ_ATTESTATION',
  'AUTHZ_ATTESTATION_HEAD',
  'AUTHZ_SALT_USE',
  'AUTHZ_INDEX',
  'AUTHZ_CATALOG',
  'AUTHZ_COMPANY',
  'AUTHZ_REQUEST',
  'AUTHZ_DELETE',
  'AUTHZ_REWRITE',
  'AUTHZ_UNKNOWN_KEY',
  'AUTHZ_CONFIDENTIAL_IN_PUBLIC_STATE',
  'AUTHZ_CONFIDENTIAL_ARGUMENT',
  'AUTHZ_PRIVATE_WRITE',
  'AUTHZ_OTHER',
  'GENESIS_MISMATCH',
  'CHECKPOINT_MISMATCH',
  'PEER_MISMATCH',
  'SOURCE_ERROR',
] as const;

export type FailureCode = (typeof FAILURE_CODES)[number];

export interface VerificationFailure {
  code: FailureCode;
  block: number;
  txId?: string;
  txIndex?: number;
  message: string;
}

export interface PeerComparison {
  source: string;
  blocksCompared: number;
  mismatches: { block: number; ours: string; theirs: string }[];
}

export interface VerificationReport {
  channel: string;
  source: string;
  /** First and last block verified in this run (empty run: from > to). */
  fromBlock: number;
  toBlock: number;
  incremental: boolean;
  blocksChecked: number;
  transactionsChecked: number;
  validTransactions: number;
  invalidTransactions: number;
  signaturesVerified: number;
  failures: VerificationFailure[];
  /** Not failures: e.g. checks of transactions the peers already marked invalid. */
  warnings: VerificationFailure[];
  genesisHash?: string;
  lastBlockHash?: string;
  comparison?: PeerComparison;
  startedAt: string;
  durationMs: number;
  ok: boolean;
}

// The JSON report lists everything; a terminal gets the first entries of each list.
const MAX_TEXT_LINES = 50;

const plural = (count: number, word: string): string =>
  `${count} ${word}${count === 1 ? '' : word.endsWith('ch') ? 'es' : 's'}`;

const line = (failure: VerificationFailure): string =>
  `  block ${failure.block}${failure.txIndex === undefined ? '' : ` tx ${failure.txIndex}`}` +
  `${failure.txId === undefined || failure.txId === '' ? '' : ` (${failure.txId})`}: ${failure.code} ${failure.message}`;

/** Readable report for terminals and logs. */
export function formatReport(report: VerificationReport): string {
  const range =
    report.fromBlock > report.toBlock ? 'no new blocks' : `blocks ${report.fromBlock}-${report.toBlock}`;
  const lines = [
    `Ledger verification of channel ${report.channel} from ${report.source}: ${report.ok ? 'OK' : 'FAILED'}`,
    `  ${range}${report.incremental ? ' (incremental, from checkpoint)' : ''}: ${plural(report.blocksChecked, 'block')}, ` +
      `${plural(report.transactionsChecked, 'transaction')} (${report.validTransactions} valid, ` +
      `${report.invalidTransactions} marked invalid by the peers), ${plural(report.signaturesVerified, 'signature')} verified`,
    `  time ${(report.durationMs / 1000).toFixed(2)} s`,
  ];
  if (report.genesisHash !== undefined) lines.push(`  genesis block hash ${report.genesisHash}`);
  if (report.lastBlockHash !== undefined) lines.push(`  last block hash    ${report.lastBlockHash}`);
  if (report.comparison !== undefined) {
    const { comparison } = report;
    lines.push(
      `  compared with ${comparison.source}: ${plural(comparison.blocksCompared, 'block')}, ` +
        `${plural(comparison.mismatches.length, 'mismatch')}`,
    );
    for (const mismatch of comparison.mismatches) {
      lines.push(`    block ${mismatch.block}: ours ${mismatch.ours}, theirs ${mismatch.theirs}`);
    }
  }
  for (const [title, entries] of [
    ['failure', report.failures],
    ['warning', report.warnings],
  ] as const) {
    if (entries.length > 0) {
      lines.push(`${plural(entries.length, title)}:`, ...entries.slice(0, MAX_TEXT_LINES).map(line));
      if (entries.length > MAX_TEXT_LINES) {
        lines.push(`  ... ${entries.length - MAX_TEXT_LINES} more (use --json for all)`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
