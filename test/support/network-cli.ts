import type { ProfileFile } from '@sme-credit-ledger/network-profile';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Repository root: Jest runs this file from its source, test/support/. */
export const repoRoot = resolve(__dirname, '..', '..');
const cli = join(repoRoot, 'scripts', 'dist', 'network', 'cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the network CLI for one instance (data dir and port offset), returning its exit code and output. */
export function networkCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 300_000,
): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

export async function networkCliOk(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await networkCli(args, env);
  if (result.code !== 0) {
    throw new Error(`network ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

export interface ProcessRow {
  name: string;
  kind: string;
  up: boolean;
  pid?: number;
  ports: number[];
  /** Times the supervisor started it again after it died. */
  restarts: number;
}

export async function networkStatus(env: NodeJS.ProcessEnv = {}): Promise<ProcessRow[]> {
  const result = await networkCli(['status', '--json'], env);
  return JSON.parse(result.stdout) as ProcessRow[];
}

/** The combined `gateway-profile.json` as the network scripts write it (absolute paths, every identity). */
export type TestProfile = ProfileFile;

/** The network's data directory: `SME_DATA_DIR` when set, as the network scripts read it, else `data/`. */
export function dataDirectory(): string {
  return resolve(process.env.SME_DATA_DIR ?? join(repoRoot, 'data'));
}

export function readProfile(dataDir = dataDirectory()): TestProfile {
  return JSON.parse(readFileSync(join(dataDir, 'network', 'gateway-profile.json'), 'utf8')) as TestProfile;
}

/** The shared network the integration tests run on: reuses a running one, or starts it. */
export async function ensureNetwork(): Promise<TestProfile> {
  await networkCliOk(['up']);
  return readProfile();
}
