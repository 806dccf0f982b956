/**
 * Measures verification speed on the live ledger: blocks are fetched once from the auditor's peer, then
 * verified from memory (CPU only) from genesis and incrementally (the last tenth after a checkpoint), and
 * once end to end through the peer's deliver service.
 *
 *   node verifier/dist/bench-verifier.js [--profile data/network/gateway-profile.json] [--runs 3]
 */
import os from 'node:os';
import path from 'node:path';
import { loadNetworkProfile } from '@sme-credit-ledger/network-profile';
import { MemoryBlockSource } from './block-source';
import { verifyNetworkLedger } from './network-verification';
import { FabricBlockSource } from './block-source-fabric';
import type { VerificationReport } from './report';
import { verifyLedger } from './verify-ledger';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return (index > 0 ? process.argv[index + 1] : undefined) ?? fallback;
}

/** Wall-clock rates, and transactions per CPU-second (all threads), which other load on the machine does not skew. */
function line(label: string, report: VerificationReport, cpuMicros: number): string {
  const seconds = report.durationMs / 1000;
  const cpu = `${(report.transactionsChecked / (cpuMicros / 1e6)).toFixed(0).padStart(6)} tx/CPU-s`;
  return (
    `${label.padEnd(34)} ${String(report.blocksChecked).padStart(6)} blocks ${String(report.transactionsChecked).padStart(6)} tx ` +
    `${seconds.toFixed(3).padStart(7)} s ${(report.blocksChecked / seconds).toFixed(0).padStart(7)} blocks/s ` +
    `${(report.transactionsChecked / seconds).toFixed(0).padStart(7)} tx/s ${cpu}${report.ok ? '' : ' (FAILURES)'}`
  );
}

function cpuMicros(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

async function main(): Promise<void> {
  const profilePath = path.resolve(option('profile', 'data/network/gateway-profile.json'));
  const runs = Number(option('runs', '3'));
  const profile = await loadNetworkProfile(profilePath);
  const org = profile.orgs.get('auditor');
  const auditor = [...profile.identities.values()].find((identity) => identity.role === 'auditor');
  if (org === undefined || auditor === undefined) throw new Error('the profile has no auditor');
  const peer = await FabricBlockSource.open({
    ...org,
    orgKey: 'auditor',
    identity: auditor,
    channel: profile.channel,
  });
  const blocks: Uint8Array[] = [];
  try {
    for await (const bytes of peer.blocks(0, (await peer.height()) - 1)) blocks.push(bytes);
  } finally {
    peer.close();
  }
  const base = { channel: profile.channel, chaincode: profile.chaincode };
  process.stdout.write(
    `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version}, ${blocks.length} blocks\n`,
  );
  for (let run = 1; run <= runs; run += 1) {
    const cpu = process.cpuUsage();
    const { report } = await verifyLedger({ ...base, source: new MemoryBlockSource('memory', blocks) });
    process.stdout.write(`${line(`full from genesis, in memory #${run}`, report, cpuMicros(cpu))}\n`);
  }
  const cut = Math.floor(blocks.length * 0.9);
  const { checkpoint } = await verifyLedger({
    ...base,
    source: new MemoryBlockSource('memory', blocks.slice(0, cut)),
  });
  if (checkpoint !== undefined) {
    const since = process.cpuUsage();
    const { report } = await verifyLedger({
      ...base,
      source: new MemoryBlockSource('memory', blocks),
      checkpoint,
    });
    process.stdout.write(`${line('incremental (last 10%), in memory', report, cpuMicros(since))}\n`);
  }
  const cpu = process.cpuUsage();
  const { report } = await verifyNetworkLedger({ profilePath });
  process.stdout.write(`${line('full from genesis, through the peer', report, cpuMicros(cpu))}\n`);
  process.stdout.write(
    `load average ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
