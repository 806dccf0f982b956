import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostsFileContent, type HostPlan, type OrgHost } from './deployment';

type Log = (message: string) => void;

const NETNS_ETC = '/etc/netns';

/** Creating namespaces, veths and a bridge needs CAP_NET_ADMIN: root. */
export function assertRoot(action: string): void {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${action} needs root: netns mode creates one Linux network namespace per organization, veth pairs and ` +
        `a bridge (ip netns, ip link). Run it as root (sudo -E ...), or use the default loopback mode.`,
    );
  }
}

function ip(args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function linkExists(name: string): boolean {
  return existsSync(join('/sys/class/net', name));
}

function netnsExists(name: string): boolean {
  return existsSync(join('/var/run/netns', name));
}

/**
 * The bridge, then per organization a namespace with loopback up, a veth pair (host end on the bridge, eth0
 * inside) and the org's address. Only the /24 is routed in a namespace: with no default route, nothing a
 * process there sends can leave the bridge. Safe to re-run: what exists is kept.
 */
export function createHosts(plan: HostPlan, log: Log): void {
  assertRoot('network up --hosts netns');
  if (!linkExists(plan.bridge)) {
    ip(['link', 'add', plan.bridge, 'type', 'bridge']);
    ip(['addr', 'add', `${plan.bridgeIp}/${plan.prefixLength}`, 'dev', plan.bridge]);
    log(`created bridge ${plan.bridge} at ${plan.bridgeIp}/${plan.prefixLength}`);
  }
  ip(['link', 'set', plan.bridge, 'up']);
  for (const host of plan.hosts) createHost(plan, host, log);
}

function createHost(plan: HostPlan, host: OrgHost, log: Log): void {
  if (!netnsExists(host.netns)) ip(['netns', 'add', host.netns]);
  if (!linkExists(host.veth)) {
    ip(['link', 'add', host.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.netns]);
    ip(['-n', host.netns, 'addr', 'add', `${host.ip}/${plan.prefixLength}`, 'dev', 'eth0']);
    log(`host ${host.org}: namespace ${host.netns}, ${host.ip}`);
  }
  ip(['link', 'set', host.veth, 'master', plan.bridge, 'up']);
  ip(['-n', host.netns, 'link', 'set', 'lo', 'up']);
  ip(['-n', host.netns, 'link', 'set', 'eth0', 'up']);
  const etc = join(NETNS_ETC, host.netns);
  mkdirSync(etc, { recursive: true });
  writeFileSync(join(etc, 'hosts'), hostsFileContent(plan));
  // An empty resolver list makes glibc ask 127.0.0.1 in the namespace: DNS never leaves the organization.
  writeFileSync(join(etc, 'resolv.conf'), '# sme-credit-ledger netns host: names come from hosts only\n');
}

/** Removes every organization's veth, namespace and /etc/netns folder, then the bridge; absent parts are skipped. */
export function removeHosts(plan: HostPlan, log: Log): number {
  assertRoot('network down of a netns-mode network');
  let removed = 0;
  for (const host of plan.hosts) {
    // Deleting the veth first: a namespace's own links otherwise linger while the kernel tears it down.
    if (linkExists(host.veth)) ip(['link', 'del', host.veth]);
    if (netnsExists(host.netns)) {
      ip(['netns', 'del', host.netns]);
      removed++;
    }
    rmSync(join(NETNS_ETC, host.netns), { recursive: true, force: true });
  }
  if (linkExists(plan.bridge)) ip(['link', 'del', plan.bridge]);
  if (removed > 0) log(`removed ${removed} organization hosts and bridge ${plan.bridge}`);
  return removed;
}

/** What remains of a plan on this machine: namespaces, veths and the bridge (for tests and `status`). */
export function leftovers(plan: HostPlan): string[] {
  return [
    ...plan.hosts.filter((h) => netnsExists(h.netns)).map((h) => `namespace ${h.netns}`),
    ...plan.hosts.filter((h) => linkExists(h.veth)).map((h) => `veth ${h.veth}`),
    ...(linkExists(plan.bridge) ? [`bridge ${plan.bridge}`] : []),
  ];
}
