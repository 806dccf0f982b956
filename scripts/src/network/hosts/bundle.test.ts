import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, it, beforeAll, afterAll } from '@jest/globals';
import { makeLayout, repoRoot } from '../layout';
import { loadTopology } from '../topology';
import { renderBundle, type Bundle } from './bundle';

const privateKey = (): string =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

function put(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** Copied into the test's own array: readdirSync's is built in node's realm, not the vm context Jest runs in. */
function filesUnder(dir: string): string[] {
  return [...readdirSync(dir, { recursive: true, encoding: 'utf8' })]
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile());
}

describe('per-host bundle', () => {
  const work = mkdtempSync(join(tmpdir(), 'bundle-'));
  const layout = makeLayout(join(work, 'data', 'network'), join(work, 'fabric'));
  const env = { SME_HOSTS: 'netns', SME_DATA_DIR: join(work, 'data') };
  const topology = loadTopology(join(repoRoot, 'network', 'topology.json'), 9000, env);
  const orgs = [topology.ordererOrg.key, ...topology.peerOrgs.map((org) => org.key)];
  /** Every private key of the instance, by the organization that owns it. */
  const keys = new Map<string, string[]>();
  let bundle: Bundle;

  beforeAll(() => {
    // A data dir shaped as `network up` leaves it: each organization's CA key, nodes' and admin's keys.
    for (const org of orgs) {
      const owned = [
        join(layout.caHome(org), 'msp', 'keystore', 'ca-key.pem'),
        join(layout.userDir(org, 'admin'), 'msp', 'keystore', 'key.pem'),
        join(layout.nodeDir(org, org === 'orderer' ? 'orderer0' : 'peer0'), 'tls', 'keystore', 'key.pem'),
        join(layout.nodeDir(org, org === 'orderer' ? 'orderer0' : 'peer0'), 'msp', 'keystore', 'key.pem'),
      ];
      keys.set(
        org,
        owned.map((file) => {
          const key = privateKey();
          put(file, key);
          return key;
        }),
      );
      put(
        join(layout.caHome(org), 'ca-cert.pem'),
        `-----BEGIN CERTIFICATE-----\n${org}\n-----END CERTIFICATE-----\n`,
      );
      put(layout.caBootstrapFile(org), JSON.stringify({ user: 'admin', password: `pw-${org}` }));
    }
    put(join(layout.channelDir, `${topology.channel}.block`), 'genesis');
    bundle = renderBundle({ topology, layout, log: () => undefined }, 'bank1', join(work, 'bundle'));
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("holds the host's own private keys and no other organization's", () => {
    const contents = filesUnder(bundle.dir).map((file) => readFileSync(file, 'utf8'));
    const holds = (key: string): boolean => contents.some((text) => text.includes(key));

    assert.ok((keys.get('bank1') ?? []).every(holds), 'every bank1 key is in its bundle');
    for (const org of orgs.filter((each) => each !== 'bank1')) {
      assert.ok(!(keys.get(org) ?? []).some(holds), `no private key of ${org}`);
      assert.ok(!contents.some((text) => text.includes(`pw-${org}`)), `no CA password of ${org}`);
    }
  });

  it("holds the other organizations' CA certificates and the genesis block, nothing else of theirs", () => {
    const network = join(bundle.dir, 'data', 'network');
    const theirs = filesUnder(network)
      .map((file) => relative(network, file))
      .filter((file) => !file.includes('bank1'));

    assert.deepEqual(
      theirs.sort(),
      [
        ...orgs.filter((org) => org !== 'bank1').map((org) => join('ca', org, 'ca-cert.pem')),
        join('channel', `${topology.channel}.block`),
      ].sort(),
    );
  });

  it("configures each process on the host's address, with paths where the host installs it", () => {
    const envOf = (name: string): string =>
      readFileSync(join(bundle.dir, 'data', 'env', `${name}.env`), 'utf8');
    const peer = envOf('peer0.bank1');
    const ca = readFileSync(join(bundle.dir, 'systemd', 'sme-ca.bank1.service'), 'utf8');

    assert.equal(bundle.ip, '10.213.0.12');
    assert.deepEqual(bundle.processes, ['ca.bank1', 'peer0.bank1', 'chaincode.bank1.a', 'gateway.bank1']);
    assert.match(peer, /^CORE_PEER_ADDRESS='10\.213\.0\.12:17051'$/m);
    assert.match(
      peer,
      /^CORE_PEER_MSPCONFIGPATH='\/opt\/sme-credit-ledger\/bank1\/network\/orgs\/bank1\/nodes\/peer0\/msp'$/m,
    );
    assert.match(
      ca,
      /^ExecStart=\/opt\/fabric\/bin\/fabric-ca-server start --address 10\.213\.0\.12 --port 17154 /m,
    );
    assert.match(envOf('chaincode.bank1.a'), /CORE_PEER_LOCALMSPID='Bank1MSP'/);
    assert.match(envOf('gateway.bank1'), /^SME_GATEWAY_HOST='10\.213\.0\.12'$/m);
    for (const file of filesUnder(join(bundle.dir, 'data', 'env'))) {
      assert.doesNotMatch(readFileSync(file, 'utf8'), /127\.0\.0\.1|\/tmp\//, file);
    }
    assert.match(
      readFileSync(join(bundle.dir, 'README.md'), 'utf8'),
      /Only this organization's private keys/,
    );
  });

  it("renders a bundle for the orderers' host too, with only their processes", () => {
    const orderer = renderBundle(
      { topology, layout, log: () => undefined },
      'orderer',
      join(work, 'orderer'),
    );

    assert.deepEqual(orderer.processes, ['ca.orderer', 'orderer0', 'orderer1', 'orderer2']);
    assert.match(
      readFileSync(join(orderer.dir, 'data', 'env', 'orderer1.env'), 'utf8'),
      /ORDERER_GENERAL_LISTENADDRESS='10\.213\.0\.10'/,
    );
  });
});
