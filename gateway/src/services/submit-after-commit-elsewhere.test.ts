import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { financingNetwork, MANUAL_LOAN } from '@sme-credit-ledger/chaincode/testing';
import type { JsonTransactionName } from '@sme-credit-ledger/contract';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/problem';
import type { LedgerCall, SubmitResult } from '../ledger/ledger-client';
import { ContractLedger } from '../testing/contract-ledger';
import { appWith, auth, SHENGHUA } from '../testing/test-app';

/**
 * The real contracts, on an endorsing peer a block behind the organization that just committed what the
 * caller acts on: its first `behind` endorsements of `transaction` answer the chaincode's NOT_FOUND, as a
 * peer without that block does (business-store.ts requireConsent, application-contract.ts).
 */
class PeerBehind extends ContractLedger {
  attempts = 0;

  constructor(
    network: ConstructorParameters<typeof ContractLedger>[0],
    private readonly transaction: JsonTransactionName,
    private behind: number,
  ) {
    super(network);
  }

  override submit(call: LedgerCall): Promise<SubmitResult> {
    if (call.transaction !== this.transaction) return super.submit(call);
    this.attempts += 1;
    if (this.behind > 0) {
      this.behind -= 1;
      const { consentId, applicationId } = JSON.parse(call.args?.[0] ?? '{}') as Record<string, string>;
      return Promise.reject(
        new ApiError('NOT_FOUND', consentId ? `no consent ${consentId}` : `no application ${applicationId}`),
      );
    }
    return super.submit(call);
  }
}

let keys = 0;
const post = (app: FastifyInstance, who: Parameters<typeof auth>[0], url: string, payload: object) =>
  app.inject({
    method: 'POST',
    url,
    headers: { ...auth(who), 'idempotency-key': `elsewhere-${String((keys += 1))}` },
    payload: payload as Record<string, unknown>,
  });

async function requestConsent(app: FastifyInstance): Promise<string> {
  const requested = await post(app, 'bank1', '/v1/consent-requests', {
    uscc: SHENGHUA,
    categories: ['TAX_PAYMENT'],
    purpose: 'credit-review',
    validFrom: new Date(Date.now() - 60_000).toISOString(),
    validUntil: new Date(Date.now() + 86_400_000).toISOString(),
  });
  assert.equal(requested.statusCode, 201, requested.body);
  return requested.json<{ consent: { consentId: string } }>().consent.consentId;
}

describe('acting on what another organization committed a moment ago', () => {
  it('authorises a bank’s consent request that the company’s gov peer gets a block later', async () => {
    const ledger = new PeerBehind(await financingNetwork(), 'consent:AuthoriseConsent', 2);
    const app = await appWith(ledger);
    const consentId = await requestConsent(app);

    const authorised = await post(app, 'shenghua', `/v1/consents/${consentId}/authorise`, {});

    assert.equal(authorised.statusCode, 200, authorised.body);
    assert.equal(authorised.json<{ consent: { status: string } }>().consent.status, 'authorised');
    assert.equal(ledger.attempts, 3);
  });

  it('decides an application that the bank’s peer gets a block later', async () => {
    const ledger = new PeerBehind(await financingNetwork(), 'application:DecideApplication', 1);
    const app = await appWith(ledger);
    assert.equal((await post(app, 'bank1', '/v1/products', MANUAL_LOAN)).statusCode, 201);
    const matched = await post(app, 'shenghua', `/v1/companies/${SHENGHUA}/matches`, {});
    const item = matched
      .json<{ items: { productId: string; evaluation: object; evaluationTag: string }[] }>()
      .items.find((each) => each.productId === MANUAL_LOAN.productId);
    assert.ok(item, matched.body);
    const applied = await post(app, 'shenghua', '/v1/applications', {
      evaluation: item.evaluation,
      evaluationTag: item.evaluationTag,
      amountYuan: 200_000,
      termMonths: 12,
    });
    assert.equal(applied.statusCode, 201, applied.body);
    const { applicationId } = applied.json<{ application: { applicationId: string } }>().application;

    const decided = await post(app, 'bank1', `/v1/applications/${applicationId}/decision`, {
      outcome: 'approved',
      amountYuan: 150_000,
      rateBps: 420,
      termMonths: 12,
    });

    assert.equal(decided.statusCode, 200, decided.body);
    assert.equal(ledger.attempts, 2);
  });

  it('answers 404 for a consent no peer will ever have, once the wait is over', async () => {
    const ledger = new PeerBehind(await financingNetwork(), 'consent:AuthoriseConsent', 0);
    const app = await appWith(ledger);

    const authorised = await post(app, 'shenghua', '/v1/consents/no-such-consent/authorise', {});

    assert.equal(authorised.statusCode, 404, authorised.body);
    assert.equal(authorised.json<{ code: string }>().code, 'NOT_FOUND');
    assert.equal(ledger.attempts, 7, 'the real contract was asked each time and said NOT_FOUND');
  });
});
