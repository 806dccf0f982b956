import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors/problem';
import { appWith, auth, ledgerWithCatalog, sealedReadAnswer, SHENGHUA } from '../testing/test-app';

describe('a bank’s profile read right after the company consented', () => {
  const readBody = { consentId: 'c-1', purpose: 'supply-chain', categories: ['TAX_PAYMENT'] };
  const readProfile = (app: Awaited<ReturnType<typeof appWith>>) =>
    app.inject({
      method: 'POST',
      url: `/v1/companies/${SHENGHUA}/profile-reads`,
      headers: auth('bank1'),
      payload: readBody,
    });

  it('waits for a consent given a moment ago to reach the bank’s peer before recording the access', async () => {
    let asked = 0;
    const ledger = ledgerWithCatalog()
      .on('access:CurrentVersions', () => {
        asked++;
        if (asked < 3)
          throw new ApiError('CONSENT_REQUIRED', 'no such consent; request one from the company first');
        return { versions: { TAX_PAYMENT: 2 } };
      })
      .on('access:RecordAccess', () => ({
        access: { accessId: 'x0', outcome: 'granted' as const, recordedAt: '2026-11-29T05:00:00Z' },
      }))
      .on('access:ReadAuthorizedRecords', (_request, call) => sealedReadAnswer(call));
    const app = await appWith(ledger);

    const response = await readProfile(app);

    assert.equal(response.statusCode, 200, response.body);
    assert.equal(asked, 3);
    const recorded = JSON.parse(ledger.lastCall('access:RecordAccess')?.args?.[0] ?? '{}') as {
      versions?: object;
    };
    assert.deepEqual(
      recorded.versions,
      { TAX_PAYMENT: 2 },
      'the access names the versions the consent allows',
    );
  });

  it('records a refusal other than "no such consent" at once, without versions', async () => {
    let asked = 0;
    const ledger = ledgerWithCatalog()
      .on('access:CurrentVersions', () => {
        asked++;
        throw new ApiError('CONSENT_EXPIRED', 'consent c-1 expired');
      })
      .on('access:RecordAccess', () => ({
        access: {
          accessId: 'x9',
          outcome: 'refused' as const,
          refusalCode: 'CONSENT_EXPIRED',
          refusalDetail: 'consent c-1 expired',
          recordedAt: '2026-11-29T05:00:00Z',
        },
      }));
    const app = await appWith(ledger);

    const response = await readProfile(app);

    assert.equal(response.statusCode, 403, response.body);
    assert.equal(asked, 1);
    const recorded = JSON.parse(ledger.lastCall('access:RecordAccess')?.args?.[0] ?? '{}') as object;
    assert.equal('versions' in recorded, false);
  });
});
