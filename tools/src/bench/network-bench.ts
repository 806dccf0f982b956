import { channelTopology } from '@sme-credit-ledger/scripts/channel-members';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layoutFromEnv, portOffsetFromEnv, repoRoot } from '@sme-credit-ledger/scripts/layout';
import { down, reset, status, up, type Network } from '@sme-credit-ledger/scripts/network';

/**
 * Prints the figures issue 2 asks for: Fabric build time (cold and warm), `network:up` + deploy time on a
 * warm machine (from scratch and restart), and the resident memory of every network process.
 * Runs on an isolated instance (data/bench-network, ports +10000) so a running network is not disturbed.
 * `--cold` also rebuilds Fabric with an empty Go build cache (modules stay cached): about 3 minutes.
 */
function seconds(start: bigint): string {
  return `${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(1)} s`;
}

function buildFabric(env: NodeJS.ProcessEnv): string {
  const start = process.hrtime.bigint();
  execFileSync('bash', [join(repoRoot, 'scripts', 'install-fabric.sh')], { env, stdio: 'ignore' });
  return seconds(start);
}

function rssMiB(pid: number): number {
  try {
    const statusText = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/VmRSS:\s+(\d+)/.exec(statusText)?.[1] ?? 0);
    return kib / 1024;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const cold = process.argv.includes('--cold');
  if (cold) {
    const home = mkdtempSync(join(tmpdir(), 'fabric-cold-'));
    const cache = mkdtempSync(join(tmpdir(), 'gocache-cold-'));
    console.log(
      `fabric build, cold (empty Go build cache): ${buildFabric({ ...process.env, FABRIC_HOME: home, GOCACHE: cache })}`,
    );
    console.log(
      `fabric build, warm (Go cache filled):      ${buildFabric({ ...process.env, FABRIC_HOME: home, GOCACHE: cache })}`,
    );
    rmSync(home, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
  console.log(`fabric check, binaries present:            ${buildFabric(process.env)}`);

  const env = { SME_DATA_DIR: join(repoRoot, 'data', 'bench-network'), SME_PORT_OFFSET: '10000' };
  const layout = layoutFromEnv({ ...process.env, ...env });
  const topology = channelTopology(layout, portOffsetFromEnv(env));
  const network: Network = { topology, layout, log: () => undefined };
  try {
    await reset(network);
    let start = process.hrtime.bigint();
    await up(network);
    console.log(
      `network:up + deploy, from scratch:          ${seconds(start)} (CAs, enrollment, channel, lifecycle)`,
    );
    await down(network);
    start = process.hrtime.bigint();
    await up(network);
    console.log(`network:up, restart with ledgers kept:      ${seconds(start)}`);
    start = process.hrtime.bigint();
    await up(network);
    console.log(`network:up on a running network:            ${seconds(start)} (no-op)`);

    let total = 0;
    console.log('resident memory per process:');
    for (const state of status(network)) {
      const mib = state.pid ? rssMiB(state.pid) : 0;
      total += mib;
      console.log(`  ${state.spec.name.padEnd(18)} ${mib.toFixed(0).padStart(5)} MiB`);
    }
    console.log(`  ${'total'.padEnd(18)} ${total.toFixed(0).padStart(5)} MiB`);
  } finally {
    await reset(network);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
