/**
 * The isolated network instance the fault suite runs on (its own SME_DATA_DIR and SME_PORT_OFFSET, read
 * from the environment like the network CLI does), its processes, and the organizations' gateway services.
 * Processes are found through the network scripts' own specs and pid files, so the suite follows whatever
 * `network/topology.json` describes (a second gov peer, more orderers) without edits here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, REPO_ROOT } from '@sme-credit-ledger/gateway/config';
import { TokenStore } from '@sme-credit-ledger/gateway/token-store';
import { layoutFromEnv, portOffsetFromEnv } from '@sme-credit-ledger/scripts/layout';
import { allSpecs, down, up, type Network } from '@sme-credit-ledger/scripts/network';
import {
  processState,
  startProcess,
  waitReady,
  type ProcessSpec,
} from '@sme-credit-ledger/scripts/processes';
import { loadTopology } from '@sme-credit-ledger/scripts/topology';

export class FaultInstance {
  readonly network: Network;
  readonly offset: number;
  readonly dataDir: string;
  private readonly services = new Map<string, ChildProcess>();
  /** Settings a service keeps across restarts (e.g. a profile that routes it through the fault proxy). */
  readonly serviceEnv = new Map<string, Record<string, string>>();

  constructor(readonly log: (message: string) => void) {
    const layout = layoutFromEnv();
    this.offset = portOffsetFromEnv();
    this.dataDir = join(layout.root, '..');
    this.network = { topology: loadTopology(layout.topologyFile, this.offset), layout, log: () => undefined };
  }

  get topology() {
    return this.network.topology;
  }

  specs(kind?: ProcessSpec['kind']): ProcessSpec[] {
    return allSpecs(this.network).filter((spec) => kind === undefined || spec.kind === kind);
  }

  spec(name: string): ProcessSpec {
    const spec = this.specs().find((candidate) => candidate.name === name);
    if (spec === undefined) throw new Error(`no process ${name} in this instance`);
    return spec;
  }

  pidOf(name: string): number | undefined {
    return processState(this.network.layout, this.spec(name)).pid;
  }

  isRunning(name: string): boolean {
    return processState(this.network.layout, this.spec(name)).running;
  }

  /** kill -9, leaving the pid file: the supervisor sees a crash and restarts it with back-off. */
  crash(name: string): void {
    const pid = this.pidOf(name);
    if (pid === undefined) throw new Error(`${name} is not running`);
    process.kill(pid, 'SIGKILL');
  }

  /** kill -9 after removing the pid file, so the supervisor leaves it down until {@link restart}. */
  async crashAndHold(name: string): Promise<void> {
    const pid = this.pidOf(name);
    rmSync(this.network.layout.pidFile(name), { force: true });
    if (pid !== undefined) {
      process.kill(pid, 'SIGKILL');
      while (processState(this.network.layout, this.spec(name)).running) await sleep(50);
    }
  }

  signal(name: string, signal: NodeJS.Signals): void {
    const pid = this.pidOf(name);
    if (pid === undefined) throw new Error(`${name} is not running`);
    process.kill(pid, signal);
  }

  async restart(name: string): Promise<void> {
    const spec = this.spec(name);
    if (!this.isRunning(name)) startProcess(this.network.layout, spec);
    await waitReady(this.network.layout, spec, 120_000);
  }

  /** Waits until every process of the network runs again (the supervisor's restarts included). */
  async waitAllRunning(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const down = this.specs().filter((spec) => !processState(this.network.layout, spec).running);
      if (down.length === 0) return;
      if (Date.now() > deadline) throw new Error(`still down: ${down.map((spec) => spec.name).join(', ')}`);
      await sleep(250);
    }
  }

  /** The Raft leader of the channel, from each orderer's `consensus_etcdraft_is_leader` metric. */
  async raftLeader(timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const orderer of this.topology.ordererOrg.orderers) {
        const text = await fetch(`http://127.0.0.1:${orderer.opsPort}/metrics`, {
          signal: AbortSignal.timeout(2000),
        })
          .then((response) => response.text())
          .catch(() => '');
        if (/^consensus_etcdraft_is_leader\{[^}]*\} 1$/m.test(text)) return orderer.name;
      }
      if (Date.now() > deadline) throw new Error('no Raft leader found');
      await sleep(500);
    }
  }

  async up(): Promise<void> {
    await up(this.network);
  }

  async down(): Promise<void> {
    await this.stopServices();
    await down(this.network);
  }

  // ---- gateway services (one per organization, as `npm start` runs them) ----

  serviceUrl(org: string): string {
    return `http://127.0.0.1:${this.serviceConfig(org).port}`;
  }

  serviceConfig(org: string) {
    return loadConfig({
      SME_GATEWAY_ORG: org,
      SME_DATA_DIR: this.dataDir,
      SME_PORT_OFFSET: String(this.offset),
    });
  }

  /** Issues a token for `identity` from its organization's token store (the service reads it at start). */
  async token(identity: string): Promise<string> {
    const org = identity.split('/')[0] ?? '';
    const store = await TokenStore.open(this.serviceConfig(org).tokensPath, { org });
    return store.issue(identity, 'fault-suite');
  }

  async startService(org: string): Promise<void> {
    const logFile = join(this.dataDir, 'faults', `gateway-${org}.log`);
    mkdirSync(join(this.dataDir, 'faults'), { recursive: true });
    const fd = openSync(logFile, 'a');
    const child = spawn(process.execPath, [join(REPO_ROOT, 'gateway', 'dist', 'main.js')], {
      env: {
        ...process.env,
        SME_GATEWAY_ORG: org,
        SME_DATA_DIR: this.dataDir,
        SME_PORT_OFFSET: String(this.offset),
        SME_GATEWAY_LOG_LEVEL: 'warn',
        // The suite's few identities make far more requests than a person: the per-token limit is not under test.
        SME_GATEWAY_RATE_LIMIT: '1000000',
        ...this.serviceEnv.get(org),
      },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    this.services.set(org, child);
    const began = Date.now();
    await this.waitServiceReady(org);
    this.log(`${org} service ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  }

  async waitServiceReady(org: string, timeoutMs = 300_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ok = await fetch(`${this.serviceUrl(org)}/health/ready`, { signal: AbortSignal.timeout(2000) })
        .then((response) => response.ok)
        .catch(() => false);
      if (ok) return;
      const child = this.services.get(org);
      if (child?.exitCode !== null && child?.exitCode !== undefined) {
        throw new Error(`the ${org} service exited ${child.exitCode}`);
      }
      if (Date.now() > deadline) throw new Error(`the ${org} service is not ready after ${timeoutMs} ms`);
      await sleep(250);
    }
  }

  /**
   * Starts every organization's service that is not running; one that is slow to become ready does not keep
   * the others from starting (after a full restart on a loaded machine one took over 2 minutes, and the
   * services after it were never started).
   */
  async startServices(): Promise<void> {
    const orgs = this.topology.peerOrgs
      .map((candidate) => candidate.key)
      .filter((org) => !this.services.has(org));
    const results = await Promise.allSettled(orgs.map((org) => this.startService(org)));
    const failed = results.flatMap((result) =>
      result.status === 'rejected'
        ? [result.reason instanceof Error ? result.reason.message : String(result.reason)]
        : [],
    );
    if (failed.length > 0) throw new Error(failed.join('; '));
  }

  /** kill -9 an organization's service process. */
  async crashService(org: string): Promise<void> {
    const child = this.services.get(org);
    if (child === undefined) throw new Error(`no ${org} service`);
    const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
    child.kill('SIGKILL');
    await exited;
    this.services.delete(org);
  }

  async stopServices(): Promise<void> {
    await Promise.all(
      [...this.services.entries()].map(async ([org, child]) => {
        const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(15_000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
        this.services.delete(org);
      }),
    );
  }
}
