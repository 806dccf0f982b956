import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  openAuthorizedRecords,
  LENDER_RAW_RECORDS_COLLECTION,
  type AccessResponse,
  type ApplicationResponse,
  type AttestResponse,
  type CategoryResponse,
  type ConsentResponse,
  type CurrentVersionsResponse,
  type ReadAuthorizedRecordsResponse,
} from '@sme-credit-ledger/contract';
import { attest, IDS, USCC, type FakeNetwork } from '../testing/fake-network';
import {
  financingNetwork,
  itemOf,
  match,
  publish,
  rid,
  STRICT_LOAN,
  SUPPLY_CHAIN_LOAN,
} from '../testing/financing-fixtures';

const CATEGORY = 'LOAN_OUTCOMES_BANK1MSP';

async function approvedLoan(network: FakeNetwork): Promise<string> {
  const item = itemOf(await match(network), SUPPLY_CHAIN_LOAN.productId);
  const { application } = await network.submit<ApplicationResponse>(IDS.shenghua, 'application:Apply', {
    requestId: rid('apply'),
    evaluation: item.evaluation,
    evaluationTag: item.evaluationTag,
    amountYuan: 1_120_000,
    termMonths: 12,
  });
  assert.equal(application.status, 'approved');
  return application.applicationId;
}

function report(
  network: FakeNetwork,
  applicationId: string,
  record: Record<string, unknown>,
  identity = IDS.bank1,
): Promise<AttestResponse> {
  return network.submit<AttestResponse>(
    identity,
    'application:ReportLoanOutcome',
    { requestId: rid('report'), applicationId },
    { record: JSON.stringify(record), salt: network.salt() },
  );
}

const disbursed = (applicationId: string): Record<string, unknown> => ({
  applicationId,
  status: 'disbursed',
  amountYuan: 1_120_000,
  outstandingYuan: 1_120_000,
  asOf: '2026-11-29',
});

describe('loan outcomes', () => {
  it('gives each bank its own loan category when it sets its profile', async () => {
    const network = await financingNetwork();
    const { category } = await network.evaluate<CategoryResponse>(IDS.auditor, 'catalog:GetCategory', {
      code: CATEGORY,
    });
    assert.deepEqual(category.departments, ['BANK1MSP']);
    assert.ok(category.fields?.some((field) => field.name === 'status'));
  });

  it('records an outcome as an attestation: hash on chain, raw record with the custodian, new versions after', async () => {
    const network = await financingNetwork();
    const applicationId = await approvedLoan(network);
    const first = await report(network, applicationId, disbursed(applicationId));
    assert.deepEqual(
      [
        first.attestation.category,
        first.attestation.version,
        first.attestation.department,
        first.attestation.uscc,
      ],
      [CATEGORY, 1, 'BANK1MSP', USCC.shenghua],
    );
    const raw = [...(network.world.privateData.get(LENDER_RAW_RECORDS_COLLECTION)?.values() ?? [])].join(
      '\n',
    );
    assert.ok(raw.includes('1120000'));
    assert.ok(
      ![...network.world.state.values()].join('\n').includes('1120000'),
      'no raw value in public state',
    );
    const event = network.world.events.at(-1);
    assert.deepEqual(
      [event?.name, JSON.parse(event?.payload ?? '{}')],
      ['LoanOutcomeRecorded', { bankMspId: 'Bank1MSP', txId: first.attestation.txId }],
    );
    const second = await report(network, applicationId, {
      ...disbursed(applicationId),
      status: 'repaying',
      outstandingYuan: 900_000,
      asOf: '2026-12-29',
    });
    assert.equal(second.attestation.version, 2);
  });

  it('joins the profile: the company can consent another bank to read it, and rules can use it', async () => {
    const network = await financingNetwork();
    const applicationId = await approvedLoan(network);
    await report(network, applicationId, { ...disbursed(applicationId), status: 'overdue', overdueDays: 40 });
    const { consent } = await network.submit<ConsentResponse>(IDS.shenghua, 'consent:GrantConsent', {
      requestId: rid('grant'),
      uscc: USCC.shenghua,
      bankMspId: 'Bank2MSP',
      categories: [CATEGORY],
      purpose: 'credit-review',
      validFrom: '2026-11-29T00:00:00Z',
      validUntil: '2026-12-29T00:00:00Z',
    });
    const terms = {
      consentId: consent.consentId,
      uscc: USCC.shenghua,
      categories: [CATEGORY],
      purpose: 'credit-review',
    };
    const { versions } = await network.evaluate<CurrentVersionsResponse>(
      IDS.bank2,
      'access:CurrentVersions',
      terms,
    );
    const { access } = await network.submit<AccessResponse>(IDS.bank2, 'access:RecordAccess', {
      requestId: rid('access'),
      versions,
      ...terms,
    });
    const reader = network.newReaderKeyPair();
    const read = await network.evaluate<ReadAuthorizedRecordsResponse>(
      IDS.bank2,
      'access:ReadAuthorizedRecords',
      { accessId: access.accessId },
      { readerKey: reader.publicKey },
    );
    assert.equal(openAuthorizedRecords(read, reader.privateKey).records[0]?.record?.status, 'overdue');
    await publish(network, IDS.bank2, {
      ...STRICT_LOAN,
      productId: 'no-overdue-loans',
      rules: [
        {
          id: 'no-overdue',
          category: CATEGORY,
          field: 'status',
          op: 'not-in',
          value: ['overdue', 'written-off'],
        },
      ],
    });
    const outcome = itemOf(await match(network), 'no-overdue-loans').evaluation.rules[0];
    assert.deepEqual(
      [outcome?.outcome, outcome?.detail],
      ['failed', 'status not-in overdue, written-off does not hold'],
    );
  });

  it('keeps the lenders’ namespace: the catalog admin defines no LOAN_OUTCOMES_ category, changing nothing', async () => {
    const network = await financingNetwork();
    const before = network.snapshot();
    const define = (code: string, departments: string[]): Promise<unknown> =>
      network.submit(IDS.catalogAdmin, 'catalog:DefineCategory', {
        category: { code, name: 'Loans', departments, schemaVersion: 1, sensitivity: 'high' },
      });
    // A bank's own category, taken over for a department; and one a bank has not claimed yet.
    await assert.rejects(define(CATEGORY, ['TAX']), /^Error: NOT_AUTHORIZED: LOAN_OUTCOMES_ categories are/);
    await assert.rejects(define('LOAN_OUTCOMES_BANK9MSP', ['TAX']), /^Error: NOT_AUTHORIZED/);
    await assert.rejects(define('loan_outcomes_govmsp', ['TAX']), /^Error: NOT_AUTHORIZED/);
    assert.equal(network.snapshot(), before);
  });

  it('refuses a department attesting a bank’s loan category, even one whose dept code is the bank’s', async () => {
    const network = await financingNetwork();
    const before = network.snapshot();
    const impostor = { mspId: 'GovMSP', role: 'department', dept: 'BANK1MSP', uscc: null } as const;
    await assert.rejects(
      attest(network, impostor, USCC.shenghua, CATEGORY, disbursed('app-forged')),
      /^Error: NOT_AUTHORIZED: LOAN_OUTCOMES_BANK1MSP is reported only by its lending bank/,
    );
    assert.equal(network.snapshot(), before);
  });

  it('is for the lending bank, on approved applications, with a well-formed record only', async () => {
    const network = await financingNetwork();
    const applicationId = await approvedLoan(network);
    const before = network.snapshot();
    await assert.rejects(
      report(network, applicationId, disbursed(applicationId), IDS.bank2),
      /^Error: NOT_AUTHORIZED/,
    );
    await assert.rejects(
      report(network, applicationId, disbursed(applicationId), IDS.tax as never),
      /^Error: NOT_AUTHORIZED/,
    );
    await assert.rejects(
      report(network, applicationId, { ...disbursed(applicationId), status: 'lost' }),
      /status must be a enum/,
    );
    await assert.rejects(
      report(network, applicationId, { ...disbursed(applicationId), outstandingYuan: -1 }),
      /must not be negative/,
    );
    await assert.rejects(
      report(network, applicationId, { ...disbursed(applicationId), note: 'x' }),
      /not note/,
    );
    await assert.rejects(
      report(network, applicationId, { ...disbursed(applicationId), applicationId: 'other' }),
      /names application other/,
    );
    const undated = disbursed(applicationId);
    delete undated.asOf;
    await assert.rejects(report(network, applicationId, undated), /asOf must be a date/);
    assert.equal(network.snapshot(), before);
    const item = itemOf(await match(network), STRICT_LOAN.productId);
    const { application } = await network.submit<ApplicationResponse>(IDS.shenghua, 'application:Apply', {
      requestId: rid('apply'),
      evaluation: item.evaluation,
      evaluationTag: item.evaluationTag,
      amountYuan: 100_000,
      termMonths: 6,
    });
    await assert.rejects(
      report(network, application.applicationId, disbursed(application.applicationId)),
      /^Error: CONFLICT: application .* is submitted/,
    );
  });
});
