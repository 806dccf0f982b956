import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from '@jest/globals';
import { caProcessSpec } from './fabric-ca';
import { layoutFromEnv } from './layout';
import { peerSpec } from './nodes';
import { isHealthy } from './processes';
import { findPeerOrg, loadTopology } from './topology';

const listen = async <S extends Server | HttpServer>(server: S): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};
const close = (server: Server | HttpServer): Promise<void> =>
  new Promise((resolve) => server.close(() => resolve()));

/** A port nothing listens on: bound for a moment to learn it, then released. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  const port = await listen(server);
  await close(server);
  return port;
};

describe('readiness of a Fabric node whose operations server starts before its gRPC listener', () => {
  const servers: (Server | HttpServer)[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(close));
  });
  const healthz = async (): Promise<string> => {
    const server = createHttpServer((_request, response) => response.end('{"status":"OK"}'));
    servers.push(server);
    return `http://127.0.0.1:${await listen(server)}/healthz`;
  };

  it('is not ready while /healthz answers OK and the gRPC port still refuses connections', async () => {
    const url = await healthz();

    assert.equal(await isHealthy({ type: 'http', url }), true, 'the operations server alone says OK');
    assert.equal(
      await isHealthy({ type: 'http', url, listening: { port: await closedPort(), host: '127.0.0.1' } }),
      false,
    );
  });

  it('is ready once the gRPC port accepts connections too', async () => {
    const url = await healthz();
    const grpc = createServer((socket) => socket.destroy());
    servers.push(grpc);
    const port = await listen(grpc);

    assert.equal(await isHealthy({ type: 'http', url, listening: { port, host: '127.0.0.1' } }), true);
  });

  it('is not ready while the gRPC port listens and /healthz does not answer OK', async () => {
    const grpc = createServer((socket) => socket.destroy());
    servers.push(grpc);
    const port = await listen(grpc);
    const url = `http://127.0.0.1:${await closedPort()}/healthz`;

    assert.equal(await isHealthy({ type: 'http', url, listening: { port, host: '127.0.0.1' } }), false);
  });

  it("waits for a peer's own gRPC port, on the address it listens on", () => {
    const layout = layoutFromEnv({ SME_DATA_DIR: '/srv/sme' });
    const topology = loadTopology(layout.topologyFile, 0);
    const gov = findPeerOrg(topology, 'gov');
    const peer = gov.peers[0]!;

    const { health, env } = peerSpec(topology, layout, gov, peer);

    assert.equal(health.type, 'http');
    assert.deepEqual(health.type === 'http' ? health.listening : undefined, {
      port: peer.port,
      host: env.CORE_PEER_LISTENADDRESS?.split(':')[0],
    });
  });

  it("waits for a CA's own API port: fabric-ca serves /healthz before its API listens", () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ca-health-'));
    try {
      const layout = layoutFromEnv({ SME_DATA_DIR: dataDir });
      const topology = loadTopology(layout.topologyFile, 0);
      const gov = findPeerOrg(topology, 'gov');

      const { health, args } = caProcessSpec(topology, layout, { org: gov.key, ca: gov.ca });

      assert.equal(health.type, 'http');
      assert.deepEqual(health.type === 'http' ? health.listening : undefined, {
        port: gov.ca.port,
        host: args[args.indexOf('--address') + 1],
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
