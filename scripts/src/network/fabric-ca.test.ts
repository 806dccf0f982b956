import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, beforeAll } from '@jest/globals';
import { caProcessSpec } from './fabric-ca';
import { enrollUser, ensureCryptoMaterial } from './identities';
import { makeLayout } from './layout';
import { loadTopology } from './topology';

// Stands in for fabric-ca-client: logs each argv (one argument per line, a blank line after each call) and
// the environment variables that may carry secrets, answers like the CA for an identity registered twice,
// and writes the files an enrollment leaves in the MSP directory.
const FAKE_CLIENT = `#!/usr/bin/env bash
set -euo pipefail
printf '%s\\n' "$@" >> "$FAKE_CA_DIR/argv"; echo >> "$FAKE_CA_DIR/argv"
printf 'URL=%s SECRET=%s\\n' "\${FABRIC_CA_CLIENT_URL:-}" "\${FABRIC_CA_CLIENT_ID_SECRET:-}" >> "$FAKE_CA_DIR/env"
args=("$@"); msp=""; home=""; name=""; ca=""
for ((i = 0; i < \${#args[@]}; i++)); do
  case "\${args[i]}" in -M) msp="\${args[i+1]}" ;; -H) home="\${args[i+1]}" ;; --id.name) name="\${args[i+1]}" ;; --caname) ca="\${args[i+1]}" ;; esac
done
registered="$FAKE_CA_DIR/registered-$ca"; touch "$registered"
case "$1" in
  register)
    if grep -qx "$name" "$registered"; then echo "Error: Identity '$name' is already registered" >&2; exit 1; fi
    echo "$name" >> "$registered" ;;
  identity) { grep -vx "$3" "$registered" || true; } > "$registered.new"; mv "$registered.new" "$registered" ;;
  enroll)
    msp="\${msp:-$home/msp}"
    mkdir -p "$msp/keystore" "$msp/signcerts" "$msp/cacerts"
    echo key > "$msp/keystore/abc_sk"; echo cert > "$msp/signcerts/cert.pem"; echo ca > "$msp/cacerts/ca.pem" ;;
esac
`;

function fakeNetwork() {
  const dir = mkdtempSync(join(tmpdir(), 'fake-ca-'));
  const layout = makeLayout(join(dir, 'network'), join(dir, 'fabric'));
  mkdirSync(layout.binDir, { recursive: true });
  writeFileSync(join(layout.binDir, 'fabric-ca-client'), FAKE_CLIENT);
  chmodSync(join(layout.binDir, 'fabric-ca-client'), 0o755);
  const topology = loadTopology(layout.topologyFile);
  const orgs = [topology.ordererOrg.key, ...topology.peerOrgs.map((org) => org.key)];
  for (const org of orgs) {
    mkdirSync(layout.caHome(org), { recursive: true });
    writeFileSync(join(layout.caHome(org), 'ca-cert.pem'), 'ca');
  }
  process.env.FAKE_CA_DIR = dir;
  const calls = (): string[][] =>
    readFileSync(join(dir, 'argv'), 'utf8')
      .split('\n\n')
      .filter(Boolean)
      .map((call) => call.split('\n'));
  /** Every bootstrap password and every enrollment secret, from where the scripts keep them. */
  const secrets = (): string[] => [
    ...orgs.map(
      (org) =>
        (JSON.parse(readFileSync(layout.caBootstrapFile(org), 'utf8')) as { password: string }).password,
    ),
    ...orgs.flatMap((org) => {
      const folder = join(layout.root, 'orgs', org, 'ca-client', 'secrets');
      return existsSync(folder)
        ? readdirSync(folder).map((name) => readFileSync(join(folder, name), 'utf8').trim())
        : [];
    }),
  ];
  return { dir, layout, topology, orgs, calls, secrets };
}

function assertNoSecretIn(calls: string[][], secrets: string[]): void {
  for (const argv of calls) {
    const line = argv.join(' ');
    assert.doesNotMatch(
      line,
      /--id\.secret|--secret|--json|https:\/\/[^/\s]*@/,
      `credentials in argv: ${argv[0]} …`,
    );
    for (const secret of secrets) {
      assert.ok(
        !line.includes(secret) && !line.includes(encodeURIComponent(secret)),
        `a secret in: ${argv[0]} ${argv[1]} …`,
      );
    }
  }
}

describe('Fabric CA command lines', () => {
  let net: ReturnType<typeof fakeNetwork>;
  beforeAll(async () => {
    net = fakeNetwork();
    await ensureCryptoMaterial(net.topology, net.layout);
  });

  it('start fabric-ca-server with the bootstrap password only in its environment', () => {
    for (const org of net.topology.peerOrgs) {
      const spec = caProcessSpec(net.topology, net.layout, { org: org.key, ca: org.ca });
      const password = (
        JSON.parse(readFileSync(net.layout.caBootstrapFile(org.key), 'utf8')) as { password: string }
      ).password;
      assert.ok(![spec.command, ...spec.args].some((arg) => arg.includes(password)));
      assert.equal(spec.env?.FABRIC_CA_SERVER_BOOT, `admin:${password}`);
    }
  });

  it('register and enroll every node, admin and user with no secret in any fabric-ca-client argv', () => {
    const calls = net.calls();
    assert.ok(calls.filter((argv) => argv[0] === 'enroll').length > 40, 'the whole network enrolled');
    const secrets = net.secrets();
    assertNoSecretIn(calls, secrets);
    assert.ok(secrets.length > 30, `secrets kept owner-only: ${secrets.length}`);
    const env = readFileSync(join(net.dir, 'env'), 'utf8');
    for (const secret of secrets) assert.ok(env.includes(secret) || env.includes(encodeURIComponent(secret)));
  });

  it('registers users for one enrollment and nodes and org admins for two (signing and TLS)', () => {
    const registrations = net.calls().filter((argv) => argv[0] === 'register');
    const maxOf = (name: string): string | undefined => {
      const argv = registrations.find((call) => call[call.indexOf('--id.name') + 1] === name) ?? [];
      return argv[argv.indexOf('--id.maxenrollments') + 1];
    };
    assert.equal(maxOf('tax-officer'), '1');
    assert.equal(maxOf('officer'), '1');
    assert.equal(maxOf('peer0'), '2');
    assert.equal(maxOf('gov-admin'), '2');
  });

  it('re-issues a user with --force by removing it (the CA revokes its certificates), with no secret in argv', async () => {
    const identity = { org: 'bank1', name: 'officer', attrs: { role: 'bank' } };
    const before = net.calls().length;

    await enrollUser(net.topology, net.layout, identity, { force: true });

    const calls = net.calls().slice(before);
    assert.deepEqual(
      calls.map((argv) => argv.slice(0, argv[0] === 'identity' ? 3 : 1).join(' ')),
      ['register', 'identity remove officer', 'register', 'enroll'],
    );
    assertNoSecretIn(calls, net.secrets());
  });
});
