import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Layout } from '../layout';
import type { Topology } from '../topology';

/** The mode a data dir was made in, when it was netns (`recordHostsMode`). */
export function modeFile(layout: Layout): string {
  return join(layout.root, 'hosts-mode');
}

/**
 * `--hosts netns|loopback` on a network command: the same as SME_HOSTS for it and the processes it starts.
 * Without either, a data dir made in netns mode keeps it, so `down`, `status` and the supervisor find its hosts.
 */
export function applyHostsFlag(args: string[], layout: Layout, env: NodeJS.ProcessEnv = process.env): void {
  const { values } = parseArgs({ args, options: { hosts: { type: 'string' } }, strict: false });
  const hosts = values.hosts ?? (env.SME_HOSTS ? undefined : recordedMode(layout));
  if (hosts === undefined) return;
  if (hosts !== 'netns' && hosts !== 'loopback') {
    throw new Error(`--hosts must be "netns" or "loopback", got "${String(hosts)}"`);
  }
  env.SME_HOSTS = hosts;
}

/**
 * A data dir keeps the mode it was made in: certificates name loopback or each organization's address, and
 * later commands (down, status, the supervisor) must find the same hosts. Only netns mode is recorded, so a
 * loopback data dir follows the topology file as before; changing modes needs `reset`.
 */
export function recordHostsMode(topology: Topology, layout: Layout): void {
  const file = modeFile(layout);
  const requested = topology.deployment?.mode ?? 'loopback';
  const recorded = existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
  const made = existsSync(join(layout.root, 'orgs'));
  const current = recorded ?? (made ? 'loopback' : undefined);
  if (current !== undefined && current !== requested) {
    throw new Error(
      `${layout.root} was made in ${current} mode, and ${requested} mode was asked for: its certificates name ` +
        `other addresses. Run 'network reset' (deletes its ledgers and keys) or use another SME_DATA_DIR.`,
    );
  }
  if (requested === 'netns' && recorded === undefined) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, 'netns\n');
  }
}

function recordedMode(layout: Layout): string | undefined {
  const file = modeFile(layout);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}
