import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { basename, dirname } from 'node:path';
import type { Layout } from './layout';
import { tailLines } from './shell';

/**
 * `http`: the URL answers 2xx and, when `listening` is given, that port accepts connections as well. A Fabric
 * peer or orderer answers /healthz from its operations server, which it starts long before its gRPC
 * listener (internal/peer/node/start.go starts `opsSystem` near the top and `peerServer` last; the orderer's
 * server/main.go does the same), so /healthz alone said "ready" to a `peer channel` command that was then
 * refused a connection on CI.
 */
export type Health =
  | { type: 'http'; url: string; listening?: { port: number; host: string } }
  | { type: 'tcp'; port: number; host?: string };

/** Everything needed to start, check and recognise one long-running network process. */
export interface ProcessSpec {
  name: string;
  kind: 'ca' | 'orderer' | 'peer' | 'chaincode' | 'monitor' | 'supervisor' | 'gateway';
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  ports: { port: number; purpose: string }[];
  health: Health;
  /** The network namespace (its organization's host, netns mode) the process runs in; absent: this one. */
  netns?: string;
}

/** `ip netns exec` execs the command in place, so the recorded pid and its cmdline stay the command's own. */
function launchArgs(spec: ProcessSpec): [string, string[]] {
  return spec.netns === undefined
    ? [spec.command, spec.args]
    : ['ip', ['netns', 'exec', spec.netns, spec.command, ...spec.args]];
}

interface PidRecord {
  pid: number;
  specHash: string;
  startedAt: string;
}

export interface ProcessState {
  spec: ProcessSpec;
  pid?: number;
  running: boolean;
  /** Running, but started from a different spec (e.g. an older chaincode package). */
  stale: boolean;
}

// Settings of a shell prepared by `network:env` must not leak into the nodes we start.
const INHERITED_ENV_BLOCKLIST = /^(CORE_|ORDERER_|FABRIC_|CHAINCODE_|CHANNEL_NAME$)/;

export function specHash(spec: ProcessSpec): string {
  const canonical = JSON.stringify([...launchArgs(spec), Object.entries(spec.env).sort(), spec.cwd]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

function readPid(layout: Layout, name: string): PidRecord | undefined {
  const file = layout.pidFile(name);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

/** True when `pid` is alive and still runs `command` (a recycled pid is not ours). */
export function isOurProcess(pid: number, command: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && cmdline.includes(basename(command));
  } catch {
    return false;
  }
}

export function processCmdline(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

export function processState(layout: Layout, spec: ProcessSpec): ProcessState {
  const record = readPid(layout, spec.name);
  if (!record || !isOurProcess(record.pid, spec.command)) return { spec, running: false, stale: false };
  return { spec, pid: record.pid, running: true, stale: record.specHash !== specHash(spec) };
}

export function startProcess(layout: Layout, spec: ProcessSpec): number {
  const logFile = layout.logFile(spec.name);
  mkdirSync(dirname(logFile), { recursive: true });
  mkdirSync(dirname(layout.pidFile(spec.name)), { recursive: true });
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !INHERITED_ENV_BLOCKLIST.test(key)),
  );
  const fd = openSync(logFile, 'a');
  try {
    writeFileSync(
      fd,
      `\n==== ${new Date().toISOString()} starting ${spec.name}: ${spec.command} ${spec.args.join(' ')}\n`,
    );
    // detached: own process group, so `down` can signal the process and anything it spawned.
    const [file, args] = launchArgs(spec);
    const child = spawn(file, args, {
      cwd: spec.cwd,
      env: { ...inherited, ...spec.env },
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    if (child.pid === undefined) throw new Error(`could not start ${spec.name} (${spec.command})`);
    child.unref();
    const record: PidRecord = {
      pid: child.pid,
      specHash: specHash(spec),
      startedAt: new Date().toISOString(),
    };
    writeFileSync(layout.pidFile(spec.name), JSON.stringify(record));
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** Whether `name` was started and not stopped on purpose since: what the supervisor restarts. */
export function hasPidFile(layout: Layout, name: string): boolean {
  return existsSync(layout.pidFile(name));
}

export async function stopProcess(layout: Layout, spec: ProcessSpec, timeoutMs = 15_000): Promise<boolean> {
  const state = processState(layout, spec);
  // The pid file goes first: a process without one is stopped on purpose, and the supervisor leaves it.
  rmSync(layout.pidFile(spec.name), { force: true });
  if (!state.running || state.pid === undefined) {
    return false;
  }
  signalGroup(state.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isOurProcess(state.pid, spec.command)) await sleep(100);
  if (isOurProcess(state.pid, spec.command)) signalGroup(state.pid, 'SIGKILL');
  while (isOurProcess(state.pid, spec.command)) await sleep(50);
  return true;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

export async function isHealthy(health: Health): Promise<boolean> {
  if (health.type === 'tcp') return isListening(health.port, health.host);
  try {
    const response = await fetch(health.url, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return false;
  } catch {
    return false;
  }
  // Only once /healthz is OK: the node logs each bare connection to its TLS port as a failed handshake.
  return health.listening === undefined || isListening(health.listening.port, health.listening.host);
}

function isListening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolvePromise(false);
    });
    socket.once('error', () => resolvePromise(false));
  });
}

/** Waits until the process answers its health check; fails fast with its log tail if it dies. */
export async function waitReady(layout: Layout, spec: ProcessSpec, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processState(layout, spec).running) {
      throw new Error(
        `${spec.name} exited during start-up.\n${logTail(layout, spec.name)}\n${hintFor(spec)}`,
      );
    }
    if (await isHealthy(spec.health)) return;
    await sleep(150);
  }
  throw new Error(
    `${spec.name} did not become ready within ${timeoutMs / 1000} s.\n${logTail(layout, spec.name)}\n${hintFor(spec)}`,
  );
}

function hintFor(spec: ProcessSpec): string {
  return `Hint: the full log is data/network/logs/${spec.name}.log; 'npm run network:status' shows every process.`;
}

export function logTail(layout: Layout, name: string, lines = 20): string {
  const file = layout.logFile(name);
  if (!existsSync(file)) return `(no log at ${file})`;
  return `--- last lines of ${file} ---\n${tailLines(readFileSync(file, 'utf8'), lines)}`;
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.close(() => resolvePromise(true));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}
