import type { ProcessSpec } from '../processes';
import type { Topology } from '../topology';
import type { HostPlan } from './deployment';
import type { InstallPaths } from './bundle';

export interface ReadmeFacts {
  topology: Topology;
  org: string;
  ip: string;
  paths: InstallPaths;
  specs: ProcessSpec[];
  plan: HostPlan;
}

/** The operator's instructions, written into each bundle with that host's own names, addresses and ports. */
export function bundleReadme({ topology, org, ip, paths, specs, plan }: ReadmeFacts): string {
  const listeners = specs
    .map(
      (spec) =>
        `| ${spec.name} | ${spec.kind} | ${spec.ports.map((p) => `${ip}:${p.port} (${p.purpose})`).join(', ')} |`,
    )
    .join('\n');
  const hosts = plan.hosts.map((host) => `    ${host.ip} ${host.names.join(' ')}`).join('\n');
  const units = specs.map((spec) => `sme-${spec.name}`).join(' ');
  return `# Host bundle: organization \`${org}\` of sme-credit-ledger

Rendered by \`npm run network:bundle -- --org ${org}\` from \`network/topology.json\` (channel \`${topology.channel}\`,
domain \`${topology.domain}\`). This host is \`${org}\` at **${ip}**; its TLS certificates name its host names and
that address.

## What this bundle holds (the threat model of a host)
- \`data/network/ca/${org}/\`, \`data/network/orgs/${org}/\`: this organization's CA (its signing key, database and
  bootstrap password), its nodes' and users' keys and certificates. **Only this organization's private keys.**
- \`data/network/ca/<other>/ca-cert.pem\`: the other organizations' CA certificates (public trust roots).
- \`data/network/channel/*.block\`: the channel's genesis block (public; a node joins the channel from it).
- \`data/env/*.env\`: each process's settings (owner-only: the CA's holds its bootstrap password),
  \`data/config/\`: Fabric's core.yaml / orderer.yaml defaults that the settings override,
  \`data/start.sh\`: starts every process without systemd, \`systemd/\`: one unit per process.
A host that is taken over exposes this organization's keys and the data its peers hold, never another's keys.

## Processes and listeners
| process | kind | listens on |
|---|---|---|
${listeners}

## Install on a machine
1. Give the machine the address ${ip} (or edit the addresses in \`data/env/*.env\` and re-issue TLS
   certificates naming the new address: the certificates must name what the other hosts dial).
2. Make every organization's names resolve, in /etc/hosts or DNS:
${hosts}
   and open the listed ports to the other hosts only (the operations ports to your monitoring only).
3. Install Fabric ${topology.fabricVersion} and Fabric CA ${topology.fabricCaVersion} binaries in \`${paths.fabricBin}\`
   (\`scripts/install-fabric.sh\` of the project builds them), Node.js 20, and a build of this project in
   \`${paths.app}\` (\`npm ci && npm run build\`: the chaincode server, the gateway service and the ccaas builder).
4. Create a user \`sme\`, then copy the data: \`sudo mkdir -p ${paths.root} && sudo cp -a data/. ${paths.root}/ &&
   sudo chown -R sme: ${paths.root} && sudo chmod -R go-rwx ${paths.root}\`.
5. \`sudo cp systemd/*.service /etc/systemd/system/ && sudo systemctl daemon-reload &&
   sudo systemctl enable --now ${units}\` (start the CA first, then the orderers or peers, then the rest).
   For a trial without systemd: \`sudo -u sme ${paths.root}/start.sh\` (logs in \`${paths.root}/logs/\`).
6. A new node joins the channel from \`network/channel/${topology.channel}.block\` (\`osnadmin channel join\` for an
   orderer, \`peer channel join\` as this organization's admin for a peer); moving an existing node means copying its
   ledger folder (\`network/ledgers/<host name>\`) as well, with the node stopped.

Gateway services listen on this host's address with TLS (certificate \`network/orgs/${org}/nodes/gateway/tls\`,
issued by this organization's CA): browsers and clients trust \`network/ca/${org}/ca-cert.pem\`.
`;
}
