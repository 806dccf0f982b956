#!/usr/bin/env node
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_PEER_ORG,
  verifyNetworkLedger,
  type NetworkVerificationOptions,
} from './network-verification';
import { VERIFIER_EXIT as EXIT, type VerifierExitCode } from './exit-codes';
import { formatReport } from './report';

export const VERIFY_LEDGER_USAGE = `usage: verify-ledger [--peer <org>] [--from-genesis] [--json] [--checkpoint <file>]
                     [--compare-with <org>] [--genesis-hash <hex>] [--profile <gateway-profile.json>]
                     [--identity <org/name>]

Verifies the channel's blocks from cryptography alone: hash chain, data hashes, orderer signatures, creator
and endorsement signatures against the MSP roots in the config blocks, endorsement policies, validation
flags and the chaincode's authorization rules. --peer: whose peer serves the blocks (default ${DEFAULT_PEER_ORG}).
--checkpoint (default <SME_DATA_DIR, data>/verifier/<peer>.checkpoint.json): resume after the last verified block; rewritten
after a clean run. --from-genesis: verify everything again. --compare-with: another org's peer must hold the
same blocks. --genesis-hash: refuse a chain whose genesis block hashes otherwise (default: the checkpoint's).
Exit codes: 0 verified, 5 verification failed, 7 peer unavailable, 2 usage, 1 unexpected.`;

/** A draw-over progress bar on stderr, only when it is a terminal. */
function progressBar(): ((done: number, total: number) => void) | undefined {
  if (process.stderr.isTTY !== true) {
    return undefined;
  }
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} blocks`);
    if (done >= total) process.stderr.write('\n');
  };
}

const OPTIONS = {
  peer: { type: 'string' },
  'from-genesis': { type: 'boolean' },
  json: { type: 'boolean' },
  checkpoint: { type: 'string' },
  'compare-with': { type: 'string' },
  'genesis-hash': { type: 'string' },
  profile: { type: 'string' },
  identity: { type: 'string' },
  help: { type: 'boolean' },
} as const;

type CliValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];

function verificationOptions(values: CliValues): NetworkVerificationOptions {
  const peer = values.peer ?? DEFAULT_PEER_ORG;
  const progress = values.json === true ? undefined : progressBar();
  // The instance's data folder, as every other command reads it (SME_DATA_DIR, default data/).
  const dataDir = path.resolve(process.env.SME_DATA_DIR ?? 'data');
  return {
    profilePath:
      values.profile ??
      process.env.SME_GATEWAY_PROFILE ??
      path.join(dataDir, 'network', 'gateway-profile.json'),
    peer,
    checkpointPath: values.checkpoint ?? path.join(dataDir, 'verifier', `${peer}.checkpoint.json`),
    fromGenesis: values['from-genesis'] === true,
    ...(values['compare-with'] === undefined ? {} : { compareWith: values['compare-with'] }),
    ...(values.identity === undefined ? {} : { identity: values.identity }),
    ...(values['genesis-hash'] === undefined
      ? {}
      : { expectedGenesisHash: values['genesis-hash'].toLowerCase() }),
    ...(progress === undefined ? {} : { onProgress: progress }),
  };
}

/**
 * `verify-ledger ...` (argv without the command words; the gateway's CLI runs it as `audit verify-ledger`).
 * Prints the report (text or JSON) on stdout and returns the exit code; never throws.
 */
export async function runVerifyLedgerCli(argv: string[]): Promise<VerifierExitCode> {
  let values: CliValues;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true }));
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n${VERIFY_LEDGER_USAGE}\n`);
    return EXIT.usage;
  }
  if (values.help === true) {
    process.stdout.write(`${VERIFY_LEDGER_USAGE}\n`);
    return EXIT.ok;
  }
  try {
    const { report } = await verifyNetworkLedger(verificationOptions(values));
    process.stdout.write(
      values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report),
    );
    if (report.failures.some((failure) => failure.code === 'SOURCE_ERROR') && report.blocksChecked === 0) {
      return EXIT.unavailable;
    }
    return report.ok ? EXIT.ok : EXIT.verificationFailed;
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.unexpected;
  }
}

if (require.main === module) {
  void runVerifyLedgerCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
