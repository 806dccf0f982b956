import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { appWith, auth, ledgerWithCatalog, SHENGHUA } from '../testing/test-app';

const FROM = '2026-11-01T00:00:00.000Z';
const TO = '2026-12-01T00:00:00.000Z';

async function accessLog(query: string) {
  const ledger = ledgerWithCatalog()
    .on('audit:ListAccessByCompany', () => ({ items: [], bookmark: '' }))
    .on('audit:ListAccessByTimeRange', () => ({ items: [], bookmark: '' }));
  const app = await appWith(ledger);
  const response = await app.inject({ method: 'GET', url: `/v1/access?${query}`, headers: auth('auditor') });
  const listed = ledger.calls.filter((call) => call.transaction.startsWith('audit:ListAccess'));
  return { response, listed };
}

describe('access log filters', () => {
  it('lists by company or by time range through the matching index', async () => {
    const byCompany = await accessLog(`uscc=${SHENGHUA}`);
    const byTime = await accessLog(`from=${FROM}&to=${TO}`);
    assert.equal(byCompany.response.statusCode, 200);
    assert.deepEqual(
      byCompany.listed.map((call) => call.transaction),
      ['audit:ListAccessByCompany'],
    );
    assert.equal(byTime.response.statusCode, 200);
    assert.deepEqual(
      byTime.listed.map((call) => call.transaction),
      ['audit:ListAccessByTimeRange'],
    );
  });

  it('refuses a company filter combined with a time range instead of ignoring the range', async () => {
    const { response, listed } = await accessLog(`uscc=${SHENGHUA}&from=${FROM}&to=${TO}`);
    assert.equal(response.statusCode, 400);
    const problem = response.json<{ code: string; field: string; detail: string }>();
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.equal(problem.field, '/from');
    assert.match(problem.detail, /one of uscc, bankMspId, or from and to/);
    assert.deepEqual(listed, [], 'nothing is read from the ledger');
  });

  it('names the missing end of a half-open time range', async () => {
    const { response, listed } = await accessLog(`from=${FROM}`);
    assert.equal(response.statusCode, 400);
    assert.equal(response.json<{ field: string }>().field, '/to');
    assert.deepEqual(listed, []);
  });
});
