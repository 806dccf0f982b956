import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { ensureNetwork, networkCli, networkStatus, repoRoot } from './support/network-cli';
import { topology } from './support/topology';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(600_000);

const networkDir = join(process.env.SME_DATA_DIR ?? join(repoRoot, 'data'), 'network');
const ORGS = [topology.ordererOrg.key, ...topology.peerOrgs.map((org) => org.key)];

/** The CA bootstrap passwords and every enrollment secret, read from where the network scripts keep them. */
function keptSecrets(): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const org of ORGS) {
    const bootstrap = JSON.parse(
      readFileSync(join(networkDir, 'ca', org, 'bootstrap-admin.json'), 'utf8'),
    ) as {
      password: string;
    };
    secrets.set(`${org} CA bootstrap password`, bootstrap.password);
    const folder = join(networkDir, 'orgs', org, 'ca-client', 'secrets');
    for (const name of existsSync(folder) ? readdirSync(folder) : []) {
      secrets.set(`${org}/${name} enrollment secret`, readFileSync(join(folder, name), 'utf8').trim());
    }
  }
  return secrets;
}

/** Every process's command line, as any local user can read it. */
function commandLines(): string[] {
  const lines: string[] = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      lines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' '));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return lines;
}

function leaks(lines: Iterable<string>, secrets: Map<string, string>): string[] {
  const found: string[] = [];
  for (const line of lines) {
    for (const [what, secret] of secrets) {
      if (line.includes(secret) || line.includes(encodeURIComponent(secret))) found.push(what);
    }
  }
  return found;
}

describe('network secrets stay off command lines', () => {
  const name = `secret-probe-${randomBytes(4).toString('hex')}`;
  const scratch = mkdtempSync(join(tmpdir(), 'reenroll-'));

  beforeAll(async () => {
    await ensureNetwork();
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('shows no CA bootstrap password or enrollment secret in any running process', () => {
    const secrets = keptSecrets();
    assert.ok(secrets.size > 30, `the scripts keep ${secrets.size} secrets`);

    assert.deepEqual(leaks(commandLines(), secrets), []);
  });

  it('enrolls a new user while every command line is watched, and its secret never shows', async () => {
    const seen = new Set<string>();
    let running = true;
    const watch = (async () => {
      while (running) {
        for (const line of commandLines()) seen.add(line);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    const result = await networkCli(['enroll', '--org', 'bank2', '--name', name, '--attr', 'role=bank']);
    running = false;
    await watch;

    assert.equal(result.code, 0, result.stderr);
    const clientLines = [...seen].filter((line) => line.includes('fabric-ca-client'));
    assert.ok(
      clientLines.some((line) => line.includes(' enroll')),
      'the watch saw fabric-ca-client run',
    );
    assert.deepEqual(
      clientLines.filter((line) => /--id\.secret|--secret|https:\/\/[^/\s]*:[^/\s]*@/.test(line)),
      [],
    );
    const secrets = keptSecrets();
    assert.ok(secrets.has(`bank2/${name} enrollment secret`));
    assert.deepEqual(leaks(seen, secrets), []);
  });

  it('refuses a second enrollment of that user with its secret', async () => {
    const ca = (await networkStatus()).find((row) => row.name === 'ca.bank2');
    const secret = keptSecrets().get(`bank2/${name} enrollment secret`) ?? '';

    const second = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        join(repoRoot, '.fabric', 'bin', 'fabric-ca-client'),
        [
          'enroll',
          '--caname',
          'ca-bank2',
          '--tls.certfiles',
          join(networkDir, 'ca', 'bank2', 'ca-cert.pem'),
          '-H',
          scratch,
          '-M',
          join(scratch, 'msp'),
        ],
        {
          env: {
            ...process.env,
            FABRIC_CA_CLIENT_URL: `https://${name}:${secret}@127.0.0.1:${ca?.ports[0]}`,
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, output: stdout + stderr }),
      );
    });

    assert.equal(second.code, 1, second.output);
    assert.match(second.output, /Authentication failure/);
    const log = readFileSync(join(networkDir, 'logs', 'ca.bank2.log'), 'utf8');
    assert.match(
      log,
      new RegExp(`identity ${name} has already enrolled 1 times, it has reached its maximum`),
    );
  });

  it('leaves an enrolled user as it is on a re-run, and re-issues it with --force', async () => {
    const certPath = join(networkDir, 'orgs', 'bank2', 'users', name, 'msp', 'signcerts', 'cert.pem');
    const first = readFileSync(certPath, 'utf8');

    const again = await networkCli(['enroll', '--org', 'bank2', '--name', name, '--attr', 'role=bank']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(readFileSync(certPath, 'utf8'), first);

    const forced = await networkCli([
      'enroll',
      '--org',
      'bank2',
      '--name',
      name,
      '--attr',
      'role=bank',
      '--force',
    ]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.notEqual(readFileSync(certPath, 'utf8'), first);
  });
});
