/**
 * The faults of issue 14, each injected while the mixed load runs. A fault that the topology cannot host
 * (one gov peer where it needs two) says why instead of running. Hold times come from the suite's mode:
 * `full` uses the (30 s, 60 s, 20 s); `short` (CI) runs the three that prove most per minute (the
 * gov peer in use, a Raft follower, the gov service mid-burst) with shorter holds.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultInstance } from './fault-instance';
import type { NetworkFaults } from './network-faults';

export interface FaultContext {
  instance: FaultInstance;
  /** Fault proxy between organizations, when Toxiproxy is available. */
  proxy?: NetworkFaults;
  /** Multiplies the hold times (1 in full mode). */
  scale: number;
  log: (message: string) => void;
  /** Restarts the gateway services after the network was stopped and started again. */
  restartServices: () => Promise<void>;
}

export interface Fault {
  name: string;
  /** In the short (CI) form too. */
  short: boolean;
  /** Undefined when it applies; else why not (e.g. the topology has one gov peer). */
  notApplicable?: (context: FaultContext) => string | undefined;
  /** Injects the fault, holds it, and clears it; resolves once cleared. Notes go in the row. */
  run: (context: FaultContext) => Promise<string | void>;
  /** Verify the chain from genesis afterwards (not from the checkpoint). */
  fromGenesis?: boolean;
}

const hold = (context: FaultContext, seconds: number) =>
  sleep(Math.max(5, Math.round(seconds * context.scale)) * 1000);

const peerNames = (instance: FaultInstance, org: string): string[] =>
  instance
    .specs('peer')
    .map((spec) => spec.name)
    .filter((name) => name.endsWith(`.${org}`));

/** The peer the gov service's gateway connection uses: the one at the profile's peer port. */
function gatewayPeer(instance: FaultInstance, org: string): string {
  const orgTopology = instance.topology.peerOrgs.find((candidate) => candidate.key === org);
  const port = orgTopology?.peers[0]?.port;
  const spec = instance
    .specs('peer')
    .find((candidate) => candidate.ports.some((entry) => entry.port === port));
  if (spec === undefined) throw new Error(`no peer of ${org} on port ${port}`);
  return spec.name;
}

async function waitRestartedBySupervisor(
  instance: FaultInstance,
  name: string,
  oldPid: number,
  limitMs: number,
) {
  const began = Date.now();
  while (Date.now() - began < limitMs) {
    const pid = instance.pidOf(name);
    if (pid !== undefined && pid !== oldPid) return Date.now() - began;
    await sleep(200);
  }
  throw new Error(`${name} was not restarted within ${limitMs / 1000} s`);
}

export const FAULTS: readonly Fault[] = [
  {
    name: 'kill -9 one gov peer, restart after 30 s',
    short: false,
    notApplicable: ({ instance }) =>
      peerNames(instance, 'gov').length < 2 ? 'the topology has one gov peer (needs 2)' : undefined,
    run: async (context) => {
      const { instance } = context;
      const others = peerNames(instance, 'gov').filter((name) => name !== gatewayPeer(instance, 'gov'));
      const victim = others[0] ?? peerNames(instance, 'gov')[0] ?? '';
      await instance.crashAndHold(victim);
      await hold(context, 30);
      await instance.restart(victim);
      return `${victim} down ${Math.round(30 * context.scale)} s`;
    },
  },
  {
    name: 'kill -9 the peer the gov service uses',
    short: true,
    run: async ({ instance }) => {
      const victim = gatewayPeer(instance, 'gov');
      const pid = instance.pidOf(victim) ?? 0;
      instance.crash(victim);
      const ms = await waitRestartedBySupervisor(instance, victim, pid, 60_000);
      await instance.restart(victim);
      return `${victim} restarted by the supervisor after ${(ms / 1000).toFixed(1)} s`;
    },
  },
  {
    name: 'kill -9 the Raft leader',
    short: false,
    run: async ({ instance }) => {
      const leader = await instance.raftLeader();
      const pid = instance.pidOf(leader) ?? 0;
      instance.crash(leader);
      await waitRestartedBySupervisor(instance, leader, pid, 60_000);
      await instance.restart(leader);
      return `${leader} was leader; new leader ${await instance.raftLeader()}`;
    },
  },
  {
    name: 'kill -9 a Raft follower, restart it',
    short: true,
    run: async (context) => {
      const { instance } = context;
      const leader = await instance.raftLeader();
      const follower =
        instance.topology.ordererOrg.orderers.map((o) => o.name).find((name) => name !== leader) ?? '';
      await instance.crashAndHold(follower);
      await hold(context, 20);
      await instance.restart(follower);
      return `${follower} down ${Math.round(20 * context.scale)} s`;
    },
  },
  {
    name: 'stop 2 of 3 orderers for 60 s',
    short: false,
    run: async (context) => {
      const { instance } = context;
      const leader = await instance.raftLeader();
      const names = instance.topology.ordererOrg.orderers.map((o) => o.name);
      // The leader and one follower: no quorum is left.
      const victims = [leader, names.find((name) => name !== leader) ?? ''];
      for (const victim of victims) await instance.crashAndHold(victim);
      await hold(context, 60);
      for (const victim of victims) await instance.restart(victim);
      return `${victims.join(' and ')} down ${Math.round(60 * context.scale)} s`;
    },
  },
  {
    name: 'kill -9 the gov gateway service mid-burst',
    short: true,
    run: async ({ instance }) => {
      await instance.crashService('gov');
      await sleep(3000);
      await instance.startService('gov');
      return 'restarted after 3 s';
    },
  },
  {
    name: "kill -9 gov's chaincode server",
    short: false,
    run: async ({ instance }) => {
      const victim = instance
        .specs('chaincode')
        .map((spec) => spec.name)
        .find((name) => name.startsWith('chaincode.gov.') && instance.isRunning(name));
      if (victim === undefined) throw new Error('no running gov chaincode server');
      const pid = instance.pidOf(victim) ?? 0;
      instance.crash(victim);
      const ms = await waitRestartedBySupervisor(instance, victim, pid, 30_000);
      await instance.restart(victim);
      return `${victim} restarted by the supervisor after ${(ms / 1000).toFixed(1)} s`;
    },
  },
  {
    name: 'SIGSTOP the Raft leader 20 s, then SIGCONT',
    short: false,
    run: async (context) => {
      const { instance } = context;
      const leader = await instance.raftLeader();
      instance.signal(leader, 'SIGSTOP');
      try {
        await hold(context, 20);
      } finally {
        instance.signal(leader, 'SIGCONT');
      }
      return `${leader} frozen ${Math.round(20 * context.scale)} s`;
    },
  },
  {
    name: 'stop everything, start again, verify from genesis',
    short: false,
    fromGenesis: true,
    run: async (context) => {
      const { instance } = context;
      const began = Date.now();
      await instance.down();
      await instance.up();
      await context.restartServices();
      return `down and up again in ${((Date.now() - began) / 1000).toFixed(0)} s`;
    },
  },
  {
    name: "delete bank1 peer's state database, restart",
    short: false,
    run: async ({ instance }) => {
      const victim = peerNames(instance, 'bank1')[0] ?? '';
      const ledgerDir = instance.spec(victim).env.CORE_PEER_FILESYSTEMPATH ?? '';
      await instance.crashAndHold(victim);
      const stateDir = join(ledgerDir, 'ledgersData', 'stateLeveldb');
      rmSync(stateDir, { recursive: true, force: true });
      await instance.restart(victim);
      // Equality with the other peers is checked by the state sample after convergence.
      return `${victim} restarted without its state database`;
    },
  },
  {
    name: 'network: 300 ms latency between bank1 service and peer, 30 s',
    short: false,
    notApplicable: ({ proxy }) => (proxy === undefined ? 'Toxiproxy is not installed' : undefined),
    run: async (context) => {
      await context.proxy?.latency('bank1', 300);
      await hold(context, 30);
      await context.proxy?.clear();
    },
  },
  {
    name: 'network: bank1 service-peer connections reset, 10 s',
    short: false,
    notApplicable: ({ proxy }) => (proxy === undefined ? 'Toxiproxy is not installed' : undefined),
    run: async (context) => {
      await context.proxy?.resetConnections('bank1');
      await hold(context, 10);
      await context.proxy?.clear();
    },
  },
  {
    name: 'network: bank2 peer cut off from its service, 30 s',
    short: false,
    notApplicable: ({ proxy }) => (proxy === undefined ? 'Toxiproxy is not installed' : undefined),
    run: async (context) => {
      await context.proxy?.partition('bank2');
      await hold(context, 30);
      await context.proxy?.clear();
    },
  },
];
