import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export interface InstalledPackage {
  /** Folder of the package, relative to `root`. */
  path: string;
  /** Bytes of its package.json: the name and version that actually load. */
  manifest: Buffer;
}

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/**
 * The installed packages a package loads at run time (`dependencies` and `optionalDependencies`,
 * transitively), found the way Node's resolver finds them: `node_modules` of the requiring folder, then of
 * each parent up to `root`. Sorted by path, so the list is a stable input to a fingerprint.
 */
export function installedDependencies(packageDir: string, root: string): InstalledPackage[] {
  const found = new Map<string, InstalledPackage>();
  const visit = (dir: string): void => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    const names = Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies });
    for (const name of names) {
      const installed = resolvePackage(dir, name, root);
      if (installed === undefined || found.has(installed)) continue;
      found.set(installed, {
        path: relative(root, installed),
        manifest: readFileSync(join(installed, 'package.json')),
      });
      visit(installed);
    }
  };
  visit(packageDir);
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function resolvePackage(fromDir: string, name: string, root: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}
