import { loadTopology } from '@sme-credit-ledger/scripts/topology';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { grafanaDashboard } from './grafana-dashboard';
import { RECORDED, RECORDING_RULES } from './recording-rules';
import { scrapeConfig } from './scrape-config';

const topologyFile = join(__dirname, '..', '..', '..', 'network', 'topology.json');

interface Job {
  job_name: string;
  static_configs: { targets: string[]; labels: Record<string, string> }[];
  authorization?: { credentials_file: string };
}

describe('Prometheus scrape configuration', () => {
  it('scrapes every node of the topology once, shifted by the port offset, labelled by org and node', () => {
    const topology = loadTopology(topologyFile, 500);
    const config = scrapeConfig(topology, { gateways: [], rulesFile: 'rules.yml', intervalSeconds: 5 });
    const jobs = config.scrape_configs as Job[];
    const targets = jobs.flatMap((job) => job.static_configs.flatMap((c) => c.targets));
    const peers = topology.peerOrgs.flatMap((org) => org.peers);
    const expected = [
      ...topology.ordererOrg.orderers.map((o) => o.opsPort),
      ...peers.map((p) => p.opsPort),
      topology.ordererOrg.ca.opsPort,
      ...topology.peerOrgs.map((org) => org.ca.opsPort),
      topology.supervisor.opsPort,
    ].map((port) => `127.0.0.1:${port}`);
    assert.deepEqual([...targets].sort(), [...expected].sort());
    assert.equal(new Set(targets).size, targets.length, 'no target twice');
    const unshifted = loadTopology(topologyFile, 0);
    assert.equal(topology.ordererOrg.orderers[0]!.opsPort, unshifted.ordererOrg.orderers[0]!.opsPort + 500);
    for (const job of jobs) {
      for (const group of job.static_configs) {
        assert.ok(group.labels.org && group.labels.node, `${job.job_name} targets carry org and node`);
      }
    }
  });

  it('gives each gateway service a job of its own with that service’s token file', () => {
    const topology = loadTopology(topologyFile, 0);
    const config = scrapeConfig(topology, {
      gateways: [
        { org: 'gov', port: 3000, tokenFile: '/t/gov' },
        { org: 'bank1', port: 3001, tokenFile: '/t/bank1' },
      ],
      rulesFile: 'rules.yml',
      intervalSeconds: 5,
    });
    const gateways = (config.scrape_configs as Job[]).filter((job) => job.job_name.startsWith('gateway-'));
    assert.deepEqual(
      gateways.map((job) => [
        job.job_name,
        job.static_configs[0]?.targets[0],
        job.authorization?.credentials_file,
      ]),
      [
        ['gateway-gov', '127.0.0.1:3000', '/t/gov'],
        ['gateway-bank1', '127.0.0.1:3001', '/t/bank1'],
      ],
    );
  });
});

describe('recording rules and dashboard', () => {
  it('records every series the dashboard plots, and the dashboard plots only recorded series', () => {
    const recorded = new Set<string>(RECORDING_RULES.map((rule) => rule.record));
    assert.deepEqual(recorded, new Set<string>(Object.values(RECORDED)));
    const panels = grafanaDashboard().panels as { targets: { expr: string }[] }[];
    const used = new Set<string>();
    for (const panel of panels) {
      for (const target of panel.targets) {
        const names = target.expr.match(/sme:[a-z0-9_:]+/g) ?? [];
        assert.ok(names.length > 0, `panel expression ${target.expr} uses a recorded series`);
        for (const name of names) {
          assert.ok(recorded.has(name), `${name} is recorded`);
          used.add(name);
        }
      }
    }
    assert.deepEqual(used, recorded, 'every recorded series is on the dashboard');
  });
});
