import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { InMemoryWorld, scanLikePeer } from './in-memory-ledger';
import { partialKeyRange } from './key-range';

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

  it('scans like the peer: a raw bookmark replaces the start key and only the end key bounds the scan', () => {
    const state = new Map([
      ['\u0000consentByBank\u0000Bank1MSP\u0000c1\u0000', 'bank1'],
      ['\u0000consentByCompany\u0000A\u0000c1\u0000', 'company A'],
      ['\u0000consentByCompany\u0000B\u0000c2\u0000', 'company B'],
    ]);
    const companyB = partialKeyRange('\u0000consentByCompany\u0000B\u0000');

    const escaped = scanLikePeer(state, companyB, 10, '\u0000consentByBank\u0000');

    assert.deepEqual(
      escaped.items.map((item) => item.value),
      ['bank1', 'company A', 'company B'],
    );
    assert.throws(() => scanLikePeer(state, companyB, 10, '\u0001'), /peer crash/);
  });

  it('orders keys by their UTF-8 bytes, as LevelDB does', () => {
    const state = new Map([
      ['k\u{10000}', 'astral'],
      ['k\uFFFD', 'bmp'],
    ]);
    const page = scanLikePeer(state, { start: 'k', end: 'l' }, 10, '');
    assert.deepEqual(
      page.items.map((item) => item.value),
      ['bmp', 'astral'],
    );
  });

  it('refuses a caller-chosen key as a bookmark instead of scanning from it', async () => {
    const world = new InMemoryWorld();
    const ledger = world.begin(options);
    await ledger.put(ledger.compositeKey('item', ['a', '1']), 'a1');
    await ledger.put(ledger.compositeKey('item', ['b', '1']), 'b1');
    ledger.commit();

    await assert.rejects(
      world.begin(options).listPage('item', ['b'], { pageSize: 10, bookmark: '\u0000item\u0000a' }),
      /VALIDATION_FAILED: bookmark/,
    );
    await assert.rejects(
      world.begin(options).listRangePage('r|1', 'r|2', { pageSize: 10, bookmark: '\u0000item\u0000' }),
      /VALIDATION_FAILED: bookmark/,
    );
  });
});
