import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PeerCertificate } from 'node:tls';
import { anyHostIdentity, FAILOVER_SERVICE_CONFIG, peerTarget } from './peer-client';

const gov = {
  peerEndpoint: '127.0.0.1:7051',
  peerHostAlias: 'peer0.gov.sme.local',
  peers: [
    { endpoint: '127.0.0.1:7051', hostAlias: 'peer0.gov.sme.local' },
    { endpoint: '127.0.0.1:7251', hostAlias: 'peer1.gov.sme.local' },
  ],
};

/** The parts of a peer certificate node:tls's host name check reads. */
const certificateFor = (host: string): PeerCertificate =>
  ({ subject: { CN: host }, subjectaltname: `DNS:${host}` }) as unknown as PeerCertificate;

describe('connections to an organization with several peers', () => {
  it('dials all of its peers on one channel, the preferred one first', () => {
    assert.deepEqual(peerTarget(gov), {
      target: 'ipv4:127.0.0.1:7051,127.0.0.1:7251',
      hostAliases: ['peer0.gov.sme.local', 'peer1.gov.sme.local'],
    });
  });

  it('dials the one peer of a profile written before organizations had several', () => {
    const single = { peerEndpoint: gov.peerEndpoint, peerHostAlias: gov.peerHostAlias };
    assert.deepEqual(peerTarget(single), { target: '127.0.0.1:7051', hostAliases: ['peer0.gov.sme.local'] });
  });

  it('dials a peer known by host name alone, since gRPC lists only IP literals', () => {
    const named = {
      ...gov,
      peerEndpoint: 'peer0.gov.example:7051',
      peers: [{ endpoint: 'peer0.gov.example:7051', hostAlias: 'peer0.gov.example' }, gov.peers[1]!],
    };
    assert.equal(peerTarget(named).target, 'peer0.gov.example:7051');
  });

  it("accepts each of the organization's peers by its own certificate, and no other host", () => {
    const check = anyHostIdentity(peerTarget(gov).hostAliases);

    assert.equal(check('peer0.gov.sme.local', certificateFor('peer0.gov.sme.local')), undefined);
    assert.equal(check('peer0.gov.sme.local', certificateFor('peer1.gov.sme.local')), undefined);
    assert.ok(check('peer0.gov.sme.local', certificateFor('peer0.bank1.sme.local')) instanceof Error);
  });

  it('retries only calls that could not reach a peer, on the next peer, a bounded number of times', () => {
    const [method] = FAILOVER_SERVICE_CONFIG.methodConfig;
    assert.deepEqual(method?.retryPolicy.retryableStatusCodes, ['UNAVAILABLE']);
    assert.ok((method?.retryPolicy.maxAttempts ?? 0) <= 5);
    assert.deepEqual(FAILOVER_SERVICE_CONFIG.loadBalancingConfig, [{ pick_first: {} }]);
  });
});
