import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describe, it, beforeAll, afterAll } from '@jest/globals';
import { freePort } from './support/free-port';
import { ensureNetwork, repoRoot } from './support/network-cli';

const run = promisify(execFile);
/** What `npm run dev` and `npm run dev:run` run: TypeScript from source through ts-node, packages by their `development` export. */
const FROM_SOURCE = ['--conditions=development', '-r', 'ts-node/register'];
const env = { ...process.env, TS_NODE_PROJECT: join(repoRoot, 'tsconfig.dev.json') };

describe('running from source with ts-node (npm run dev, npm run dev:run)', () => {
  beforeAll(async () => {
    await ensureNetwork();
  });

  it('resolves the workspace packages to their TypeScript sources, and to dist/ without the condition', async () => {
    const resolve = `console.log(require.resolve('@sme-credit-ledger/contract'))`;
    const source = await run(process.execPath, ['--conditions=development', '-e', resolve], {
      cwd: repoRoot,
    });
    assert.equal(source.stdout.trim(), join(repoRoot, 'contract', 'src', 'index.ts'));
    const compiled = await run(process.execPath, ['-e', resolve], { cwd: repoRoot });
    assert.equal(compiled.stdout.trim(), join(repoRoot, 'contract', 'dist', 'index.js'));
  });

  it('runs a script from source: the network CLI reports the live network', async () => {
    const cli = join(repoRoot, 'scripts', 'src', 'network', 'cli.ts');
    const { stdout } = await run(process.execPath, [...FROM_SOURCE, cli, 'status', '--json'], {
      cwd: repoRoot,
      env,
    });
    const rows = JSON.parse(stdout) as { name: string; up: boolean }[];
    assert.ok(rows.some((row) => row.name === 'peer0.gov' && row.up));
  });

  describe('the gateway service from source', () => {
    let child: ReturnType<typeof spawn> | undefined;
    let url = '';

    beforeAll(async () => {
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      child = spawn(process.execPath, [...FROM_SOURCE, join(repoRoot, 'gateway', 'src', 'main.ts')], {
        cwd: repoRoot,
        env: { ...env, SME_GATEWAY_ORG: 'gov', SME_GATEWAY_PORT: String(port) },
        stdio: 'ignore',
      });
    });

    afterAll(() => {
      child?.kill('SIGTERM');
    });

    it('answers health and readiness like the compiled service', async () => {
      let live: Response | undefined;
      for (let i = 0; i < 120 && live?.status !== 200; i += 1) {
        live = await fetch(`${url}/health/live`).catch(() => undefined);
        if (live?.status !== 200) await sleep(500);
      }
      assert.equal(live?.status, 200, 'the service from source answers /health/live');
      const ready = await fetch(`${url}/health/ready`);
      assert.equal(ready.status, 200);
      assert.equal((JSON.parse(await ready.text()) as { status: string }).status, 'ready');
    });
  });
});
