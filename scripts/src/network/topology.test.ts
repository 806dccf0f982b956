import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { layoutFromEnv, portOffsetFromEnv } from './layout';
import { ephemeralPortStart, loadTopology, validateTopology, type Topology } from './topology';

const layout = layoutFromEnv({});

function topology(): Topology {
  return loadTopology(layout.topologyFile);
}

describe('topology', () => {
  it('accepts the committed topology: one gov org, an auditor, banks, and three Raft orderers', () => {
    const t = topology();
    const roles = t.peerOrgs.map((o) => o.role);
    assert.equal(roles.filter((role) => role === 'gov').length, 1);
    assert.ok(roles.includes('auditor'));
    assert.ok(roles.filter((role) => role === 'bank').length >= 2, 'at least two banks');
    assert.equal(t.ordererOrg.orderers.length, 3);
  });

  // The lifecycle tests run a second instance 20000 above the base ports (the largest offset the tests use):
  // every port of every organization, a new bank's included, must still be below the ephemeral range.
  it('shifts every port by the offset, keeping them distinct and below 32768 at the largest test offset', () => {
    const base = topology();
    const shifted = loadTopology(layout.topologyFile, 20000);
    assert.equal(shifted.peerOrgs[0]?.peers[0]?.port, (base.peerOrgs[0]?.peers[0]?.port ?? 0) + 20000);
    assert.equal(shifted.ordererOrg.ca.opsPort, base.ordererOrg.ca.opsPort + 20000);
    assert.deepEqual(validateTopology(shifted), []);
  });

  it('reports a port used twice, naming both owners', () => {
    const t = topology();
    const gov = t.peerOrgs[0];
    const peer = gov?.peers[0];
    assert.ok(peer);
    peer.opsPort = t.ordererOrg.orderers[0]?.opsPort ?? 0;
    const problems = validateTopology(t);
    assert.ok(
      problems.some((p) => p.includes('peer0.gov operations') && p.includes('orderer0 operations')),
      problems.join(),
    );
  });

  it("claims each peer's third chaincode port, where the cost bench's reference contract is served", () => {
    const t = topology();
    const peer = t.peerOrgs[0]?.peers[0];
    assert.ok(peer);
    peer.opsPort = peer.ccaasPort + 2;
    const problems = validateTopology(t);
    assert.ok(
      problems.some((p) => p.includes('peer0.gov operations') && p.includes('reference chaincode server')),
      problems.join(),
    );
  });

  it('gives the gov organization at least two peers, so losing one still leaves an endorser', () => {
    const gov = topology().peerOrgs.find((org) => org.role === 'gov');
    assert.ok((gov?.peers.length ?? 0) >= 2);
  });

  it('refuses more raw-record copies than there are gov peers, and fewer than one', () => {
    const t = topology();
    const govPeers = t.peerOrgs.find((org) => org.role === 'gov')?.peers.length ?? 0;
    t.chaincode.rawRecordCopies = govPeers + 1;
    assert.ok(validateTopology(t).some((p) => p.includes('rawRecordCopies')));
    t.chaincode.rawRecordCopies = 0;
    assert.ok(validateTopology(t).some((p) => p.includes('rawRecordCopies')));
  });

  it('refuses an even number of orderers, which cannot survive one failure', () => {
    const t = topology();
    t.ordererOrg.orderers.pop();
    assert.ok(validateTopology(t).some((p) => p.includes('odd number of orderers')));
  });

  it('refuses malformed MSP IDs and org keys, listing every problem together', () => {
    const t = topology();
    const org = t.peerOrgs[1];
    assert.ok(org);
    org.mspId = 'bank one';
    org.key = 'Bank One';
    const problems = validateTopology(t);
    assert.ok(problems.some((p) => p.includes('MSP ID "bank one"')));
    assert.ok(problems.some((p) => p.includes('organization key "Bank One"')));
  });

  it('refuses an offset that pushes a port into the ephemeral range, where client sockets can take it', () => {
    const start = ephemeralPortStart();
    assert.throws(
      () => loadTopology(layout.topologyFile, start - 7050),
      new RegExp(`must be an integer in 1024-${start - 1}`),
    );
  });

  it('rejects a port offset that is not a small non-negative integer', () => {
    assert.equal(portOffsetFromEnv({ SME_PORT_OFFSET: '100' }), 100);
    assert.throws(() => portOffsetFromEnv({ SME_PORT_OFFSET: '-1' }), /SME_PORT_OFFSET/);
    assert.throws(() => portOffsetFromEnv({ SME_PORT_OFFSET: 'abc' }), /SME_PORT_OFFSET/);
  });
});
