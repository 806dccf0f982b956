/**
 * `npm run monitoring:up` / `monitoring:down`: Prometheus (Debian's package) scraping every node of the
 * network and every gateway service, with the project's recording rules; the UI at
 * http://127.0.0.1:9090 (plus SME_PORT_OFFSET).
 */
import { loadConfig } from '@sme-credit-ledger/gateway/config';
import { serviceOrgs, servicePort } from '@sme-credit-ledger/gateway/org-ports';
import { TokenStore } from '@sme-credit-ledger/gateway/token-store';
import { layoutFromEnv, portOffsetFromEnv, repoRoot } from '@sme-credit-ledger/scripts/layout';
import { processState } from '@sme-credit-ledger/scripts/processes';
import { loadTopology } from '@sme-credit-ledger/scripts/topology';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  ensurePrometheus,
  prometheusFiles,
  prometheusSpec,
  startPrometheus,
  stopPrometheus,
  writePrometheusFiles,
} from './prometheus';
import { grafanaDashboard } from './grafana-dashboard';
import { rulesFile } from './recording-rules';
import { renewScrapeToken } from './scrape-token';
import { scrapeConfig, type GatewayTarget } from './scrape-config';

const BASE_PORT = 9090;
const log = (line: string): void => console.log(`[monitoring] ${line}`);

/** Each organization's service, with a scrape token of its own (scrape-token.ts). */
async function gatewayTargets(dir: string, offset: number): Promise<GatewayTarget[]> {
  const orgs = serviceOrgs(repoRoot);
  const targets: GatewayTarget[] = [];
  for (const org of orgs) {
    const config = loadConfig({ ...process.env, SME_GATEWAY_ORG: org });
    const store = await TokenStore.open(config.tokensPath, { lifetimes: config.tokenLifetimes, org });
    const tokenFile = join(dir, 'tokens', org);
    await renewScrapeToken(store, tokenFile);
    const port = servicePort(orgs, org, offset);
    if (port !== undefined) targets.push({ org, port, tokenFile });
  }
  return targets;
}

async function main(command: string | undefined): Promise<number> {
  const layout = layoutFromEnv();
  const offset = portOffsetFromEnv();
  const topology = loadTopology(layout.topologyFile, offset);
  const files = prometheusFiles(join(dirname(layout.root), 'monitoring'));
  const port = BASE_PORT + offset;
  const spec = prometheusSpec(files, port);
  switch (command) {
    case 'up': {
      ensurePrometheus(log);
      const gateways = await gatewayTargets(files.dir, offset);
      writePrometheusFiles(
        files,
        scrapeConfig(topology, { gateways, rulesFile: files.rules, intervalSeconds: 5 }),
        rulesFile(),
      );
      await startPrometheus(layout, spec);
      log(`Prometheus at http://127.0.0.1:${port}/targets (config ${files.config})`);
      const dashboard = join(files.dir, 'grafana-dashboard.json');
      writeFileSync(dashboard, `${JSON.stringify(grafanaDashboard(), null, 2)}\n`);
      log(`Grafana users: import ${dashboard} and choose that Prometheus as its data source`);
      return 0;
    }
    case 'down':
      log((await stopPrometheus(layout, spec)) ? 'Prometheus stopped' : 'Prometheus was not running');
      return 0;
    case 'status':
      log(processState(layout, spec).running ? `up at http://127.0.0.1:${port}` : 'down');
      return 0;
    default:
      console.error('usage: node tools/dist/monitoring/monitoring-cli.js up|down|status');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[monitoring] error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
