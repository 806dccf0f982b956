import { type Layout } from '@sme-credit-ledger/scripts/layout';
import {
  type ProcessSpec,
  processState,
  startProcess,
  stopProcess,
  waitReady,
} from '@sme-credit-ledger/scripts/processes';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

/** Debian's package: the binaries `monitoring:up` runs. */
export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
export const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';

export interface PrometheusFiles {
  dir: string;
  config: string;
  rules: string;
}

export function prometheusFiles(dir: string): PrometheusFiles {
  return { dir, config: join(dir, 'prometheus.yml'), rules: join(dir, 'recording-rules.yml') };
}

/**
 * Makes sure Debian's `prometheus` is installed: as root, installs it with apt (saying so), else explains
 * how. Nothing is downloaded outside the distribution's packages.
 */
export function ensurePrometheus(log: (line: string) => void): void {
  if (existsSync(PROMETHEUS_BIN) && existsSync(PROMTOOL_BIN)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Prometheus is not installed (${PROMETHEUS_BIN}); install Debian's package: sudo apt-get install -y prometheus`,
    );
  }
  log('installing Debian package prometheus (apt-get update; apt-get install -y prometheus) ...');
  const apt = (args: string[]): void => {
    // Progress to stderr: callers may print machine-readable output on stdout.
    execFileSync('apt-get', args, {
      stdio: ['ignore', 2, 2],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  };
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', 'prometheus']);
}

/** Writes the configuration and rules as YAML and has promtool check them (a bad file fails here, not later). */
export function writePrometheusFiles(
  files: PrometheusFiles,
  config: Record<string, unknown>,
  rules: Record<string, unknown>,
): void {
  mkdirSync(dirname(files.config), { recursive: true, mode: 0o700 });
  writeFileSync(files.config, stringify(config), { mode: 0o600 });
  writeFileSync(files.rules, stringify(rules), { mode: 0o600 });
  execFileSync(PROMTOOL_BIN, ['check', 'config', files.config], { stdio: 'pipe' });
}

/** Prometheus as one of the instance's supervised processes (pid file and log beside the network's). */
export function prometheusSpec(files: PrometheusFiles, port: number): ProcessSpec {
  return {
    name: 'prometheus',
    kind: 'monitor',
    command: PROMETHEUS_BIN,
    args: [
      `--config.file=${files.config}`,
      `--storage.tsdb.path=${join(files.dir, 'tsdb')}`,
      '--storage.tsdb.retention.time=15d',
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    env: {},
    cwd: files.dir,
    ports: [{ port, purpose: 'Prometheus UI and API' }],
    health: { type: 'http', url: `http://127.0.0.1:${port}/-/ready` },
  };
}

export async function startPrometheus(layout: Layout, spec: ProcessSpec): Promise<void> {
  // A running Prometheus keeps an older configuration: restart it so the new one (and new tokens) apply.
  if (processState(layout, spec).running) await stopProcess(layout, spec);
  startProcess(layout, spec);
  await waitReady(layout, spec, 60_000);
}

export { stopProcess as stopPrometheus };
