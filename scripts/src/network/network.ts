import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { assertChannelHasEveryOrg, ensureGenesisBlock } from './channel-config';
import { joinOrderer, joinPeer, waitGossipConverged, waitPeersInSync, waitRaftLeader } from './channel';
import {
  approve,
  buildPackage,
  chaincodeBuild,
  chaincodeServerSpec,
  commit,
  committedDefinition,
  installPackage,
  readDeployment,
  writeDeployment,
  otherSlot,
  type ChaincodeBuild,
  type Deployment,
  type Slot,
} from './chaincode';
import { caProcessSpec } from './fabric-ca';
import { ensureCryptoMaterial } from './identities';
import { gatewayServiceSpecs } from './gateway-services';
import { prepareHosts, releaseHosts } from './hosts/host-lifecycle';
import { portOffsetFromEnv, repoRoot, type Layout } from './layout';
import { ordererSpec, peerSpec } from './nodes';
import {
  hasPidFile,
  processCmdline,
  isPortFree,
  processState,
  sleep,
  startProcess,
  stopProcess,
  waitReady,
  type ProcessSpec,
  type ProcessState,
} from './processes';
import { writeProfile } from './profile';
import { supervisorSpec } from './supervisor-state';
import type { PeerOrg, Topology } from './topology';

export type Log = (message: string) => void;

export interface Network {
  topology: Topology;
  layout: Layout;
  log: Log;
}

export function caSpecs({ topology, layout }: Network): ProcessSpec[] {
  const refs = [topology.ordererOrg, ...topology.peerOrgs].map((org) => ({ org: org.key, ca: org.ca }));
  return refs.map((ref) => caProcessSpec(topology, layout, ref));
}

export function nodeSpecs({ topology, layout }: Network): ProcessSpec[] {
  return [
    ...topology.ordererOrg.orderers.map((o) => ordererSpec(topology, layout, o)),
    ...topology.peerOrgs.flatMap((org) => org.peers.map((p) => peerSpec(topology, layout, org, p))),
  ];
}

/** Chaincode servers of the recorded deployment's slot (package ids are only known once deployed). */
export function chaincodeSpecs(
  { topology, layout }: Network,
  deployment = readDeployment(layout),
): ProcessSpec[] {
  return slotSpecs(
    { topology, layout },
    deployment?.slot ?? 'a',
    deployment?.packageIds ?? {},
    'not-deployed',
  );
}

/** One chaincode server per peer, in the given slot, running its organization's package. */
function slotSpecs(
  { topology, layout }: Pick<Network, 'topology' | 'layout'>,
  slot: Slot,
  packageIds: Record<string, string>,
  missing = '',
): ProcessSpec[] {
  return topology.peerOrgs.flatMap((org) =>
    org.peers.map((peer) =>
      chaincodeServerSpec(topology, layout, org, packageIds[org.key] ?? missing, slot, peer),
    ),
  );
}

/** Each organization's gateway service; supervised only once `gateways up` started it (it has a pid file). */
export function gatewaySpecs({ topology, layout }: Pick<Network, 'topology' | 'layout'>): ProcessSpec[] {
  return gatewayServiceSpecs(topology, layout, portOffsetFromEnv());
}

/** Starts every organization's gateway service that is not running, as a supervised process. */
export async function startGateways(network: Network): Promise<ProcessSpec[]> {
  const specs = gatewaySpecs(network);
  await assertPortsFree(specs.filter((spec) => !processState(network.layout, spec).running));
  const started: ProcessSpec[] = [];
  await startTier(network, specs, started);
  return started;
}

export async function stopGateways(network: Network): Promise<number> {
  const results = await Promise.all(gatewaySpecs(network).map((spec) => stopProcess(network.layout, spec)));
  return results.filter(Boolean).length;
}

export function allSpecs(network: Network): ProcessSpec[] {
  return [...caSpecs(network), ...nodeSpecs(network), ...chaincodeSpecs(network)];
}

export function ensureFabricBinaries(log: Log): void {
  log('checking Fabric binaries');
  execFileSync('bash', [join(repoRoot, 'scripts', 'install-fabric.sh')], { stdio: 'inherit' });
}

async function assertPortsFree(specs: ProcessSpec[]): Promise<void> {
  const taken: string[] = [];
  // A process on its organization's own host (netns mode) has that host's ports to itself.
  for (const spec of specs.filter((each) => each.netns === undefined)) {
    for (const { port, purpose } of spec.ports) {
      if (!(await isPortFree(port))) taken.push(`127.0.0.1:${port} (${spec.name} ${purpose})`);
    }
  }
  if (taken.length > 0) {
    throw new Error(
      `these ports are already in use by other programs:\n  - ${taken.join('\n  - ')}\n` +
        `Hint: stop whatever holds them ('ss -ltnp' shows it), or run the network on other ports with ` +
        `SME_PORT_OFFSET=<n> (and its own SME_DATA_DIR). Nothing was started.`,
    );
  }
}

/** Starts the not-yet-running processes of one tier and waits for all of them to be healthy. */
async function startTier(network: Network, specs: ProcessSpec[], started: ProcessSpec[]): Promise<void> {
  const toStart = specs.filter((spec) => !processState(network.layout, spec).running);
  for (const spec of toStart) {
    network.log(`starting ${spec.name}`);
    startProcess(network.layout, spec);
    started.push(spec);
  }
  await Promise.all(toStart.map((spec) => waitReady(network.layout, spec)));
}

function isFullyUp(network: Network): boolean {
  const deployment = readDeployment(network.layout);
  if (!deployment || !existsSync(network.layout.profileFile)) return false;
  let version: string;
  try {
    version = chaincodeBuild(network.topology).version;
  } catch {
    return false;
  }
  const states = allSpecs(network).map((spec) => processState(network.layout, spec));
  return deployment.version === version && states.every((s) => s.running && !s.stale);
}

/** Brings the whole network up and deploys the current chaincode; on failure stops what it started. */
export async function up(network: Network): Promise<'already-up' | 'started'> {
  const { topology, layout, log } = network;
  if (isFullyUp(network)) {
    // Profiles are derived from the enrolled identities; rewriting them brings an older data dir's
    // per-organization service profiles into being without touching the network.
    writeProfile(topology, layout);
    await startSupervisor(network);
    log('the network is already up and runs the current chaincode; nothing changed');
    return 'already-up';
  }
  assertChannelHasEveryOrg(topology, layout);
  // Starting processes here and in the supervisor at once could start one twice: it waits for the end.
  await stopProcess(layout, supervisorSpec(topology, layout));
  // Hosts first: without root, netns mode says so before any other work.
  prepareHosts(topology, log);
  ensureFabricBinaries(log);
  const pending = [...caSpecs(network), ...nodeSpecs(network)].filter(
    (s) => !processState(layout, s).running,
  );
  await assertPortsFree(pending);
  const started: ProcessSpec[] = [];
  try {
    await startTier(network, caSpecs(network), started);
    log('enrolling identities from the Fabric CAs (first run only)');
    await ensureCryptoMaterial(topology, layout);
    const block = await ensureGenesisBlock(topology, layout);
    await startTier(
      network,
      nodeSpecs(network).filter((s) => s.kind === 'orderer'),
      started,
    );
    for (const orderer of topology.ordererOrg.orderers) {
      // The admin listener can open a moment after the health endpoint answers.
      const joined = await withRetries(`joining ${orderer.name}`, log, () =>
        joinOrderer(topology, layout, orderer, block),
      );
      if (joined) log(`${orderer.name} joined channel ${topology.channel}`);
    }
    await startTier(
      network,
      nodeSpecs(network).filter((s) => s.kind === 'peer'),
      started,
    );
    for (const org of topology.peerOrgs) {
      for (const peer of org.peers) {
        const joined = await withRetries(`joining ${peer.name}.${org.key}`, log, () =>
          joinPeer(topology, layout, org, peer, block),
        );
        if (joined) log(`${peer.name}.${org.key} joined channel ${topology.channel}`);
      }
    }
    await waitRaftLeader(topology);
    await deploy(network, started);
    await waitGossipConverged(topology);
    writeProfile(topology, layout);
    await startSupervisor(network);
    return 'started';
  } catch (error) {
    log('start-up failed; stopping what this run started');
    for (const spec of started.reverse()) await stopProcess(layout, spec);
    throw error;
  }
}

async function withRetries<T>(what: string, log: Log, action: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= attempts) throw error;
      // A freshly joined Raft cluster needs a few seconds to elect a leader before it orders anything.
      if (attempt > 1) log(`${what} not possible yet (attempt ${attempt}/${attempts}); retrying`);
      await sleep(250 * attempt);
    }
  }
}

/**
 * Deploys or upgrades the chaincode with Fabric's lifecycle: package (reproducible), install on every
 * peer, start each org's chaincode server in the free slot, approve for every org, commit, then stop the
 * previous slot's servers. A no-op when the committed definition already runs the current build; a failure
 * before the commit leaves the previous chaincode serving.
 */
export async function deploy(
  network: Network,
  started: ProcessSpec[] = [],
  options: { force?: boolean; underLoad?: boolean } = {},
): Promise<Deployment> {
  const { topology, layout } = network;
  const build = chaincodeBuild(topology);
  // Under steady traffic peers are rarely at one height at the same instant; add-org waits for its peer instead.
  if (!options.underLoad) await waitPeersInSync(topology, layout);
  const current = readDeployment(layout);
  const committed = await committedDefinition(topology, layout, firstPeerOrg(topology));
  if (current && isDeployed(build, current, committed) && !options.force) {
    await startTier(network, chaincodeSpecs(network, current), started);
    return current;
  }
  const slot: Slot = current ? otherSlot(current.slot) : 'a';
  const packageIds = await installEverywhere(network, build, slot);
  const startedHere: ProcessSpec[] = [];
  try {
    const servers = slotSpecs(network, slot, packageIds);
    for (const spec of servers) await stopProcess(layout, spec);
    await startTier(network, servers, startedHere);
    const sequence = (committed?.sequence ?? 0) + 1;
    await approveAndCommit(network, build, sequence, packageIds);
    const deployment: Deployment = { sequence, version: build.version, slot, packageIds };
    writeDeployment(layout, deployment);
    started.push(...startedHere);
    for (const spec of slotSpecs(network, otherSlot(slot), {})) await stopProcess(layout, spec);
    return deployment;
  } catch (error) {
    for (const spec of startedHere) await stopProcess(layout, spec);
    throw error;
  }
}

function firstPeerOrg(topology: Topology): PeerOrg {
  const first = topology.peerOrgs[0];
  if (!first) throw new Error('no peer organization');
  return first;
}

function isDeployed(build: ChaincodeBuild, current: Deployment, committed?: { version: string }): boolean {
  return committed?.version === build.version && current.version === build.version;
}

async function installEverywhere(network: Network, build: ChaincodeBuild, slot: Slot) {
  const { topology, layout, log } = network;
  const packageIds: Record<string, string> = {};
  await Promise.all(
    topology.peerOrgs.map(async (org) => {
      const pkg = buildPackage(layout, org, build, slot);
      packageIds[org.key] = pkg.packageId;
      for (const peer of org.peers) {
        if (await installPackage(topology, layout, org, pkg.file, pkg.packageId, peer)) {
          log(`installed ${build.label} on ${peer.name}.${org.key}`);
        }
      }
    }),
  );
  return packageIds;
}

async function approveAndCommit(
  network: Network,
  build: ChaincodeBuild,
  sequence: number,
  packageIds: Record<string, string>,
): Promise<void> {
  const { topology, layout, log } = network;
  log(`approving chaincode ${topology.chaincode.name} version ${build.version} sequence ${sequence}`);
  await Promise.all(
    topology.peerOrgs.map((org) =>
      withRetries(`approval by ${org.key}`, log, () =>
        approve(topology, layout, org, build, sequence, packageIds[org.key] ?? ''),
      ),
    ),
  );
  log('committing the chaincode definition');
  await withRetries('commit', log, () => commit(topology, layout, build, sequence));
}

/** Starts the supervisor unless it runs (a stale one, from an older build or topology, is replaced). */
async function startSupervisor(network: Network): Promise<void> {
  const spec = supervisorSpec(network.topology, network.layout);
  const state = processState(network.layout, spec);
  if (state.running && !state.stale) return;
  if (state.running) await stopProcess(network.layout, spec);
  startProcess(network.layout, spec);
  await waitReady(network.layout, spec);
}

/** Stops every process the network started, including any recorded in a pid file but no longer in the topology. */
export async function down(network: Network): Promise<number> {
  const { layout } = network;
  // First, so that it does not restart what is being stopped.
  let stopped = (await stopProcess(layout, supervisorSpec(network.topology, layout))) ? 1 : 0;
  // Then the services, the network's clients.
  stopped += await stopGateways(network);
  const specs = [
    ...slotSpecs(network, 'a', {}),
    ...slotSpecs(network, 'b', {}),
    ...caSpecs(network),
    ...nodeSpecs(network),
  ].reverse();
  for (const tier of ['chaincode', 'peer', 'orderer', 'ca'] as const) {
    const results = await Promise.all(
      specs.filter((s) => s.kind === tier).map((s) => stopProcess(layout, s)),
    );
    stopped += results.filter(Boolean).length;
  }
  const runDir = join(layout.root, 'run');
  if (existsSync(runDir)) {
    for (const file of readdirSync(runDir)) {
      const record = JSON.parse(readFileSync(join(runDir, file), 'utf8')) as { pid: number };
      const cmdline = processCmdline(record.pid);
      if (cmdline && (cmdline.includes(layout.binDir) || cmdline.includes('fabric-shim'))) {
        process.kill(-record.pid, 'SIGKILL');
        stopped++;
      }
      rmSync(join(runDir, file), { force: true });
    }
  }
  releaseHosts(network.topology, network.log);
  return stopped;
}

export async function reset(network: Network): Promise<void> {
  await down(network);
  rmSync(network.layout.root, { recursive: true, force: true });
}

export function status(network: Network): ProcessState[] {
  // Gateway services are listed once started through the CLI: `npm start` may run them itself.
  const gateways = gatewaySpecs(network).filter((spec) => hasPidFile(network.layout, spec.name));
  return [...allSpecs(network), ...gateways, supervisorSpec(network.topology, network.layout)].map((spec) =>
    processState(network.layout, spec),
  );
}
