import { createHash } from 'node:crypto';
import {
  chmodSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { waitGossipConverged, waitRaftLeader } from './channel';
import { caSpecs, nodeSpecs, type Network } from './network';
import { peerProcessName } from './nodes';
import { processState, startProcess, stopProcess, waitReady, type ProcessSpec } from './processes';
import { run } from './shell';
import { peerHeight } from './snapshot';
import { ordererHost, peerHost, type Topology } from './topology';

/**
 * Backup and restore of an instance's data folder, one archive per unit: each peer organization (its CA
 * database and keys, MSPs and keys of its nodes and users, chaincode packages, peer ledgers), the orderer
 * organization's CA and keys, each orderer's ledger, and the files the organizations share (genesis block,
 * deployment record, profiles). A unit's processes are stopped while its files are archived and started
 * again after, so every archive is a consistent copy even while the rest of the network runs. Ledger
 * snapshots are left out: they are rebuilt from the ledger (network:snapshot).
 */

export interface BackupUnit {
  /** The archive's name: an organization key, an orderer's name, or "shared". */
  name: string;
  /** The organization restored with `--org`; "shared" belongs to every organization. */
  org: string;
  /** Paths relative to the network's data folder. */
  paths: string[];
  /** Names of the processes that write those paths (stopped while they are copied). */
  processes: string[];
  /** An orderer's ledger: rolling it back alone breaks Raft's promise that a vote or an entry is durable. */
  ordererLedger: boolean;
}

export const SHARED_UNIT = 'shared';

export function backupUnits(topology: Topology): BackupUnit[] {
  const ordererOrg = topology.ordererOrg;
  const peerUnits = topology.peerOrgs.map((org) => ({
    name: org.key,
    org: org.key,
    paths: [
      `ca/${org.key}`,
      `orgs/${org.key}`,
      `chaincode/${org.key}`,
      ...org.peers.map((peer) => `ledgers/${peerHost(topology, org, peer)}`),
    ],
    processes: [`ca.${org.key}`, ...org.peers.map((peer) => peerProcessName(org, peer))],
    ordererLedger: false,
  }));
  const ordererUnits = ordererOrg.orderers.map((orderer) => ({
    name: orderer.name,
    org: ordererOrg.key,
    paths: [`ledgers/${ordererHost(topology, orderer)}`],
    processes: [orderer.name],
    ordererLedger: true,
  }));
  return [
    ...peerUnits,
    {
      name: ordererOrg.key,
      org: ordererOrg.key,
      paths: [`ca/${ordererOrg.key}`, `orgs/${ordererOrg.key}`],
      processes: [`ca.${ordererOrg.key}`],
      ordererLedger: false,
    },
    ...ordererUnits,
    {
      name: SHARED_UNIT,
      org: SHARED_UNIT,
      paths: ['channel', 'chaincode/deployment.json', 'gateway-profile.json', 'orgs/enrolled.json'],
      processes: [],
      ordererLedger: false,
    },
  ];
}

export interface ManifestUnit {
  name: string;
  org: string;
  archive: string;
  sha256: string;
  bytes: number;
  paths: string[];
  /** Each peer's channel height just before it stopped for the copy (absent: it was not running). */
  peerHeights: Record<string, number>;
}

export interface BackupManifest {
  formatVersion: 1;
  createdAt: string;
  channel: string;
  units: ManifestUnit[];
}

/** Default: `backups/` beside the network folder, inside the instance's (git-ignored) data folder. */
export function defaultBackupRoot(net: Network): string {
  return join(dirname(net.layout.root), 'backups');
}

function unitSpecs(net: Network, unit: BackupUnit): ProcessSpec[] {
  const specs = [...caSpecs(net), ...nodeSpecs(net)];
  return unit.processes.map((name) => {
    const spec = specs.find((s) => s.name === name);
    if (!spec) throw new Error(`no process ${name} in the topology`);
    return spec;
  });
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function peerHeights(net: Network, unit: BackupUnit, running: ProcessSpec[]) {
  const heights: Record<string, number> = {};
  for (const org of net.topology.peerOrgs.filter((o) => o.key === unit.name)) {
    for (const peer of org.peers) {
      const name = peerProcessName(org, peer);
      if (running.some((s) => s.name === name)) heights[name] = await peerHeight(net.topology, { org, peer });
    }
  }
  return heights;
}

/**
 * Archives every unit into `<to>/<UTC time>/`, owner-only (the archives hold private keys). A unit's
 * running processes are stopped for the copy and started again before the next unit, one unit at a time:
 * the orderers stay a Raft majority and every organization but one keeps serving.
 */
export async function backup(
  net: Network,
  options: { to?: string } = {},
): Promise<{ dir: string; manifest: BackupManifest }> {
  const { layout, log } = net;
  const dir = join(
    resolve(options.to ?? defaultBackupRoot(net)),
    new Date().toISOString().replace(/[:.]/g, '-'),
  );
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const manifest: BackupManifest = {
    formatVersion: 1,
    createdAt: new Date().toISOString(),
    channel: net.topology.channel,
    units: [],
  };
  let restartedAny = false;
  for (const unit of backupUnits(net.topology)) {
    const paths = unit.paths.filter((path) => existsSync(join(layout.root, path)));
    if (paths.length === 0) continue;
    const running = unitSpecs(net, unit).filter((spec) => processState(layout, spec).running);
    const heights = await peerHeights(net, unit, running);
    const archive = join(dir, `${unit.name}.tar`);
    const started = Date.now();
    restartedAny ||= running.length > 0;
    for (const spec of running) await stopProcess(layout, spec);
    try {
      writeFileSync(archive, '', { mode: 0o600 });
      await run('tar', ['-cf', archive, '-C', layout.root, '--exclude=ledgers/*/snapshots', ...paths]);
    } finally {
      for (const spec of running) startProcess(layout, spec);
      await Promise.all(running.map((spec) => waitReady(layout, spec)));
      // A restarted orderer answers health checks before it has rejoined Raft: stopping the next one before
      // then would leave no majority, and every submit would fail with "no orderers could ...process".
      if (unit.ordererLedger && running.length > 0) await waitRaftLeader(net.topology);
    }
    chmodSync(archive, 0o600);
    const paused =
      running.length > 0 ? `, ${running.length} process(es) paused ${Date.now() - started} ms` : '';
    log(`backed up ${unit.name}${paused}`);
    manifest.units.push({
      name: unit.name,
      org: unit.org,
      archive: `${unit.name}.tar`,
      sha256: await sha256(archive),
      bytes: statSync(archive).size,
      paths,
      peerHeights: heights,
    });
  }
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  // Restarted peers serve before gossip knows them again; until it does, discovery names no endorsers.
  if (restartedAny) await waitGossipConverged(net.topology);
  return { dir, manifest };
}

/**
 * What a restore of `orgs` (every unit when empty) would be refused for. Rolling back orderer ledgers is
 * only safe when the whole network goes back to the same moment: a Raft node that forgets its log or votes
 * can vote twice, and peers ahead of every orderer would fork from the blocks the orderers cut next. A lost
 * orderer is better wiped and joined again by `osnadmin channel join`, which replicates from the others.
 */
export function restoreProblems(topology: Topology, orgs: readonly string[]): string[] {
  const units = backupUnits(topology);
  const known = new Set(units.map((u) => u.org));
  const problems = orgs.filter((org) => !known.has(org)).map((org) => `unknown organization "${org}"`);
  if (orgs.length > 0 && orgs.includes(topology.ordererOrg.key)) {
    problems.push(
      `restoring ${topology.ordererOrg.key} alone would roll back the orderers' Raft ledgers under peers that are ` +
        'ahead: restore the whole network (no --org, network down) or rejoin a lost orderer with osnadmin',
    );
  }
  return problems;
}

export function readManifest(dir: string): BackupManifest {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
  if (manifest.formatVersion !== 1)
    throw new Error(`unknown backup format ${String(manifest.formatVersion)}`);
  return manifest;
}

/**
 * Replaces the files of the chosen organizations (all, when `orgs` is empty) with the backup's. Their
 * processes are stopped first; a restore of every unit requires the whole network to be down. Checksums
 * are verified before anything is deleted. Start the network again with `network:up`: restored peers
 * catch up from the orderers.
 */
export async function restore(
  net: Network,
  options: { from: string; orgs: string[] },
): Promise<ManifestUnit[]> {
  const { layout, log, topology } = net;
  const wanted = options.orgs.length === 0 ? undefined : new Set([...options.orgs, SHARED_UNIT]);
  const chosen = await checkedUnits(net, options);
  const units = backupUnits(topology);
  for (const entry of chosen) {
    const unit = units.find((u) => u.name === entry.name);
    if (!unit) throw new Error(`the backup's unit ${entry.name} is not in this topology`);
    for (const spec of unitSpecs(net, unit)) await stopProcess(layout, spec);
    // The shared unit is restored only where it is missing: the running organizations still use it.
    if (entry.name === SHARED_UNIT && wanted !== undefined) {
      const missing = entry.paths.filter((path) => !existsSync(join(layout.root, path)));
      if (missing.length > 0) await extract(layout.root, join(options.from, entry.archive), missing);
      continue;
    }
    for (const path of unit.paths) rmSync(join(layout.root, path), { recursive: true, force: true });
    await extract(layout.root, join(options.from, entry.archive), entry.paths);
    log(`restored ${entry.name}`);
  }
  return chosen;
}

/** The backup's units to restore, once the plan is safe and their archives match the manifest. */
async function checkedUnits(
  net: Network,
  options: { from: string; orgs: string[] },
): Promise<ManifestUnit[]> {
  const { layout, topology } = net;
  const problems = restoreProblems(topology, options.orgs);
  if (problems.length > 0) throw new Error(`refusing to restore:\n  - ${problems.join('\n  - ')}`);
  const manifest = readManifest(options.from);
  if (manifest.channel !== topology.channel)
    throw new Error(`the backup is of channel ${manifest.channel}, this network's is ${topology.channel}`);
  const wanted = new Set([...options.orgs, SHARED_UNIT]);
  const chosen = manifest.units.filter((u) => options.orgs.length === 0 || wanted.has(u.org));
  const absent = options.orgs.filter((org) => !chosen.some((u) => u.org === org));
  if (absent.length > 0) throw new Error(`the backup holds nothing of ${absent.join(', ')}`);
  if (options.orgs.length === 0) {
    const running = [...caSpecs(net), ...nodeSpecs(net)].filter((s) => processState(layout, s).running);
    if (running.length > 0) {
      throw new Error(
        `a restore of the whole network needs it stopped (network:down); running: ${running.map((s) => s.name).join(', ')}`,
      );
    }
  }
  for (const unit of chosen) {
    const archive = join(options.from, unit.archive);
    if ((await sha256(archive)) !== unit.sha256) throw new Error(`${archive} does not match its checksum`);
  }
  return chosen;
}

async function extract(root: string, archive: string, paths: string[]): Promise<void> {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  // -p: keep the archived modes, so private keys come back owner-only whatever the umask.
  await run('tar', ['-xpf', archive, '-C', root, ...paths]);
}
