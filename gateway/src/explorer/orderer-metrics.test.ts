import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from '@jest/globals';
import { ordererOpsFromTopology } from './orderer-metrics';

const REPO_ROOT = path.resolve(__dirname, '../../..');

describe('orderer operations endpoints', () => {
  it('are the topology’s opsPorts shifted by SME_PORT_OFFSET, on loopback', () => {
    const plain = ordererOpsFromTopology(REPO_ROOT, 0);
    const shifted = ordererOpsFromTopology(REPO_ROOT, 14_000);
    assert.ok(plain.length >= 1);
    assert.deepEqual(
      shifted.map((orderer) => orderer.name),
      plain.map((orderer) => orderer.name),
    );
    for (const [index, orderer] of shifted.entries()) {
      const port = Number(new URL(orderer.url).port);
      assert.equal(port, Number(new URL(plain[index]?.url ?? '').port) + 14_000);
      assert.equal(new URL(orderer.url).hostname, '127.0.0.1');
      assert.equal(new URL(orderer.url).pathname, '/metrics');
    }
  });
});
