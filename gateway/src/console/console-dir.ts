import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the web console's compiled files are: `SME_GATEWAY_CONSOLE_DIR`, else the `build/` folder of the
 * installed `@sme-credit-ledger/web` package. Undefined when it holds no index.html (not built): the service
 * then runs without the console.
 */
export function findConsoleDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidate = env.SME_GATEWAY_CONSOLE_DIR ?? packagedBuild();
  return candidate !== undefined && existsSync(path.join(candidate, 'index.html')) ? candidate : undefined;
}

function packagedBuild(): string | undefined {
  try {
    return path.join(path.dirname(require.resolve('@sme-credit-ledger/web/package.json')), 'build');
  } catch {
    return undefined;
  }
}
