import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { FakeLedger } from '../testing/fake-ledger';
import { BlockExplorer } from './block-explorer';
import { NetworkHealthProbe } from './network-health';
import { channelSample } from './orderer-metrics';

/** As an orderer's operations endpoint answers (Fabric 3.1, trimmed). */
const metrics = (leader: 0 | 1): string =>
  [
    '# HELP consensus_etcdraft_is_leader The leadership status of the current node: 1 if it is the leader else 0.',
    '# TYPE consensus_etcdraft_is_leader gauge',
    `consensus_etcdraft_is_leader{channel="credit"} ${leader}`,
    'consensus_etcdraft_is_leader{channel="other"} 1',
    'consensus_etcdraft_cluster_size{channel="credit"} 3',
    'ledger_blockchain_height{channel="credit"} 42',
  ].join('\n');

const ORDERERS = [
  { name: 'orderer0', url: 'http://127.0.0.1:9443/metrics' },
  { name: 'orderer1', url: 'http://127.0.0.1:9444/metrics' },
  { name: 'orderer2', url: 'http://127.0.0.1:9445/metrics' },
];

function probe(answers: Record<string, string | undefined>): NetworkHealthProbe {
  const ledger = new FakeLedger();
  return new NetworkHealthProbe(ledger, new BlockExplorer(ledger), {
    channel: 'credit',
    orderers: ORDERERS,
    fetch: (url) => {
      const text = answers[url];
      return text === undefined ? Promise.reject(new Error('connection refused')) : Promise.resolve(text);
    },
  });
}

describe('network health', () => {
  it('names the one orderer that reports itself leader on the channel, with heights', async () => {
    const health = await probe({
      [ORDERERS[0]!.url]: metrics(0),
      [ORDERERS[1]!.url]: metrics(1),
      [ORDERERS[2]!.url]: metrics(0),
    }).check(undefined);
    assert.equal(health.leader, 'orderer1');
    assert.deepEqual(health.orderers[1], {
      name: 'orderer1',
      reachable: true,
      isLeader: true,
      clusterSize: 3,
      height: '42',
    });
  });

  it('marks an orderer that does not answer unreachable and claims no leader while none reports one', async () => {
    const health = await probe({ [ORDERERS[0]!.url]: metrics(0) }).check(undefined);
    assert.equal(health.leader, undefined);
    assert.deepEqual(health.orderers[2], { name: 'orderer2', reachable: false, isLeader: false });
  });

  it('reads only the sample of the asked channel', () => {
    assert.equal(channelSample(metrics(0), 'consensus_etcdraft_is_leader', 'credit'), 0);
    assert.equal(channelSample(metrics(0), 'consensus_etcdraft_is_leader', 'other'), 1);
    assert.equal(channelSample(metrics(0), 'consensus_etcdraft_is_leader', 'missing'), undefined);
  });
});
