import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { PeerCertificate } from 'node:tls';
import { types } from 'node:util';
import {
  anyHostIdentity,
  FAILOVER_SERVICE_CONFIG,
  peerClientTrusting,
  peerTarget,
  RECONNECT_BACKOFF_MAX_MS,
} from './peer-client';

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
    // node:tls builds the Error in node's own realm, where Jest's vm context has another Error.
    assert.ok(types.isNativeError(check('peer0.gov.sme.local', certificateFor('peer0.bank1.sme.local'))));
  });

  it('retries only calls that could not reach a peer, on the next peer, a bounded number of times', () => {
    const [method] = FAILOVER_SERVICE_CONFIG.methodConfig;
    assert.deepEqual(method?.retryPolicy.retryableStatusCodes, ['UNAVAILABLE']);
    assert.ok((method?.retryPolicy.maxAttempts ?? 0) <= 5);
    assert.deepEqual(FAILOVER_SERVICE_CONFIG.loadBalancingConfig, [{ pick_first: {} }]);
  });
});

describe('reconnection to a peer that was down', () => {
  /** The options the channel was built with, as @grpc/grpc-js 1.14 keeps them on its internal channel. */
  const optionsOf = (client: ReturnType<typeof peerClientTrusting>): Record<string, unknown> =>
    (client.getChannel() as unknown as { internalChannel: { options: Record<string, unknown> } })
      .internalChannel.options;

  it("caps gRPC's reconnect back-off at 2 s (its default grows to 120 s), and lets a caller choose", () => {
    const client = peerClientTrusting(gov, Buffer.from(''));
    const tuned = peerClientTrusting(gov, Buffer.from(''), { 'grpc.max_reconnect_backoff_ms': 500 });
    try {
      assert.equal(optionsOf(client)['grpc.max_reconnect_backoff_ms'], RECONNECT_BACKOFF_MAX_MS);
      assert.equal(RECONNECT_BACKOFF_MAX_MS, 2_000);
      assert.equal(optionsOf(tuned)['grpc.max_reconnect_backoff_ms'], 500);
    } finally {
      client.close();
      tuned.close();
    }
  });
});
