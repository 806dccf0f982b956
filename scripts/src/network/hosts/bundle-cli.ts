/**
 * Renders one organization's host bundle (hosts/bundle.ts):
 *   npm run network:bundle -- --org bank1 [--out dir]   (SME_DATA_DIR and SME_PORT_OFFSET as for the network CLI)
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { layoutFromEnv, portOffsetFromEnv, repoRoot } from '../layout';
import { tlsFiles } from '../nodes';
import { loadTopology } from '../topology';
import { renderBundle } from './bundle';

function main(): number {
  const { values } = parseArgs({ options: { org: { type: 'string' }, out: { type: 'string' } } });
  if (!values.org) {
    console.error('usage: npm run network:bundle -- --org <org> [--out <dir>]');
    return 2;
  }
  const layout = layoutFromEnv();
  const topology = loadTopology(layout.topologyFile, portOffsetFromEnv(), {
    ...process.env,
    SME_HOSTS: 'netns',
  });
  if (!existsSync(join(layout.root, 'orgs', values.org))) {
    throw new Error(
      `no keys of "${values.org}" under ${layout.root}: bring the network up first (network:up --hosts netns)`,
    );
  }
  const out = resolve(values.out ?? join(repoRoot, 'data', 'bundles', values.org));
  const bundle = renderBundle({ topology, layout, log: console.log }, values.org, out);
  const firstNode = join(layout.root, 'orgs', values.org, 'nodes');
  const node = existsSync(firstNode) ? tlsFiles(join(firstNode, 'peer0')).cert : '';
  if (
    node &&
    existsSync(node) &&
    !(new X509Certificate(readFileSync(node)).subjectAltName ?? '').includes(bundle.ip)
  ) {
    console.warn(
      `[bundle] warning: ${node} does not name ${bundle.ip}: this data dir was made in loopback mode; render ` +
        `bundles from a netns-mode data dir (network reset, then up --hosts netns) so certificates name each host`,
    );
  }
  console.log(`[bundle] ${bundle.org} at ${bundle.ip}: ${bundle.processes.join(', ')}`);
  console.log(`[bundle] written to ${bundle.dir} (install steps in its README.md)`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`[bundle] error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
