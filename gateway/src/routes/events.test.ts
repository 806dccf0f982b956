import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { DEFAULT_LIMITS } from '../config';
import { appWith, auth, ledgerWithCatalog, SHENGHUA } from '../testing/test-app';

describe('event stream', () => {
  it('streams consent and access events for the bank with resumable ids and acknowledges every event', async () => {
    const ledger = ledgerWithCatalog();
    const event = (blockNumber: bigint, txId: string, name: string, payload: object) => ({
      blockNumber,
      txId,
      name,
      payload: Buffer.from(JSON.stringify(payload)),
    });
    ledger.events = [
      event(5n, 'aa', 'ConsentChanged', { consentId: 'c1', bankMspId: 'Bank1MSP' }),
      event(5n, 'bb', 'AttestationRecorded', { uscc: SHENGHUA }),
      event(6n, 'cc', 'AccessRecorded', { accessId: 'x', bankMspId: 'Bank2MSP' }),
      event(7n, 'dd', 'AccessRecorded', { accessId: 'y', bankMspId: 'Bank1MSP' }),
    ];
    const app = await appWith(ledger);

    const response = await app.inject({
      method: 'GET',
      url: '/v1/events?stream=risk',
      headers: { ...auth('bank1'), 'last-event-id': '4:ff' },
    });

    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /text\/event-stream/);
    const ids = [...response.body.matchAll(/^id: (.+)$/gm)].map((match) => match[1]);
    assert.deepEqual(ids, ['5:aa', '7:dd']);
    const followed = ledger.followed[0];
    assert.deepEqual(
      'after' in (followed?.from ?? {}) ? (followed?.from as { after: unknown }).after : undefined,
      {
        blockNumber: 4n,
        txId: 'ff',
      },
    );
    assert.equal(followed?.acknowledged.length, 4, 'skipped events are acknowledged too');
  });

  it('refuses operator tokens with 403 and a malformed Last-Event-ID with 400', async () => {
    const app = await appWith(ledgerWithCatalog());

    const operator = await app.inject({ method: 'GET', url: '/v1/events', headers: auth('operator') });
    const malformed = await app.inject({
      method: 'GET',
      url: '/v1/events',
      headers: { ...auth('auditor'), 'last-event-id': 'garbage' },
    });

    assert.equal(operator.statusCode, 403);
    assert.equal(malformed.statusCode, 400);
  });

  it('delivers only events whose payload names the calling bank, and drops unknown names and malformed payloads', async () => {
    const ledger = ledgerWithCatalog();
    const raw = (blockNumber: bigint, txId: string, name: string, payload: string) => ({
      blockNumber,
      txId,
      name,
      payload: Buffer.from(payload),
    });
    ledger.events = [
      raw(5n, 'a1', 'ConsentChanged', JSON.stringify({ consentId: 'mine', bankMspId: 'Bank1MSP' })),
      raw(5n, 'a2', 'ConsentChanged', JSON.stringify({ consentId: 'no-bank', uscc: SHENGHUA })),
      raw(6n, 'a3', 'AccessRecorded', 'not json'),
      raw(6n, 'a4', 'AccessRecorded', JSON.stringify({ accessId: 'odd', bankMspId: ['Bank1MSP'] })),
      raw(7n, 'a5', 'ConsentChanged', 'null'),
      raw(7n, 'a6', 'SomethingNew', JSON.stringify({ bankMspId: 'Bank1MSP' })),
      raw(8n, 'a7', 'AccessRecorded', JSON.stringify({ accessId: 'x', bankMspId: 'Bank1MSP' })),
      raw(8n, 'a8', 'ConsentChanged', JSON.stringify({ consentId: 'theirs', bankMspId: 'Bank2MSP' })),
    ];
    const app = await appWith(ledger);

    const bank = await app.inject({ method: 'GET', url: '/v1/events', headers: auth('bank1') });
    const auditor = await app.inject({ method: 'GET', url: '/v1/events', headers: auth('auditor') });

    const ids = (body: string) => [...body.matchAll(/^id: (.+)$/gm)].map((match) => match[1]);
    assert.deepEqual(ids(bank.body), ['5:a1', '8:a7']);
    assert.deepEqual(ids(auditor.body), ['5:a1', '8:a7', '8:a8']);
  });

  it('caps concurrent streams and history replays per identity with 429', async () => {
    const ledger = ledgerWithCatalog();
    ledger.holdStreamsOpen = true;
    const app = await appWith(ledger, {
      limits: { ...DEFAULT_LIMITS, maxStreamsPerIdentity: 2, maxReplaysPerIdentity: 1 },
    });
    const open = (who: 'bank1' | 'bank2', query = '') =>
      app.inject({ method: 'GET', url: `/v1/events${query}`, headers: auth(who) });
    const opened = async (count: number) => {
      while (ledger.followed.length < count) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    };

    const streams = [open('bank1', '?startBlock=0')];
    await opened(1);
    const secondReplay = await open('bank1', '?startBlock=0&stream=other');
    streams.push(open('bank1', '?stream=live'));
    await opened(2);
    const third = await open('bank1', '?stream=third');
    streams.push(open('bank2', '?startBlock=0'));
    await opened(3);

    assert.equal(secondReplay.statusCode, 429);
    assert.equal(secondReplay.json<{ code: string }>().code, 'RATE_LIMITED');
    assert.equal(third.statusCode, 429);
    await app.close();
    const ended = await Promise.all(streams);
    assert.deepEqual(
      ended.map((response) => response.statusCode),
      [200, 200, 200],
    );
  });
});
