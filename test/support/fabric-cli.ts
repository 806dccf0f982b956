import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './network-cli';

/**
 * Runs a shell command after `eval "$(network:env <org>)"`, exactly as an operator would, so the test
 * exercises the printed environment and Fabric's own CLI together.
 */
export function asOrgAdmin(org: string, command: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const cli = join(repoRoot, 'scripts', 'dist', 'network', 'cli.js');
  const script = `set -euo pipefail; eval "$(node '${cli}' env ${org})"; ${command}`;
  return new Promise((resolvePromise, reject) => {
    execFile(
      'bash',
      ['-c', script],
      { env: { ...process.env, ...env }, cwd: repoRoot, timeout: 120_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} as ${org} failed: ${error.message}\n${stdout}\n${stderr}`));
        else resolvePromise(stdout);
      },
    );
  });
}

export interface BlockHeader {
  number: string;
  previous_hash: string;
  data_hash: string;
}

/** Fetches block `number` from one orderer and decodes its header with configtxlator. */
export async function ordererBlockHeader(
  ordererPort: number,
  number: number,
  env: NodeJS.ProcessEnv = {},
): Promise<BlockHeader> {
  const file = `/tmp/sme-block-${process.pid}-${ordererPort}-${number}.pb`;
  const json = await asOrgAdmin(
    'gov',
    `peer channel fetch ${number} ${file} -o 127.0.0.1:${ordererPort} -c "$CHANNEL_NAME" --tls --cafile "$ORDERER_CA" >/dev/null 2>&1 && ` +
      `configtxlator proto_decode --type common.Block --input ${file} --output ${file}.json && cat ${file}.json; ` +
      `rm -f ${file} ${file}.json`,
    env,
  );
  return (JSON.parse(json) as { header: BlockHeader }).header;
}
