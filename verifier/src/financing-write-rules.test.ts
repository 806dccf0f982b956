import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { check, codes, creator, remove, write } from './rule-test-kit';

const bank1 = creator('Bank1MSP', { role: 'bank' });
const bank2 = creator('Bank2MSP', { role: 'bank' });
const catalogAdmin = creator('GovMSP', { role: 'catalog-admin' });
const impostor = creator('GovMSP', { role: 'department', dept: 'BANK1MSP' });
const product = (status: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  bankMspId: 'Bank1MSP',
  productId: 'loan',
  version: 1,
  status,
  txId: 'tx1',
  ...extra,
});
const publish = (who = bank1, value = product('active')) =>
  check(
    [
      write(['product', 'Bank1MSP', 'loan'], value),
      write(['productVersion', 'Bank1MSP', 'loan', '00000001'], value),
    ],
    { creator: who, functionName: 'product:PublishProduct' },
  );

describe('financing write rules', () => {
  it('accepts a bank publishing and withdrawing its own product', () => {
    assert.deepEqual(codes(publish()), []);
    const withdrawn = product('withdrawn', { txId: 'tx0', withdrawal: { txId: 'tx1', at: 't' } });
    assert.deepEqual(
      codes(
        check([write(['product', 'Bank1MSP', 'loan'], withdrawn)], {
          creator: bank1,
          functionName: 'product:WithdrawProduct',
        }),
      ),
      [],
    );
  });

  it('flags another bank’s product, a product written by another function, a rewritten version', () => {
    assert.deepEqual(codes(publish(bank2)), ['AUTHZ_OTHER']); // one finding per message
    assert.deepEqual(
      codes(
        check([write(['product', 'Bank1MSP', 'loan'], product('active'))], {
          creator: bank1,
          functionName: 'application:Apply',
        }),
      ),
      ['AUTHZ_OTHER'],
    );
    assert.deepEqual(codes(publish(bank1, product('withdrawn'))), ['AUTHZ_OTHER']);
  });

  it('lets a bank define only its own loan category, and set only its own profile', () => {
    const own = { code: 'LOAN_OUTCOMES_BANK1MSP', departments: ['BANK1MSP'] };
    const profile = { mspId: 'Bank1MSP', displayName: 'ICBC', txId: 'tx1' };
    const fn = 'product:SetInstitutionProfile';
    assert.deepEqual(
      codes(
        check([write(['institution', 'Bank1MSP'], profile), write(['category', own.code], own)], {
          creator: bank1,
          functionName: fn,
        }),
      ),
      [],
    );
    assert.deepEqual(
      codes(check([write(['category', own.code], own)], { creator: bank2, functionName: fn })),
      ['AUTHZ_CATALOG'],
    );
    const wider = { ...own, departments: ['BANK1MSP', 'TAX'] };
    assert.deepEqual(
      codes(check([write(['category', own.code], wider)], { creator: bank1, functionName: fn })),
      ['AUTHZ_CATALOG'],
    );
    assert.deepEqual(
      codes(check([write(['institution', 'Bank1MSP'], profile)], { creator: bank2, functionName: fn })),
      ['AUTHZ_OTHER'],
    );
  });

  it('lets a bank attest only in its own loan category, through its loan-outcome report', () => {
    const attestation = (category: string, department: string) => ({
      uscc: 'U1',
      category,
      version: 1,
      department,
      txId: 'tx1',
    });
    const report = (
      who: typeof bank1,
      category: string,
      department: string,
      functionName = 'application:ReportLoanOutcome',
    ) =>
      codes(
        check(
          [
            write(['attestation', 'U1', category, '00000001'], attestation(category, department)),
            write(['attestationHead', 'U1', category], {
              uscc: 'U1',
              category,
              latestVersion: 1,
              latestTxId: 'tx1',
            }),
            write(['saltUse', 'f'], { txId: 'tx1' }),
          ],
          {
            creator: who,
            functionName,
            catalog: { LOAN_OUTCOMES_BANK1MSP: ['BANK1MSP'], TAX_PAYMENT: ['TAX'] },
          },
        ),
      );
    assert.deepEqual(report(bank1, 'LOAN_OUTCOMES_BANK1MSP', 'BANK1MSP'), []);
    assert.ok(report(bank2, 'LOAN_OUTCOMES_BANK1MSP', 'BANK1MSP').includes('AUTHZ_ATTESTATION'));
    assert.ok(report(bank1, 'TAX_PAYMENT', 'BANK1MSP').includes('AUTHZ_ATTESTATION'));
    assert.ok(
      report(bank1, 'LOAN_OUTCOMES_BANK1MSP', 'BANK1MSP', 'attestation:Attest').includes('AUTHZ_ATTESTATION'),
    );
  });

  it('flags application business in public state', () => {
    assert.deepEqual(
      codes(
        check([write(['application', 'tx1'], { applicationId: 'tx1' })], {
          creator: bank1,
          functionName: 'application:Apply',
        }),
      ),
      ['AUTHZ_CONFIDENTIAL_IN_PUBLIC_STATE'],
    );
  });

  it('keeps the lenders’ namespace: no LOAN_OUTCOMES_ category from the catalog admin, no department attesting one', () => {
    const loans = { code: 'LOAN_OUTCOMES_BANK1MSP', departments: ['TAX'] };
    assert.deepEqual(
      codes(
        check([write(['category', loans.code], loans)], {
          creator: catalogAdmin,
          functionName: 'catalog:DefineCategory',
        }),
      ),
      ['AUTHZ_CATALOG'],
    );
    const category = 'LOAN_OUTCOMES_BANK1MSP';
    const findings = codes(
      check(
        [
          write(['attestation', 'U1', category, '00000001'], {
            uscc: 'U1',
            category,
            version: 1,
            department: 'BANK1MSP',
            txId: 'tx1',
          }),
          write(['attestationHead', 'U1', category], {
            uscc: 'U1',
            category,
            latestVersion: 1,
            latestTxId: 'tx1',
          }),
          write(['saltUse', 'f'], { txId: 'tx1' }),
        ],
        { creator: impostor, functionName: 'attestation:Attest', catalog: { [category]: ['BANK1MSP'] } },
      ),
    );
    assert.ok(findings.includes('AUTHZ_ATTESTATION'), findings.join());
  });

  it('accepts a bank keeping its own matching-view shard, and flags any other writer or entry', () => {
    const entry = { bankMspId: 'Bank1MSP', productId: 'loan', version: 1 };
    const shard = (products: unknown[], bankMspId = 'Bank1MSP') => ({ bankMspId, shard: '03', products });
    const shardWrite = (value: unknown, who = bank1, functionName = 'product:PublishProduct') =>
      codes(check([write(['matchingShard', 'Bank1MSP', '03'], value)], { creator: who, functionName }));
    assert.deepEqual(shardWrite(shard([entry])), []);
    assert.deepEqual(shardWrite(shard([entry]), bank1, 'product:WithdrawProduct'), []);
    assert.deepEqual(shardWrite(shard([entry]), bank2), ['AUTHZ_OTHER']);
    assert.deepEqual(shardWrite(shard([entry]), bank1, 'application:Apply'), ['AUTHZ_OTHER']);
    assert.deepEqual(shardWrite(shard([{ ...entry, bankMspId: 'Bank2MSP' }])), ['AUTHZ_OTHER']);
    // Another bank's shard under Bank1's key: the key does not match, and Bank1 did not write Bank2's view.
    assert.deepEqual(shardWrite(shard([entry], 'Bank2MSP')), ['AUTHZ_OTHER', 'AUTHZ_OTHER']);
    const emptied = (who: typeof bank1, functionName: string) =>
      codes(check([remove(['matchingShard', 'Bank1MSP', '03'])], { creator: who, functionName }));
    assert.deepEqual(emptied(bank1, 'product:WithdrawProduct'), []);
    assert.deepEqual(emptied(bank2, 'product:WithdrawProduct'), ['AUTHZ_DELETE']);
    assert.deepEqual(emptied(bank1, 'product:PublishProduct'), ['AUTHZ_DELETE']);
  });
});
