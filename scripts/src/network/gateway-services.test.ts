import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { gatewayServiceSpecs } from './gateway-services';
import { layoutFromEnv } from './layout';
import { loadTopology } from './topology';

describe('gateway services as supervised processes of the instance', () => {
  const layout = layoutFromEnv({ SME_DATA_DIR: '/srv/sme' });
  const topology = loadTopology(layout.topologyFile, 100);

  it("gives each organization's service the port npm start gives it, shifted like every other port", () => {
    const specs = gatewayServiceSpecs(topology, layout, 100);

    assert.deepEqual(
      specs.map((spec) => [spec.name, spec.ports[0]?.port]),
      topology.peerOrgs.map((org, index) => [`gateway.${org.key}`, 3100 + index]),
    );
    assert.ok(specs.every((spec) => spec.kind === 'gateway'));
  });

  it('runs each service for its own organization on the network’s data folder, checked by its liveness probe', () => {
    const [gov] = gatewayServiceSpecs(topology, layout, 100);

    assert.equal(gov?.env.SME_GATEWAY_ORG, topology.peerOrgs[0]?.key);
    assert.equal(gov?.env.SME_DATA_DIR, '/srv/sme');
    assert.deepEqual(gov?.health, { type: 'http', url: 'http://127.0.0.1:3100/health/live' });
  });

  it('uses no port a node of the network uses', () => {
    const nodePorts = new Set([
      ...topology.ordererOrg.orderers.flatMap((o) => [o.port, o.adminPort, o.opsPort]),
      ...topology.peerOrgs.flatMap((org) => [
        org.ca.port,
        org.ca.opsPort,
        ...org.peers.flatMap((p) => [p.port, p.chaincodePort, p.opsPort, p.ccaasPort, p.ccaasPort + 1]),
      ]),
      topology.supervisor.opsPort,
    ]);
    for (const spec of gatewayServiceSpecs(topology, layout, 100)) {
      assert.ok(!nodePorts.has(spec.ports[0]?.port ?? 0), spec.name);
    }
  });
});
