import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InMemoryWorld } from './in-memory-ledger';

const identity = { mspId: 'GovMSP', role: 'auditor', dept: null, uscc: null };
const options = { identity, time: '2026-11-29T06:00:00.000Z' };
const page = { pageSize: 10, bookmark: '' };

describe('in-memory ledger (Fabric semantics)', () => {
  it('does not show a transaction its own writes before commit', async () => {
    const world = new InMemoryWorld();
    const ledger = world.begin(options);
    await ledger.put('k', 'v');
    assert.equal(await ledger.get('k'), undefined);
    ledger.commit();
    assert.equal(await world.begin(options).get('k'), 'v');
  });

  it('keeps only the last event of a transaction', () => {
    const world = new InMemoryWorld();
    const ledger = world.begin(options);
    ledger.setEvent('A', '1');
    ledger.setEvent('B', '2');
    ledger.commit();
    assert.deepEqual(
      world.events.map((event) => event.name),
      ['B'],
    );
  });

  it('refuses paginated queries in a transaction that writes, in either order', async () => {
    const world = new InMemoryWorld();
    const writer = world.begin(options);
    await writer.put('k', 'v');
    await assert.rejects(writer.listPage('x', [], page), /read-only/);
    const reader = world.begin(options);
    await reader.listPage('x', [], page);
    await assert.rejects(reader.put('k', 'v'), /read-only/);
  });

  it('refuses empty values, which Fabric would treat as deletes', async () => {
    await assert.rejects(new InMemoryWorld().begin(options).put('k', ''), /VALIDATION_FAILED/);
  });

  it('pages composite keys in key order with a bookmark', async () => {
    const world = new InMemoryWorld();
    const ledger = world.begin(options);
    for (const id of ['c', 'a', 'b']) {
      await ledger.put(ledger.compositeKey('item', ['x', id]), id);
    }
    ledger.commit();
    const first = await world.begin(options).listPage('item', ['x'], { pageSize: 2, bookmark: '' });
    assert.deepEqual(
      first.items.map((item) => item.value),
      ['a', 'b'],
    );
    const second = await world
      .begin(options)
      .listPage('item', ['x'], { pageSize: 2, bookmark: first.bookmark });
    assert.deepEqual([second.items.map((item) => item.value), second.bookmark], [['c'], '']);
  });
});
