/**
 * The network's supervisor: one detached process, started by `network:up` and stopped first by
 * `network:down`. Every second it looks at each process of the instance that has a pid file (one started
 * and not stopped on purpose: stopping removes the pid file before the signal) and starts again any that is
 * gone, with back-off (supervision.ts). Restarts go to the supervisor's log, to `supervisor-state.json`
 * (read by `network:status`) and to Prometheus metrics on the topology's supervisor port.
 *
 *   node scripts/dist/network/supervisor.js   (SME_DATA_DIR and SME_PORT_OFFSET as for the network CLI)
 */
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { Counter, Gauge, Registry } from 'prom-client';
import { channelTopology } from './channel-members';
import { layoutFromEnv } from './layout';
import { allSpecs, gatewaySpecs, type Network } from './network';
import { hasPidFile, processState, startProcess } from './processes';
import { SnapshotScheduler } from './snapshot-schedule';
import { afterDeath, afterRestart, type RestartRecord } from './supervision';
import { supervisorStateFile } from './supervisor-state';

const TICK_MS = 1000;
// Keeps a periodic snapshot request pending on each peer (snapshot-schedule.ts); cheap: one metrics read per peer.
const SNAPSHOT_ROUND_MS = 30_000;

function main(): void {
  const layout = layoutFromEnv();
  // The channel's members only (channel-members.ts); add-org and remove-org restart the supervisor.
  const topology = channelTopology(layout);
  const log = (message: string): void => console.log(`${new Date().toISOString()} ${message}`);
  const network: Network = { topology, layout, log };
  const records = new Map<string, RestartRecord>();

  const registry = new Registry();
  const restarts = new Counter({
    name: 'supervisor_restarts_total',
    help: 'Processes of the network the supervisor started again after they died',
    labelNames: ['process', 'kind'] as const,
    registers: [registry],
  });
  const up = new Gauge({
    name: 'supervisor_process_up',
    help: '1 while a supervised process runs, 0 while it is dead and waits for its restart',
    labelNames: ['process', 'kind'] as const,
    registers: [registry],
  });

  let written = '';
  const tick = (): void => {
    const now = Date.now();
    // Re-read every time: a deployment switches the chaincode servers' slot and package.
    for (const spec of [...allSpecs(network), ...gatewaySpecs(network)]) {
      if (!hasPidFile(layout, spec.name)) {
        up.remove(spec.name, spec.kind);
        continue;
      }
      const labels = { process: spec.name, kind: spec.kind };
      if (processState(layout, spec).running) {
        up.set(labels, 1);
        continue;
      }
      up.set(labels, 0);
      let record = records.get(spec.name);
      if (record?.nextStartAt === undefined) {
        record = afterDeath(record, now, topology.supervisor.maxBackoffSeconds);
        records.set(spec.name, record);
        log(`${spec.name} died; restarting in ${Math.round(((record.nextStartAt ?? now) - now) / 1000)} s`);
      }
      if ((record.nextStartAt ?? now) <= now) {
        startProcess(layout, spec);
        records.set(spec.name, afterRestart(record, now));
        restarts.inc(labels);
        log(`${spec.name} restarted (restart ${record.restarts + 1})`);
      }
    }
    // Written only when it changed: the loop runs every second, restarts are rare.
    const state = JSON.stringify(Object.fromEntries(records), null, 2);
    if (state !== written) {
      writeFileSync(supervisorStateFile(layout), state);
      written = state;
    }
  };

  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  server.listen(topology.supervisor.opsPort, '127.0.0.1', () => {
    log(
      `supervising ${allSpecs(network).length} network processes and any gateway service started by \`gateways up\`; metrics on 127.0.0.1:${topology.supervisor.opsPort}`,
    );
  });
  const timer = setInterval(() => {
    try {
      tick();
    } catch (error) {
      log(`supervision round failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }, TICK_MS);
  const snapshots = new SnapshotScheduler(topology, layout, log);
  const snapshotTimer = setInterval(() => {
    snapshots.round().catch((error: unknown) => {
      log(`snapshot round failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }, SNAPSHOT_ROUND_MS);
  const stop = (): void => {
    clearInterval(snapshotTimer);
    clearInterval(timer);
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
