import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { caCertFile } from '../fabric-ca';
import { repoRoot, type Layout } from '../layout';
import { caSpecs, chaincodeSpecs, gatewaySpecs, nodeSpecs, type Network } from '../network';
import type { ProcessSpec } from '../processes';
import type { Topology } from '../topology';
import { bundleReadme } from './bundle-readme';
import { orgHost, hostPlan } from './deployment';

/** Where a bundle expects to be installed on its host; every path in its configuration is under these. */
export interface InstallPaths {
  /** This organization's folder: keys, configuration, ledgers, logs. */
  root: string;
  /** The Fabric binaries (peer, orderer, fabric-ca-server). */
  fabricBin: string;
  /** A build of this project (chaincode server, gateway service, ccaas builder scripts). */
  app: string;
}

export function defaultInstallPaths(org: string): InstallPaths {
  return {
    root: `/opt/sme-credit-ledger/${org}`,
    fabricBin: '/opt/fabric/bin',
    app: '/opt/sme-credit-ledger/app',
  };
}

export interface Bundle {
  dir: string;
  org: string;
  ip: string;
  processes: string[];
  files: string[];
}

/** The processes of one organization's host: its CA and nodes, its chaincode servers and gateway service. */
export function hostProcesses(network: Network, org: string): ProcessSpec[] {
  const isOrderer = org === network.topology.ordererOrg.key;
  const ofOrg = (spec: ProcessSpec): boolean =>
    spec.name === `ca.${org}` ||
    (isOrderer ? spec.kind === 'orderer' : spec.name.split('.')[1] === org && spec.kind !== 'orderer');
  return [
    ...caSpecs(network),
    ...nodeSpecs(network),
    ...(isOrderer ? [] : chaincodeSpecs(network)),
    ...(isOrderer ? [] : gatewaySpecs(network)),
  ].filter(ofOrg);
}

/**
 * The files a host holds, relative to the data dir's network folder: everything of its own organization
 * (its CA with its key and database, its nodes' and users' keys, its packages) and of the others only their
 * CA certificates (public trust roots), plus the channel's genesis block. No other organization's key.
 */
export function hostFiles(topology: Topology, layout: Layout, org: string): string[] {
  const own = [
    join('ca', org),
    join('orgs', org),
    ...(org === topology.ordererOrg.key ? [] : [join('chaincode', org)]),
  ];
  const others = [topology.ordererOrg.key, ...topology.peerOrgs.map((each) => each.key)]
    .filter((each) => each !== org)
    .map((each) => relative(layout.root, caCertFile(layout, each)));
  const channel = existsSync(layout.channelDir)
    ? readdirSync(layout.channelDir)
        .filter((file) => file.endsWith('.block'))
        .map((file) => join('channel', file))
    : [];
  return [...own, ...others, ...channel, relative(layout.root, layout.deploymentFile)].filter((file) =>
    existsSync(join(layout.root, file)),
  );
}

/**
 * Every path of this machine's instance in a string, as the host will have it: the data dir becomes
 * `paths.root` (so the network folder is `paths.root/network`), the project build `paths.app`.
 */
function relocate(value: string, layout: Layout, paths: InstallPaths): string {
  const moves: [string, string][] = [
    [layout.binDir, paths.fabricBin],
    [layout.fabricCfgPath, join(paths.root, 'config')],
    [layout.root, join(paths.root, 'network')],
    [dirname(layout.root), paths.root],
    [repoRoot, paths.app],
    [process.execPath, '/usr/bin/node'],
  ];
  return moves.reduce((text, [from, to]) => text.split(from).join(to), value);
}

function envFile(spec: ProcessSpec, layout: Layout, paths: InstallPaths): string {
  const lines = Object.entries(spec.env).map(([key, value]) => {
    const relocated = relocate(value, layout, paths);
    // Single quotes read the same to bash (`.`) and to systemd's EnvironmentFile=; no value here holds one.
    if (relocated.includes("'")) throw new Error(`${spec.name}: ${key} holds a single quote`);
    return `${key}='${relocated}'`;
  });
  return `# ${spec.name}: environment (owner-only: it may hold the CA's bootstrap password)\n${lines.join('\n')}\n`;
}

function commandLine(spec: ProcessSpec, layout: Layout, paths: InstallPaths): string {
  return [spec.command, ...spec.args].map((part) => relocate(part, layout, paths)).join(' ');
}

function systemdUnit(spec: ProcessSpec, org: string, layout: Layout, paths: InstallPaths): string {
  return `[Unit]
Description=sme-credit-ledger ${org}: ${spec.name} (${spec.kind})
After=network-online.target
Wants=network-online.target

[Service]
User=sme
EnvironmentFile=${paths.root}/env/${spec.name}.env
WorkingDirectory=${relocate(spec.cwd, layout, paths)}
ExecStart=${commandLine(spec, layout, paths)}
Restart=on-failure
RestartSec=2
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
`;
}

function startScript(specs: ProcessSpec[], layout: Layout, paths: InstallPaths): string {
  const starts = specs.map(
    (spec) => `start ${spec.name} ${relocate(spec.cwd, layout, paths)} ${commandLine(spec, layout, paths)}`,
  );
  return `#!/usr/bin/env bash
# Starts this host's processes without systemd (for a trial; systemd/ holds the units for production).
set -euo pipefail
ROOT=${paths.root}
mkdir -p "$ROOT/logs" "$ROOT/run"
start() {
  local name=$1 cwd=$2; shift 2
  ( set -a; . "$ROOT/env/$name.env"; set +a; cd "$cwd"; exec "$@" ) >>"$ROOT/logs/$name.log" 2>&1 &
  echo $! >"$ROOT/run/$name.pid"
  echo "started $name (pid $!)"
}
${starts.join('\n')}
`;
}

/**
 * Renders one organization's host bundle into `out`: its files (hostFiles), an environment file, a systemd
 * unit and a start-script line per process with every path relocated to `paths`, Fabric's core.yaml and
 * orderer.yaml, and a README for the operator. Addresses are the organization's netns-mode host address.
 */
export function renderBundle(
  network: Network,
  org: string,
  out: string,
  paths: InstallPaths = defaultInstallPaths(org),
): Bundle {
  const { topology, layout } = network;
  if (topology.deployment?.mode !== 'netns') {
    throw new Error('a bundle is rendered from the netns-mode topology, whose addresses name each host');
  }
  const ip = orgHost(hostPlan(topology), org).ip;
  const specs = hostProcesses(network, org);
  if (specs.length === 0) throw new Error(`no process of organization "${org}" in the topology`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true, mode: 0o700 });
  const files = hostFiles(topology, layout, org);
  for (const file of files) {
    const target = join(out, 'data', 'network', file);
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    cpSync(join(layout.root, file), target, { recursive: true, preserveTimestamps: true });
  }
  // The peer CLI reads core.yaml on the orderers' host too (admin commands); orderer.yaml only runs there.
  const configs = org === topology.ordererOrg.key ? ['core.yaml', 'orderer.yaml'] : ['core.yaml'];
  for (const config of configs) {
    const source = join(layout.fabricCfgPath, config);
    if (existsSync(source)) cpSync(source, join(out, 'data', 'config', config));
  }
  mkdirSync(join(out, 'data', 'env'), { recursive: true, mode: 0o700 });
  mkdirSync(join(out, 'systemd'));
  for (const spec of specs) {
    writeFileSync(join(out, 'data', 'env', `${spec.name}.env`), envFile(spec, layout, paths), {
      mode: 0o600,
    });
    writeFileSync(join(out, 'systemd', `sme-${spec.name}.service`), systemdUnit(spec, org, layout, paths));
  }
  writeFileSync(join(out, 'data', 'start.sh'), startScript(specs, layout, paths), { mode: 0o755 });
  writeFileSync(
    join(out, 'README.md'),
    bundleReadme({ topology, org, ip, paths, specs, plan: hostPlan(topology) }),
  );
  return { dir: out, org, ip, processes: specs.map((spec) => spec.name), files };
}
