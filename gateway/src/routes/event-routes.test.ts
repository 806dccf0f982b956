import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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

  it('refuses companies with 403 and a malformed Last-Event-ID with 400', async () => {
    const app = await appWith(ledgerWithCatalog());

    const company = await app.inject({ method: 'GET', url: '/v1/events', headers: auth('shenghua') });
    const malformed = await app.inject({
      method: 'GET',
      url: '/v1/events',
      headers: { ...auth('auditor'), 'last-event-id': 'garbage' },
    });

    assert.equal(company.statusCode, 403);
    assert.equal(malformed.statusCode, 400);
  });
});
