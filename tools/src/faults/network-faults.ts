/**
 * Network faults between organizations through Toxiproxy (a real TCP fault proxy, built from the Go module
 * proxy by scripts/install-toxiproxy.sh). Each bank's gateway service reaches its peer through a proxy, so
 * latency, dropped connections and a partition hit real gRPC connections with TLS passing through.
 * The peers' own links (gossip, deliver from the orderers) are named in the channel configuration and are
 * not proxied yet: that needs proxy ports in network/topology.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProxiedPeer {
  org: string;
  /** Port the service dials instead of the peer's. */
  listenPort: number;
  upstreamPort: number;
}

export class NetworkFaults {
  private constructor(
    private readonly child: ChildProcess,
    private readonly api: string,
    readonly peers: readonly ProxiedPeer[],
  ) {}

  /** Starts toxiproxy-server on `apiPort` and one proxy per entry of `peers`. */
  static async start(binary: string, apiPort: number, peers: readonly ProxiedPeer[], logDir: string) {
    mkdirSync(logDir, { recursive: true });
    const fd = openSync(join(logDir, 'toxiproxy.log'), 'a');
    const child = spawn(binary, ['-host', '127.0.0.1', '-port', String(apiPort)], {
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    const faults = new NetworkFaults(child, `http://127.0.0.1:${apiPort}`, peers);
    const deadline = Date.now() + 15_000;
    while (
      !(await faults.call('GET', '/version').then(
        () => true,
        () => false,
      ))
    ) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('toxiproxy-server did not start');
      await sleep(200);
    }
    for (const peer of peers) {
      await faults.call('POST', '/proxies', {
        name: peer.org,
        listen: `127.0.0.1:${peer.listenPort}`,
        upstream: `127.0.0.1:${peer.upstreamPort}`,
        enabled: true,
      });
    }
    return faults;
  }

  /** Adds `ms` of latency both ways on `org`'s proxy. */
  async latency(org: string, ms: number): Promise<void> {
    for (const stream of ['upstream', 'downstream']) {
      await this.call('POST', `/proxies/${org}/toxics`, {
        name: `latency-${stream}`,
        type: 'latency',
        stream,
        toxicity: 1,
        attributes: { latency: ms, jitter: Math.round(ms / 10) },
      });
    }
  }

  /** Resets every connection through `org`'s proxy now and any new one for a moment (TCP RST). */
  async resetConnections(org: string): Promise<void> {
    await this.call('POST', `/proxies/${org}/toxics`, {
      name: 'reset',
      type: 'reset_peer',
      stream: 'downstream',
      toxicity: 1,
      attributes: { timeout: 0 },
    });
  }

  /** Cuts `org`'s link: the proxy stops listening and drops its connections. */
  async partition(org: string): Promise<void> {
    await this.call('POST', `/proxies/${org}`, { enabled: false });
  }

  /** Every proxy enabled and without toxics. */
  async clear(): Promise<void> {
    await this.call('POST', '/reset');
  }

  stop(): void {
    this.child.kill('SIGTERM');
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.api}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(5000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`toxiproxy ${method} ${path}: ${response.status} ${text}`);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }
}

/**
 * A copy of `org`'s gateway profile, beside it (its paths are relative), whose own peer endpoint is the
 * proxy's port; the service started on it reaches its peer only through the proxy.
 */
export function proxiedProfile(profilePath: string, org: string, listenPort: number): string {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as {
    orgs: Record<string, { peerEndpoint: string }>;
  };
  const own = profile.orgs[org];
  if (own === undefined) throw new Error(`${profilePath} has no organization ${org}`);
  own.peerEndpoint = own.peerEndpoint.replace(/:\d+$/, `:${listenPort}`);
  const outFile = join(dirname(profilePath), 'gateway-profile.fault-proxy.json');
  writeFileSync(outFile, JSON.stringify(profile, null, 2), { mode: 0o600 });
  return outFile;
}

export const toxiproxyInstalled = (binary: string): boolean => existsSync(binary);
