import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  consentNotAuthorisedDetail,
  type ErrorCode,
  NO_SUCH_CONSENT_DETAIL,
} from '@sme-credit-ledger/contract';
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

  // The chaincode's refusals (consent-rules.ts) while the bank's peer is a block or two behind a gov peer.
  it.each([
    ['the consent request', NO_SUCH_CONSENT_DETAIL, 2],
    ['the company’s authorisation', consentNotAuthorisedDetail('c-1', 'requested'), 1],
  ])(
    'waits for %s, committed on a gov peer, to reach the bank’s peer before recording the access',
    async (_what, refusal, behind) => {
      let asked = 0;
      const ledger = ledgerWithCatalog()
        .on('access:CurrentVersions', () => {
          asked++;
          if (asked <= behind) throw new ApiError('CONSENT_REQUIRED', refusal);
          return { versions: { TAX_PAYMENT: 2 } };
        })
        .on('access:RecordAccess', () => ({
          access: { accessId: 'x0', outcome: 'granted' as const, recordedAt: '2026-11-29T05:00:00Z' },
        }))
        .on('access:ReadAuthorizedRecords', (_request, call) => sealedReadAnswer(call));
      const app = await appWith(ledger);

      const response = await readProfile(app);

      assert.equal(response.statusCode, 200, response.body);
      assert.equal(asked, behind + 1);
      const recorded = JSON.parse(ledger.lastCall('access:RecordAccess')?.args?.[0] ?? '{}') as {
        versions?: object;
      };
      assert.deepEqual(
        recorded.versions,
        { TAX_PAYMENT: 2 },
        'the access names the versions the consent allows',
      );
    },
  );

  it.each<[ErrorCode, string]>([
    ['CONSENT_EXPIRED', 'consent c-1 expired'],
    ['CONSENT_REQUIRED', consentNotAuthorisedDetail('c-1', 'rejected')],
    ['CONSENT_REQUIRED', 'consent c-1 does not cover TAX_PAYMENT'],
  ])('records the refusal %s "%s" at once, without versions', async (code, detail) => {
    let asked = 0;
    const ledger = ledgerWithCatalog()
      .on('access:CurrentVersions', () => {
        asked++;
        throw new ApiError(code, detail);
      })
      .on('access:RecordAccess', () => ({
        access: {
          accessId: 'x9',
          outcome: 'refused' as const,
          refusalCode: code,
          refusalDetail: detail,
          recordedAt: '2026-11-29T05:00:00Z',
        },
      }));
    const app = await appWith(ledger);

    const response = await readProfile(app);

    assert.equal(response.statusCode, 403, response.body);
    assert.equal(asked, 1, 'a final refusal is not asked again');
    const recorded = JSON.parse(ledger.lastCall('access:RecordAccess')?.args?.[0] ?? '{}') as object;
    assert.equal('versions' in recorded, false);
  });
});
