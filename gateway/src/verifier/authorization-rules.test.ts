import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAuthorization, type Catalog } from './authorization-rules';
import type { TrustedIdentity } from './identity-verifier';

const creator = (mspId: string, attributes: Record<string, string>): TrustedIdentity =>
  ({ mspId, attributes, organizationalUnits: ['client'], isAdmin: false }) as unknown as TrustedIdentity;

const key = (...parts: string[]): string => `\u0000${parts.join('\u0000')}\u0000`;
const write = (parts: string[], value: unknown) => ({
  key: key(...parts),
  value: Buffer.from(JSON.stringify(value)),
  isDelete: false,
});

const USCC = '91440101MA59AB3N63';
const catalog = (): Catalog => ({ TAX_PAYMENT: ['TAX'], ADMINISTRATIVE_PENALTIES: ['MEE', 'SAMR', 'TAX'] });
const attestation = (department: string, category = 'TAX_PAYMENT') =>
  write(['attestation', USCC, category, '00000001'], { uscc: USCC, category, department, txId: 'tx1' });

describe('authorization rules re-checked from creator certificates', () => {
  it('accepts an attestation by a department allowed for its category', () => {
    const findings = checkAuthorization([attestation('TAX')], {
      txId: 'tx1',
      functionName: 'attestation:Attest',
      creator: creator('GovMSP', { role: 'department', dept: 'TAX' }),
      catalog: catalog(),
    });

    assert.deepEqual(findings, []);
  });

  it('refuses an attestation by a department not allowed for the category', () => {
    const findings = checkAuthorization([attestation('HRSS')], {
      txId: 'tx1',
      functionName: 'attestation:Attest',
      creator: creator('GovMSP', { role: 'department', dept: 'HRSS' }),
      catalog: catalog(),
    });

    assert.equal(findings[0]?.code, 'AUTHZ_ATTESTATION');
    assert.match(findings[0]?.message ?? '', /HRSS may not attest TAX_PAYMENT/);
  });

  it('refuses a bank certificate that claims a department role', () => {
    const findings = checkAuthorization([attestation('TAX')], {
      txId: 'tx1',
      functionName: 'attestation:Attest',
      creator: creator('Bank1MSP', { role: 'department', dept: 'TAX' }),
      catalog: catalog(),
    });

    assert.equal(findings[0]?.code, 'AUTHZ_ATTESTATION');
  });

  it('refuses an attestation naming another department than its creator', () => {
    const findings = checkAuthorization([attestation('TAX')], {
      txId: 'tx1',
      functionName: 'attestation:Attest',
      creator: creator('GovMSP', { role: 'department', dept: 'MEE' }),
      catalog: catalog(),
    });

    assert.equal(findings[0]?.code, 'AUTHZ_ATTESTATION');
  });

  it('accepts a consent by the company it names and refuses one by another company', () => {
    const consent = write(['consent', 'c1'], {
      consentId: 'c1',
      uscc: USCC,
      bankMspId: 'Bank1MSP',
      status: 'authorised',
    });
    const context = { txId: 'tx1', functionName: 'consent:GrantConsent', catalog: catalog() };

    assert.deepEqual(
      checkAuthorization([consent], {
        ...context,
        creator: creator('GovMSP', { role: 'company', uscc: USCC }),
      }),
      [],
    );
    const findings = checkAuthorization([consent], {
      ...context,
      creator: creator('GovMSP', { role: 'company', uscc: '91441300MA4UQ7R20Q' }),
    });
    assert.equal(findings[0]?.code, 'AUTHZ_CONSENT');
  });

  it('lets the named bank request a consent but not authorise it', () => {
    const requested = write(['consent', 'c1'], { uscc: USCC, bankMspId: 'Bank1MSP', status: 'requested' });
    const authorised = write(['consent', 'c1'], { uscc: USCC, bankMspId: 'Bank1MSP', status: 'authorised' });
    const bank = creator('Bank1MSP', { role: 'bank' });

    assert.deepEqual(
      checkAuthorization([requested], {
        txId: 't',
        functionName: 'consent:RequestConsent',
        creator: bank,
        catalog: {},
      }),
      [],
    );
    assert.equal(
      checkAuthorization([authorised], {
        txId: 't',
        functionName: 'consent:RequestConsent',
        creator: bank,
        catalog: {},
      })[0]?.code,
      'AUTHZ_CONSENT',
    );
  });

  it('refuses an access record in the name of another bank', () => {
    const access = write(['access', 'tx1'], {
      accessId: 'tx1',
      bankMspId: 'Bank1MSP',
      uscc: USCC,
      txId: 'tx1',
    });

    const findings = checkAuthorization([access], {
      txId: 'tx1',
      functionName: 'access:RecordAccess',
      creator: creator('Bank2MSP', { role: 'bank' }),
      catalog: {},
    });

    assert.equal(findings[0]?.code, 'AUTHZ_ACCESS');
  });

  it('learns categories from the catalog admin and refuses categories from anyone else', () => {
    const known: Catalog = {};
    const category = write(['category', 'PATENTS'], { code: 'PATENTS', departments: ['CNIPA'] });

    checkAuthorization([category], {
      txId: 't',
      functionName: 'catalog:DefineCategory',
      creator: creator('GovMSP', { role: 'catalog-admin' }),
      catalog: known,
    });
    const findings = checkAuthorization([category], {
      txId: 't',
      functionName: 'catalog:DefineCategory',
      creator: creator('GovMSP', { role: 'department', dept: 'CNIPA' }),
      catalog: {},
    });

    assert.deepEqual(known, { PATENTS: ['CNIPA'] });
    assert.equal(findings[0]?.code, 'AUTHZ_CATALOG');
  });
});
