import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { DEFAULT_LIMITS } from './config';
import { ApiError } from './errors/problem';
import { appWith, auth, ledgerWithCatalog, sealedReadAnswer, SHENGHUA, SUNLUX } from './testing/test-app';

const attestBody = {
  uscc: SHENGHUA,
  category: 'TAX_PAYMENT',
  effectiveDate: '2026-01-01',
  record: { paidYuan: 120000, quarter: '2026Q3' },
};

describe('authentication and roles', () => {
  it('answers 401 with a problem without credentials', async () => {
    const app = await appWith(ledgerWithCatalog());

    const response = await app.inject({ method: 'GET', url: '/v1/consents' });

    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(response.json<{ code: string }>().code, 'UNAUTHENTICATED');
  });

  it('answers 401 for an unknown token', async () => {
    const app = await appWith(ledgerWithCatalog());

    const response = await app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: 'Bearer nope' },
    });

    assert.equal(response.statusCode, 401);
  });

  it('serves health alone without a token, and the OpenAPI document and its UI to any identity', async () => {
    const app = await appWith(ledgerWithCatalog());

    const live = await app.inject({ method: 'GET', url: '/health/live' });
    for (const url of ['/openapi.json', '/docs', '/docs/json']) {
      const anonymous = await app.inject({ method: 'GET', url });
      assert.equal(anonymous.statusCode, 401, `${url} without a token`);
      assert.equal(anonymous.json<{ code: string }>().code, 'UNAUTHENTICATED');
    }
    const doc = await app.inject({ method: 'GET', url: '/openapi.json', headers: auth('bank1') });
    const ui = await app.inject({ method: 'GET', url: '/docs/', headers: auth('bank1') });

    assert.equal(live.statusCode, 200);
    assert.equal(ui.statusCode, 200);
    assert.equal(doc.statusCode, 200);
    const openapi = doc.json<{ openapi: string; paths: Record<string, unknown> }>();
    assert.equal(openapi.openapi, '3.0.3');
    assert.ok('/v1/companies/{uscc}/profile-reads' in openapi.paths);
  });

  it('reports readiness from the peer connections', async () => {
    const ledger = ledgerWithCatalog();
    const app = await appWith(ledger);
    ledger.ready = false;

    const response = await app.inject({ method: 'GET', url: '/health/ready' });

    assert.equal(response.statusCode, 503);
    assert.equal(response.json<{ status: string }>().status, 'not-ready');
  });

  it('answers an unreachable peer with 503 and Retry-After, and a refusal without one', async () => {
    const ledger = ledgerWithCatalog().on('attestation:Attest', () => {
      throw new ApiError('LEDGER_UNAVAILABLE', 'the peer is not reachable');
    });
    const app = await appWith(ledger);
    const post = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/v1/attestations', headers, payload: attestBody });

    const unavailable = await post({ ...auth('tax'), 'idempotency-key': 'req-00000503' });
    const refused = await post(auth('bank1'));

    assert.equal(unavailable.statusCode, 503);
    assert.equal(unavailable.json<{ code: string }>().code, 'LEDGER_UNAVAILABLE');
    assert.equal(unavailable.headers['retry-after'], '2');
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.headers['retry-after'], undefined);
  });

  it('refuses a wrong role with 403 before any ledger call', async () => {
    const ledger = ledgerWithCatalog();
    const app = await appWith(ledger);

    const response = await app.inject({
      method: 'POST',
      url: '/v1/attestations',
      headers: auth('bank1'),
      payload: attestBody,
    });

    assert.equal(response.statusCode, 403);
    assert.equal(response.json<{ code: string }>().code, 'FORBIDDEN');
    assert.equal(ledger.calls.length, 0);
  });

  it('serves metrics to operators and auditors only', async () => {
    const app = await appWith(ledgerWithCatalog());

    const anonymous = await app.inject({ method: 'GET', url: '/metrics' });
    const refused = await Promise.all(
      (['bank1', 'tax', 'shenghua'] as const).map((who) =>
        app.inject({ method: 'GET', url: '/metrics', headers: auth(who) }),
      ),
    );
    const auditor = await app.inject({ method: 'GET', url: '/metrics', headers: auth('auditor') });
    const operator = await app.inject({ method: 'GET', url: '/metrics', headers: auth('operator') });

    assert.equal(anonymous.statusCode, 401);
    assert.deepEqual(
      refused.map((response) => response.statusCode),
      [403, 403, 403],
    );
    assert.equal(auditor.statusCode, 200);
    assert.equal(operator.statusCode, 200);
    assert.match(operator.body, /gateway_http_requests_total/);
  });

  it('tells anonymous callers only whether the service is ready, and operators and auditors which peer is not', async () => {
    const ledger = ledgerWithCatalog();
    const app = await appWith(ledger);
    ledger.ready = false;

    const anonymous = await app.inject({ method: 'GET', url: '/health/ready' });
    const bank = await app.inject({ method: 'GET', url: '/health/ready', headers: auth('bank1') });
    const auditor = await app.inject({ method: 'GET', url: '/health/ready', headers: auth('auditor') });
    const operator = await app.inject({ method: 'GET', url: '/health/ready', headers: auth('operator') });
    const badToken = await app.inject({
      method: 'GET',
      url: '/health/ready',
      headers: { authorization: 'Bearer nope' },
    });

    assert.equal(anonymous.statusCode, 503);
    assert.deepEqual(anonymous.json(), { status: 'not-ready' });
    assert.deepEqual(bank.json(), { status: 'not-ready' });
    for (const detailed of [auditor, operator]) {
      assert.equal(detailed.statusCode, 503);
      const peers = detailed.json<{ peers: { endpoint: string; state: string }[] }>().peers;
      assert.deepEqual(peers, [{ org: 'gov', endpoint: '127.0.0.1:7051', state: 'TRANSIENT_FAILURE' }]);
    }
    assert.equal(badToken.statusCode, 401);
  });

  it('limits requests per token with 429 problem JSON and Retry-After, leaving other tokens alone', async () => {
    const app = await appWith(ledgerWithCatalog(), {
      limits: { ...DEFAULT_LIMITS, rateLimitPerMinute: 3 },
    });
    const me = (who: 'bank1' | 'bank2') => app.inject({ method: 'GET', url: '/v1/me', headers: auth(who) });

    const allowed = [await me('bank1'), await me('bank1'), await me('bank1')];
    const limited = await me('bank1');
    const other = await me('bank2');

    assert.deepEqual(
      allowed.map((response) => response.statusCode),
      [200, 200, 200],
    );
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(limited.json<{ code: string }>().code, 'RATE_LIMITED');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal(other.statusCode, 200);
  });
});

describe('attestation routes', () => {
  it('sends the raw record and a generated salt as transient data, with the idempotency key as request id', async () => {
    const ledger = ledgerWithCatalog();
    const app = await appWith(ledger);

    const response = await app.inject({
      method: 'POST',
      url: '/v1/attestations',
      headers: { ...auth('tax'), 'idempotency-key': 'req-00000001' },
      payload: attestBody,
    });

    assert.equal(response.statusCode, 201);
    const body = response.json<{
      salt: string;
      txId: string;
      blockNumber: string;
      attestation: { hash: string };
    }>();
    assert.match(body.salt, /^[0-9a-f]{64}$/);
    assert.equal(body.attestation.hash, 'f'.repeat(64));
    const call = ledger.lastCall('attestation:Attest');
    assert.equal(call?.kind, 'submit');
    assert.deepEqual(JSON.parse(call?.transient?.record ?? ''), attestBody.record);
    assert.equal(call?.transient?.salt, body.salt);
    const args = JSON.parse(call?.args?.[0] ?? '{}') as Record<string, unknown>;
    assert.equal(args.requestId, 'req-00000001');
    assert.equal(args.schemaVersion, 2, 'defaults to the catalog schema version');
    assert.ok(!(call?.args?.[0] ?? '').includes('120000'), 'raw data never in arguments');
  });

  it('derives the same salt when a request is retried with its idempotency key, and a new one otherwise', async () => {
    const ledger = ledgerWithCatalog();
    const app = await appWith(ledger);
    const send = async (key: string): Promise<string> => {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/attestations',
        headers: { ...auth('tax'), 'idempotency-key': key },
        payload: attestBody,
      });
      return response.json<{ salt: string }>().salt;
    };

    const first = await send('req-retry-0001');
    const retry = await send('req-retry-0001');
    const other = await send('req-other-0002');

    assert.equal(retry, first, 'the chaincode sees an identical request and replays its first result');
    assert.notEqual(other, first);
  });

  it('answers 400 naming the missing field of a malformed body', async () => {
    const app = await appWith(ledgerWithCatalog());
    const body: Partial<typeof attestBody> = { ...attestBody };
    delete body.effectiveDate;

    const response = await app.inject({
      method: 'POST',
      url: '/v1/attestations',
      headers: auth('tax'),
      payload: body,
    });

    assert.equal(response.statusCode, 400);
    const problem = response.json<{ code: string; field: string }>();
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.equal(problem.field, '/effectiveDate');
  });

  it('answers 400 INVALID_USCC for a code with a wrong check character', async () => {
    const ledger = ledgerWithCatalog();
    const app = await appWith(ledger);

    const response = await app.inject({
      method: 'POST',
      url: '/v1/attestations',
      headers: auth('tax'),
      payload: { ...attestBody, uscc: '91441300MA4UQ7R20A' },
    });

    assert.equal(response.statusCode, 400);
    const problem = response.json<{ code: string; field: string; detail: string }>();
    assert.equal(problem.code, 'INVALID_USCC');
    assert.equal(problem.field, '/uscc');
    assert.match(problem.detail, /check character/);
    assert.equal(ledger.lastCall('attestation:Attest'), undefined);
  });

  it('answers 400 UNKNOWN_CATEGORY naming the field', async () => {
    const app = await appWith(ledgerWithCatalog());

    const response = await app.inject({
      method: 'POST',
      url: '/v1/attestations',
      headers: auth('tax'),
      payload: { ...attestBody, category: 'NO_SUCH_THING' },
    });

    assert.equal(response.statusCode, 400);
    assert.deepEqual(
      (({ code, field }) => ({ code, field }))(response.json<{ code: string; field: string }>()),
      { code: 'UNKNOWN_CATEGORY', field: '/category' },
    );
  });

  it('answers 400 LIMIT_EXCEEDED for an oversized batch and names the bad item of a batch', async () => {
    const app = await appWith(ledgerWithCatalog());
    const items = Array.from({ length: 501 }, () => attestBody);

    const oversized = await app.inject({
      method: 'POST',
      url: '/v1/attestations/batch',
      headers: auth('tax'),
      payload: { items },
    });
    const badItem = await app.inject({
      method: 'POST',
      url: '/v1/attestations/batch',
      headers: auth('tax'),
      payload: { items: [attestBody, { ...attestBody, uscc: 'SHORT' }] },
    });

    assert.equal(oversized.statusCode, 400);
    assert.equal(oversized.json<{ code: string }>().code, 'LIMIT_EXCEEDED');
    assert.equal(oversized.json<{ field: string }>().field, '/items');
    assert.equal(badItem.statusCode, 400);
    assert.equal(badItem.json<{ field: string }>().field, '/items/1/uscc');
  });

  it('answers 404 NOT_FOUND for an unknown company', async () => {
    const app = await appWith(ledgerWithCatalog());

    const known = await app.inject({
      method: 'GET',
      url: `/v1/companies/${SHENGHUA}`,
      headers: auth('auditor'),
    });
    const unknown = await app.inject({
      method: 'GET',
      url: `/v1/companies/${SUNLUX}`,
      headers: auth('auditor'),
    });

    assert.equal(known.statusCode, 200);
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json<{ code: string }>().code, 'NOT_FOUND');
  });

  it('answers 404 with a problem for an unknown endpoint', async () => {
    const app = await appWith(ledgerWithCatalog());

    const response = await app.inject({ method: 'GET', url: '/v1/nothing', headers: auth('auditor') });

    assert.equal(response.statusCode, 404);
    assert.equal(response.json<{ code: string }>().code, 'ROUTE_NOT_FOUND');
  });
});

describe('consent and profile routes', () => {
  const readBody = { consentId: 'c-1', purpose: 'supply-chain', categories: ['TAX_PAYMENT'] };

  it('answers 403 with the chaincode code when the consent does not allow the read', async () => {
    const ledger = ledgerWithCatalog()
      .on('access:CurrentVersions', () => {
        throw new ApiError('CONSENT_REVOKED', 'consent c-1 was revoked');
      })
      .on('access:RecordAccess', () => ({
        access: {
          accessId: 'x1',
          outcome: 'refused' as const,
          refusalCode: 'CONSENT_REVOKED',
          refusalDetail: 'consent c-1 was revoked',
          recordedAt: '2026-11-29T05:00:00Z',
        },
      }));
    const app = await appWith(ledger);

    const response = await app.inject({
      method: 'POST',
      url: `/v1/companies/${SHENGHUA}/profile-reads`,
      headers: auth('bank2'),
      payload: readBody,
    });

    assert.equal(response.statusCode, 403);
    const problem = response.json<{ code: string; txId: string; detail: string }>();
    assert.equal(problem.code, 'CONSENT_REVOKED');
    assert.equal(problem.detail, 'consent c-1 was revoked');
    assert.ok(problem.txId, 'refused attempt is on chain');
    const recorded = JSON.parse(ledger.lastCall('access:RecordAccess')?.args?.[0] ?? '{}') as object;
    assert.equal('versions' in recorded, false, 'a refused attempt is recorded without versions');
    assert.equal(ledger.lastCall('access:ReadAuthorizedRecords'), undefined);
  });

  it('answers 403 with the chaincode code the ledger raised for a consent request', async () => {
    const ledger = ledgerWithCatalog().on('consent:GrantConsent', () => {
      throw new ApiError('CONSENT_NOT_ACTIVE', 'consent c-1 is not pending');
    });
    const app = await appWith(ledger);

    const response = await app.inject({
      method: 'POST',
      url: '/v1/consents',
      headers: auth('shenghua'),
      payload: {
        bankMspId: 'Bank1MSP',
        categories: ['TAX_PAYMENT'],
        purpose: 'supply-chain',
        validFrom: '2026-11-29T00:00:00Z',
        validUntil: '2027-11-29T00:00:00Z',
      },
    });

    assert.equal(response.statusCode, 403);
    assert.equal(response.json<{ code: string }>().code, 'CONSENT_NOT_ACTIVE');
    const args = JSON.parse(ledger.lastCall('consent:GrantConsent')?.args?.[0] ?? '{}') as { uscc: string };
    assert.equal(args.uscc, SHENGHUA, 'the company acts for the USCC in its certificate');
  });

  it('returns each record with its salt and a ledger proof, read on the record-holding peer', async () => {
    const ledger = ledgerWithCatalog()
      .on('access:RecordAccess', () => ({
        access: {
          accessId: 'x2',
          outcome: 'granted' as const,
          recordedAt: '2026-11-29T05:00:01Z',
        },
      }))
      .on('access:ReadAuthorizedRecords', (_request, call) => sealedReadAnswer(call));
    const app = await appWith(ledger);

    const response = await app.inject({
      method: 'POST',
      url: `/v1/companies/${SHENGHUA}/profile-reads`,
      headers: auth('bank1'),
      payload: readBody,
    });

    assert.equal(response.statusCode, 200);
    const body = response.json<{
      accessId: string;
      categories: {
        record: unknown;
        salt: string;
        proof: { txId: string; blockNumber: string; hash: string };
      }[];
    }>();
    assert.equal(body.accessId, 'x2');
    assert.deepEqual(body.categories[0]?.record, { paidYuan: 1 });
    assert.equal(body.categories[0]?.proof.txId, 'abc123');
    assert.equal(body.categories[0]?.proof.blockNumber, '6');
    assert.equal(ledger.lastCall('access:ReadAuthorizedRecords')?.onRecordHolders, true);
    assert.equal(ledger.lastCall('access:ReadAuthorizedRecords')?.kind, 'evaluate');
    const recorded = JSON.parse(ledger.lastCall('access:RecordAccess')?.args?.[0] ?? '{}') as object;
    assert.deepEqual((recorded as { versions?: object }).versions, { TAX_PAYMENT: 1 });
    assert.equal(body.categories[0]?.salt, 's'.repeat(32));
  });

  it('lists the consents granted to the calling bank only', async () => {
    const ledger = ledgerWithCatalog().on('consent:ListConsentsByBank', (request) => ({
      items: [{ consentId: 'c', bankMspId: request.bankMspId }],
      bookmark: '',
    }));
    const app = await appWith(ledger);

    const response = await app.inject({
      method: 'GET',
      url: '/v1/consents?bankMspId=Bank2MSP',
      headers: auth('bank1'),
    });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { items: [{ consentId: 'c', bankMspId: 'Bank1MSP' }], bookmark: '' });
  });
});
