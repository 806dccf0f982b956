import {
  ensurePrometheus,
  prometheusFiles,
  prometheusSpec,
  RECORDED,
  rulesFile,
  scrapeConfig,
  startPrometheus,
  stopPrometheus,
  writePrometheusFiles,
  type GatewayTarget,
} from '@sme-credit-ledger/tools/monitoring';
import { makeLayout, portOffsetFromEnv, repoRoot } from '@sme-credit-ledger/scripts/layout';
import { loadTopology } from '@sme-credit-ledger/scripts/topology';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it, beforeAll, afterAll } from '@jest/globals';
import { freePort } from './support/free-port';
import { ensureNetwork } from './support/network-cli';
import { OrgGateways } from './support/org-gateways';

interface Target {
  labels: Record<string, string>;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

/**
 * Prometheus (Debian's package, as `npm run monitoring:up` runs it) scraping the live network and one
 * gateway service per organization, with the generated configuration and recording rules.
 */
describe('monitoring with Prometheus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'monitoring-'));
  const layout = makeLayout(join(dir, 'network'), join(repoRoot, '.fabric'));
  const files = prometheusFiles(join(dir, 'prometheus'));
  const gateways = new OrgGateways('monitoring');
  const topology = loadTopology(join(repoRoot, 'network', 'topology.json'), portOffsetFromEnv());
  const orgs = topology.peerOrgs.map((org) => org.key);
  let port = 0;
  let api = '';
  let spec: ReturnType<typeof prometheusSpec>;

  const query = async (
    expr: string,
  ): Promise<{ metric: Record<string, string>; value: [number, string] }[]> => {
    const response = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = JSON.parse(await response.text()) as {
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    return body.data.result;
  };

  const targets = async (): Promise<Target[]> => {
    const response = await fetch(`${api}/api/v1/targets?state=active`);
    return (JSON.parse(await response.text()) as { data: { activeTargets: Target[] } }).data.activeTargets;
  };

  beforeAll(async () => {
    ensurePrometheus((line) => console.log(`[monitoring test] ${line}`));
    await ensureNetwork();
    await gateways.start(orgs);
    mkdirSync(join(dir, 'tokens'), { mode: 0o700 });
    const gatewayTargets: GatewayTarget[] = [];
    for (const org of orgs) {
      const service = gateways.service(org);
      const tokenFile = join(dir, 'tokens', org);
      writeFileSync(tokenFile, await service.tokens.issueOperator('prometheus'), { mode: 0o600 });
      gatewayTargets.push({ org, port: Number(new URL(service.url).port), tokenFile });
    }
    // A job whose token the service never issued: it must be refused, not scraped.
    const forged = join(dir, 'tokens', 'forged');
    writeFileSync(forged, 'not-a-token-of-this-service', { mode: 0o600 });
    gatewayTargets.push({ org: 'forged', port: gatewayTargets[0]!.port, tokenFile: forged });
    writePrometheusFiles(
      files,
      scrapeConfig(topology, { gateways: gatewayTargets, rulesFile: files.rules, intervalSeconds: 2 }),
      rulesFile(),
    );
    port = await freePort();
    api = `http://127.0.0.1:${port}`;
    spec = prometheusSpec(files, port);
    await startPrometheus(layout, spec);
  });

  afterAll(async () => {
    if (spec !== undefined) await stopPrometheus(layout, spec);
    await gateways.close();
  });

  it('sees every orderer, peer, CA and gateway service up, and refuses a forged token', async () => {
    const expected =
      topology.ordererOrg.orderers.length +
      topology.peerOrgs.reduce((sum, org) => sum + org.peers.length, 0) +
      1 +
      topology.peerOrgs.length +
      1 + // the supervisor
      orgs.length +
      1;
    let seen: Target[] = [];
    for (let i = 0; i < 60; i += 1) {
      seen = await targets();
      if (seen.length === expected && seen.every((t) => t.health !== 'unknown')) break;
      await sleep(1000);
    }
    const down = seen
      .filter((t) => t.health !== 'up')
      .map((t) => `${t.labels.job} ${t.labels.node}: ${t.lastError}`);
    assert.equal(seen.length, expected, 'one target per node and service');
    assert.equal(down.length, 1, `only the forged job is down: ${down.join('; ')}`);
    assert.match(down[0] ?? '', /^gateway-forged .*401/);
  });

  it('records block height per node and the gateway request rate', async () => {
    const ledgerNodes =
      topology.ordererOrg.orderers.length + topology.peerOrgs.reduce((sum, org) => sum + org.peers.length, 0);
    const heights = await (async () => {
      let result: Awaited<ReturnType<typeof query>> = [];
      for (let i = 0; i < 30; i += 1) {
        result = await query(RECORDED.blockHeight);
        if (result.length === ledgerNodes) return result;
        await sleep(1000);
      }
      return result;
    })();
    assert.equal(heights.length, ledgerNodes, 'a height for every orderer and peer');
    const nodes = heights.map((h) => h.metric.node).sort();
    assert.ok(nodes.includes('peer0.gov') && nodes.includes('orderer0'), `heights of ${nodes.join(', ')}`);
    assert.ok(heights.every((h) => Number(h.value[1]) > 0));
    const rates = await (async () => {
      for (let i = 0; i < 30; i += 1) {
        const result = await query(RECORDED.gatewayRequests);
        if (result.length > 0) return result;
        await sleep(1000);
      }
      return [];
    })();
    assert.ok(
      rates.some((r) => r.metric.route === '/metrics'),
      'the scrapes themselves appear in the gateway request rate',
    );
  });
});
