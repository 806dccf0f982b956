import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './network-cli';

/** Debian's chromium (scripts/install-browser.sh installs it), or `CHROMIUM_PATH`. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find(
    (candidate): candidate is string => candidate !== undefined && existsSync(candidate),
  );
}

/** Loud on purpose: a skipped browser suite must not pass unnoticed. */
export function reportMissingChromium(suite: string): string {
  const reason =
    `${suite}: chromium not found (looked at $CHROMIUM_PATH, /usr/bin/chromium). Install it with ` +
    '`bash scripts/install-browser.sh` (apt-get update && apt-get install -y chromium fonts-noto-cjk).';
  const bar = '!'.repeat(100);
  console.error(`\n${bar}\n!!! SKIPPED: ${reason}\n${bar}\n`);
  return reason;
}

/** Screenshots of each journey, kept as test artifacts under the git-ignored data folder. */
export function artifactsDir(name: string): string {
  const dir = join(repoRoot, 'data', 'artifacts', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
