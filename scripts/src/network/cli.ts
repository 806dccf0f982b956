import { parseArgs } from 'node:util';
import { ADD_ORG_USAGE, addOrgCommand, removeOrgCommand } from './add-org/org-command';
import { BACKUP_USAGE, backupCommand, restoreCommand } from './backup-command';
import { channelTopology } from './channel-members';
import { applyHostsFlag, recordHostsMode } from './hosts/hosts-mode';
import { serviceUrls } from './hosts/service-urls';
import { enrollUser } from './identities';
import { layoutFromEnv } from './layout';
import {
  deploy,
  down,
  gatewaySpecs,
  reset,
  startGateways,
  status,
  stopGateways,
  up,
  type Network,
} from './network';
import { peerAdminEnv } from './nodes';
import { writeProfile } from './profile';
import { SNAPSHOT_USAGE, snapshotCommand } from './snapshot-command';
import { readSupervisorState } from './supervisor-state';
import { findPeerOrg } from './topology';

const USAGE = `usage: node scripts/dist/network/cli.js <command>
  up [--hosts netns] start CAs, orderers, peers and chaincode servers; create the channel; deploy the chaincode
                     (--hosts netns, as root: each organization on its own network namespace; network/README.md)
  down               stop every process of the network (ledgers are kept)
  status [--json]    each process up or down, with its ports
  reset              down, then delete all network data (ledgers, keys, logs)
  deploy [--force]   deploy or upgrade the chaincode after a code change (--force: a new sequence even if
                     unchanged, e.g. to restart the chaincode servers under a new package)
  profiles           write each organization's gateway profile, connection profile (connection-<org>.json
                     and .yaml, for Fabric's SDKs) and fabric-network wallet under data/network/orgs/<org>/
  gateways up|down   start (supervised: restarted with back-off when they die) or stop each organization's
                     gateway service on 3000 + SME_PORT_OFFSET + its place in the topology
  env <org>          print shell exports that make Fabric's peer CLI act as <org>'s admin
  enroll --org <org> --name <name> --attr role=<role> [--attr dept=<code>] [--attr uscc=<code>] [--force]
                     register and enroll a user with its org's Fabric CA
${SNAPSHOT_USAGE}
${BACKUP_USAGE}
${ADD_ORG_USAGE}`;

/** The network as the running channel has it: an organization the channel lacks waits for add-org. */
function network(): Network {
  const layout = layoutFromEnv();
  const topology = channelTopology(layout);
  return { topology, layout, log: (message) => console.log(`[network] ${message}`) };
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function printStatus(net: Network, json: boolean): boolean {
  const states = status(net);
  const restarts = readSupervisorState(net.layout);
  if (json) {
    const rows = states.map((s) => ({
      name: s.spec.name,
      kind: s.spec.kind,
      up: s.running,
      stale: s.stale,
      pid: s.pid,
      ports: s.spec.ports.map((p) => p.port),
      restarts: restarts[s.spec.name]?.restarts ?? 0,
    }));
    console.log(JSON.stringify(rows, null, 2));
  } else {
    for (const s of states) {
      const ports = s.spec.ports.map((p) => `${p.port} ${p.purpose}`).join(', ');
      const state = s.running ? (s.stale ? 'up (stale)' : 'up') : 'down';
      const count = restarts[s.spec.name]?.restarts ?? 0;
      const restarted = count === 0 ? '' : `  (restarted ${count}x by the supervisor)`;
      console.log(
        `${s.spec.name.padEnd(18)} ${state.padEnd(11)} ${String(s.pid ?? '-').padEnd(8)} ${ports}${restarted}`,
      );
    }
  }
  return states.every((s) => s.running);
}

async function enroll(net: Network, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      org: { type: 'string' },
      name: { type: 'string' },
      attr: { type: 'string', multiple: true },
      force: { type: 'boolean', default: false },
    },
  });
  if (!values.org || !values.name) throw new Error('enroll needs --org and --name');
  const attrs: Record<string, string> = {};
  for (const pair of values.attr ?? []) {
    const [key, ...rest] = pair.split('=');
    if (!key || rest.length === 0) throw new Error(`--attr must be key=value, got "${pair}"`);
    attrs[key] = rest.join('=');
  }
  const user = await enrollUser(
    net.topology,
    net.layout,
    { org: values.org, name: values.name, attrs },
    {
      force: values.force,
    },
  );
  writeProfile(net.topology, net.layout);
  console.log(JSON.stringify(user, null, 2));
}

function printUsage(): Promise<number> {
  console.error(USAGE);
  return Promise.resolve(2);
}

async function gateways(net: Network, [action]: string[]): Promise<number> {
  if (action === 'up') {
    const started = await startGateways(net);
    net.log(`started ${started.length} gateway services; the supervisor restarts any that dies`);
    printStatus(net, false);
    for (const line of serviceUrls(gatewaySpecs(net))) net.log(line);
    return 0;
  }
  if (action === 'down') {
    net.log(`stopped ${await stopGateways(net)} gateway services`);
    return 0;
  }
  console.error(USAGE);
  return 2;
}

/** Commands for operators, kept out of `main`'s switch: gateway services, snapshots, backup and restore. */
const OPERATIONS: Record<string, (net: Network, args: string[]) => Promise<number>> = {
  gateways,
  snapshot: snapshotCommand,
  backup: backupCommand,
  restore: restoreCommand,
  'add-org': addOrgCommand,
  'remove-org': removeOrgCommand,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // --hosts on any command, as SME_HOSTS: `up --hosts netns`, or `down --hosts netns` on a data dir without a record.
  applyHostsFlag(rest, layoutFromEnv());
  const net = network();
  switch (command) {
    case 'up': {
      const started = Date.now();
      recordHostsMode(net.topology, net.layout);
      const outcome = await up(net);
      if (outcome === 'started') net.log(`network up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      printStatus(net, false);
      return 0;
    }
    case 'down':
      net.log(`stopped ${await down(net)} processes; ledgers are kept under ${net.layout.root}`);
      return 0;
    case 'status':
      return printStatus(net, rest.includes('--json')) ? 0 : 3;
    case 'reset':
      await reset(net);
      net.log(`stopped everything and deleted ${net.layout.root}`);
      return 0;
    case 'deploy': {
      const deployment = await deploy(net, [], { force: rest.includes('--force') });
      writeProfile(net.topology, net.layout);
      net.log(
        `chaincode ${net.topology.chaincode.name} version ${deployment.version} at sequence ${deployment.sequence}`,
      );
      return 0;
    }
    case 'env': {
      const org = findPeerOrg(net.topology, rest[0] ?? '');
      const env = { ...peerAdminEnv(net.topology, net.layout, org) };
      console.log(`export PATH=${shellQuote(net.layout.binDir)}:"$PATH"`);
      for (const [key, value] of Object.entries(env)) console.log(`export ${key}=${shellQuote(value)}`);
      return 0;
    }
    case 'enroll':
      await enroll(net, rest);
      return 0;
    case 'profiles':
      writeProfile(net.topology, net.layout);
      for (const org of net.topology.peerOrgs) {
        net.log(
          `${org.key}: ${net.layout.connectionProfileFile(org.key, 'json')} (and .yaml), wallet ${net.layout.walletDir(org.key)}`,
        );
      }
      return 0;
    default:
      return (OPERATIONS[String(command)] ?? printUsage)(net, rest);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[network] error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
