import assert from 'node:assert/strict';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureNetwork, networkCliOk, networkStatus, type ProcessRow } from './support/network-cli';
import { peerOrgs } from './support/topology';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(300_000);

// The gateway services run as processes of the network (`gateways up`): one killed with SIGKILL is started
// again by the supervisor, which network:status and the supervisor's metrics show.
describe('gateway services under the network supervisor', () => {
  const gatewayRows = async (): Promise<ProcessRow[]> =>
    (await networkStatus()).filter((row) => row.kind === 'gateway');

  beforeAll(async () => {
    await ensureNetwork();
    await networkCliOk(['gateways', 'up']);
  });

  afterAll(async () => {
    await networkCliOk(['gateways', 'down']);
  });

  it('lists one service per organization, each up', async () => {
    const rows = await gatewayRows();
    assert.deepEqual(
      rows.map((row) => [row.name, row.up]),
      peerOrgs.map((org) => [`gateway.${org.key}`, true]),
    );
  });

  it('restarts a killed service with back-off, counted in status and in the metrics', async () => {
    const before = (await gatewayRows())[0];
    assert.ok(before?.pid !== undefined && before.ports[0] !== undefined);
    process.kill(before.pid, 'SIGKILL');

    let after: ProcessRow | undefined;
    for (let attempt = 0; attempt < 60; attempt++) {
      await sleep(500);
      after = (await gatewayRows()).find((row) => row.name === before.name);
      if (after?.up === true && after.pid !== before.pid) break;
    }
    assert.ok(after?.up === true && after.pid !== before.pid, JSON.stringify(after));
    assert.equal(after.restarts, before.restarts + 1);
    let live = 0;
    for (let attempt = 0; attempt < 60 && live !== 200; attempt++) {
      live = await fetch(`http://127.0.0.1:${before.ports[0]}/health/live`).then(
        (response) => response.status,
        () => 0,
      );
      if (live !== 200) await sleep(500);
    }
    assert.equal(live, 200, 'the restarted service answers');
    const supervisor = (await networkStatus()).find((row) => row.kind === 'supervisor');
    const metrics = await (await fetch(`http://127.0.0.1:${supervisor?.ports[0]}/metrics`)).text();
    assert.match(
      metrics,
      new RegExp(`supervisor_restarts_total\\{process="${before.name}",kind="gateway"\\} [1-9]`),
    );
  });
});
