import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, type Layout } from './layout';
import type { ProcessSpec } from './processes';
import type { RestartRecord } from './supervision';
import type { Topology } from './topology';

/** Restart counts the supervisor keeps, for `network:status`. Beside the run folder, not in it (pid files only). */
export function supervisorStateFile(layout: Layout): string {
  return join(layout.root, 'supervisor-state.json');
}

export function readSupervisorState(layout: Layout): Record<string, RestartRecord> {
  const file = supervisorStateFile(layout);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, RestartRecord>;
  } catch {
    // Read while the supervisor rewrites it: the next status shows it.
    return {};
  }
}

/**
 * The supervisor as one of the instance's processes: node running the compiled supervisor.js, also when the
 * caller runs from the TypeScript sources (Jest, `npm run dev:run`), where no supervisor.js sits beside it.
 */
export function supervisorSpec(topology: Topology, layout: Layout): ProcessSpec {
  const port = topology.supervisor.opsPort;
  return {
    name: 'supervisor',
    kind: 'supervisor',
    command: process.execPath,
    args: [join(repoRoot, 'scripts', 'dist', 'network', 'supervisor.js')],
    env: {
      SME_DATA_DIR: join(layout.root, '..'),
      FABRIC_HOME: layout.fabricHome,
      SME_PORT_OFFSET: process.env.SME_PORT_OFFSET ?? '0',
      ...(process.env.SME_TOPOLOGY_FILE ? { SME_TOPOLOGY_FILE: process.env.SME_TOPOLOGY_FILE } : {}),
    },
    cwd: layout.root,
    ports: [{ port, purpose: 'supervisor metrics' }],
    health: { type: 'http', url: `http://127.0.0.1:${port}/metrics` },
  };
}
