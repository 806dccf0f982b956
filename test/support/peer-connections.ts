import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The local ports among `ports` that process `pid` holds an established TCP connection to (from `ss`): which
 * of an organization's peers a client is really talking to.
 */
export async function connectedPorts(pid: number, ports: readonly number[]): Promise<number[]> {
  const { stdout } = await run('ss', ['-tnpH', 'state', 'established']);
  const found = new Set<number>();
  for (const line of stdout.split('\n')) {
    if (!line.includes(`pid=${pid},`)) continue;
    // Columns: Recv-Q Send-Q Local:Port Peer:Port Process
    const remote = line.trim().split(/\s+/)[3] ?? '';
    const port = Number(remote.slice(remote.lastIndexOf(':') + 1));
    if (ports.includes(port)) found.add(port);
  }
  return [...found];
}
