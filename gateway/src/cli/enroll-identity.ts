import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../config';

/**
 * Enrolls `org/name` at its organization's Fabric CA with `attrs` (`key=value`) written into the
 * certificate, through the network scripts (which also add it to the gateway profile). Resolves with the
 * script's exit code; its messages go to this process's stdout and stderr.
 */
export function enrollIdentity(org: string, name: string, attrs: readonly string[]): Promise<number> {
  const script = path.join(REPO_ROOT, 'scripts', 'dist', 'network', 'cli.js');
  const args = [script, 'enroll', '--org', org, '--name', name, ...attrs.flatMap((attr) => ['--attr', attr])];
  return new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
}
