import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { repoRoot } from '../layout';
import { addressOf, loadTopology } from '../topology';
import { deploymentMode, hostPlan, hostsFileContent, placeOnHosts, subnetBase } from './deployment';

const TOPOLOGY = join(repoRoot, 'network', 'topology.json');
const loopback = loadTopology(TOPOLOGY, 0, { SME_HOSTS: 'loopback' });

describe('netns-mode host plan', () => {
  it('gives the bridge .1 and each organization its own address, the orderers first', () => {
    const plan = hostPlan(loopback);

    assert.equal(plan.bridgeIp, '10.213.0.1');
    assert.deepEqual(
      plan.hosts.map((host) => [host.org, host.ip, host.netns]),
      [
        ['orderer', '10.213.0.10', 'sme-orderer'],
        ['gov', '10.213.0.11', 'sme-gov'],
        ['bank1', '10.213.0.12', 'sme-bank1'],
        ['bank2', '10.213.0.13', 'sme-bank2'],
        ['auditor', '10.213.0.14', 'sme-auditor'],
        ['bank3', '10.213.0.15', 'sme-bank3'],
      ],
    );
    assert.ok(plan.hosts.every((host) => host.veth.length <= 15 && host.netns.length <= 15));
  });

  it("places every node on its organization's address in netns mode and leaves loopback mode untouched", () => {
    const netns = placeOnHosts(loopback, 'netns');

    assert.equal(placeOnHosts(loopback, 'loopback'), loopback);
    assert.equal(addressOf(loopback.peerOrgs[0]?.peers[0] ?? {}), '127.0.0.1');
    assert.equal(addressOf(netns.ordererOrg.orderers[2] ?? {}), '10.213.0.10');
    assert.deepEqual(netns.peerOrgs.find((org) => org.key === 'bank1')?.peers[0]?.host, {
      ip: '10.213.0.12',
      netns: 'sme-bank1',
    });
    assert.equal(netns.peerOrgs.find((org) => org.key === 'gov')?.ca.host?.netns, 'sme-gov');
  });

  it('accepts only a private /24 as the subnet', () => {
    assert.equal(subnetBase('10.213.0.0/24'), '10.213.0');
    assert.equal(subnetBase('192.168.77.0/24'), '192.168.77');
    for (const bad of [
      '8.8.8.0/24',
      '10.213.0.0/16',
      '10.213.0.5/24',
      '172.32.0.0/24',
      '10.300.0.0/24',
      'x',
    ]) {
      assert.throws(() => subnetBase(bad), /private \/24/, bad);
    }
  });

  it("resolves every organization's names to its address in each namespace's hosts file", () => {
    const text = hostsFileContent(hostPlan(loopback));

    assert.match(text, /^127\.0\.0\.1 localhost$/m);
    assert.match(
      text,
      /^10\.213\.0\.11 ca\.gov\.sme\.local gateway\.gov\.sme\.local peer0\.gov\.sme\.local /m,
    );
    assert.match(text, /^10\.213\.0\.10 ca\.orderer\.sme\.local orderer0\.orderer\.sme\.local /m);
  });

  it('takes SME_HOSTS first, then the topology file, and refuses an unknown mode', () => {
    const fileSays = { ...loopback, deployment: { mode: 'netns' as const } };

    assert.equal(deploymentMode(loopback, {}), 'loopback');
    assert.equal(deploymentMode(fileSays, {}), 'netns');
    assert.equal(deploymentMode(fileSays, { SME_HOSTS: 'loopback' }), 'loopback');
    assert.equal(deploymentMode(loopback, { SME_HOSTS: 'netns' }), 'netns');
    assert.throws(() => deploymentMode(loopback, { SME_HOSTS: 'docker' }), /netns/);
  });
});
