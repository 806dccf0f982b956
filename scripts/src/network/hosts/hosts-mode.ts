import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Layout } from '../layout';
import type { Topology } from '../topology';

/** `--hosts netns|loopback` on a network command: the same as SME_HOSTS for it and the processes it starts. */
export function applyHostsFlag(args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const { values } = parseArgs({ args, options: { hosts: { type: 'string' } }, strict: false });
  const hosts = values.hosts;
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
  const file = join(layout.root, 'hosts-mode');
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
