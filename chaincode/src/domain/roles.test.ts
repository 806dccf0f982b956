import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  isOrganizationAdmin,
  requireOwnCompany,
  requireRole,
  requireRoleOrAdmin,
  resolveCaller,
  type CallerIdentity,
} from './roles';

const base: CallerIdentity = { mspId: 'GovMSP', role: null, dept: null, uscc: null };

describe('resolveCaller', () => {
  it('grants department, company and catalog-admin only from GovMSP', () => {
    assert.deepEqual(resolveCaller({ ...base, role: 'department', dept: 'TAX' }), {
      role: 'department',
      mspId: 'GovMSP',
      dept: 'TAX',
    });
    assert.deepEqual(resolveCaller({ ...base, role: 'company', uscc: '91441300ma4uq7r20q' }), {
      role: 'company',
      mspId: 'GovMSP',
      uscc: '91441300MA4UQ7R20Q',
    });
    assert.equal(resolveCaller({ ...base, role: 'catalog-admin' }).role, 'catalog-admin');
  });

  it('refuses the rogue bank officer whose certificate claims a TAX department role', () => {
    assert.throws(
      () => resolveCaller({ mspId: 'Bank1MSP', role: 'department', dept: 'TAX', uscc: null }),
      /^Error: NOT_AUTHORIZED: role department is not honoured from Bank1MSP/,
    );
  });

  it('never grants bank to gov or the auditor (whether another MSP is a bank is on the ledger)', () => {
    assert.equal(resolveCaller({ ...base, mspId: 'Bank2MSP', role: 'bank' }).role, 'bank');
    assert.throws(() => resolveCaller({ ...base, role: 'bank' }), /NOT_AUTHORIZED/);
    assert.throws(() => resolveCaller({ ...base, mspId: 'AuditorMSP', role: 'bank' }), /NOT_AUTHORIZED/);
  });

  it('grants auditor only from AuditorMSP', () => {
    assert.equal(resolveCaller({ ...base, mspId: 'AuditorMSP', role: 'auditor' }).role, 'auditor');
    assert.throws(() => resolveCaller({ ...base, role: 'auditor' }), /NOT_AUTHORIZED/);
  });

  it('fails closed without a role, with an unknown role, or with missing attributes', () => {
    assert.throws(() => resolveCaller(base), /NOT_AUTHORIZED: the certificate has no recognised role/);
    assert.throws(() => resolveCaller({ ...base, role: 'admin' }), /NOT_AUTHORIZED/);
    assert.throws(
      () => resolveCaller({ ...base, role: 'department' }),
      /NOT_AUTHORIZED: department identities need a dept/,
    );
    assert.throws(
      () => resolveCaller({ ...base, role: 'company' }),
      /NOT_AUTHORIZED: company identities need a uscc/,
    );
    assert.throws(
      () => resolveCaller({ ...base, role: 'company', uscc: '91441300MA4UQ7R20X' }),
      /INVALID_USCC/,
    );
  });
});

describe('requireRole and requireOwnCompany', () => {
  it('refuses a role not in the list and names the needed role', () => {
    const bank = resolveCaller({ ...base, mspId: 'Bank1MSP', role: 'bank' });
    assert.throws(
      () => requireRole(bank, ['department'], 'attest records'),
      /^Error: NOT_AUTHORIZED: bank identities cannot attest records; this needs role department$/,
    );
    assert.equal(requireRole(bank, ['bank', 'auditor'], 'read').role, 'bank');
  });

  it('lets a company act only for its own USCC', () => {
    const company = requireRole(
      resolveCaller({ ...base, role: 'company', uscc: '91441300MA4UQ7R20Q' }),
      ['company'],
      'x',
    );
    assert.doesNotThrow(() => requireOwnCompany(company, company.uscc));
    assert.throws(
      () => requireOwnCompany(company, '91440605MA53KJ1C4K' as typeof company.uscc),
      /NOT_AUTHORIZED: company 91441300MA4UQ7R20Q cannot act for 91440605MA53KJ1C4K/,
    );
  });
});

describe('operator actions (role or organization admin)', () => {
  it('counts as admin only a certificate whose one NodeOU is admin', () => {
    assert.equal(isOrganizationAdmin(['admin']), true);
    assert.equal(isOrganizationAdmin(['admin', 'bank1.department1']), true);
    assert.equal(isOrganizationAdmin(['client']), false);
    assert.equal(isOrganizationAdmin(['client', 'admin']), false);
    assert.equal(isOrganizationAdmin([]), false);
  });

  it('accepts a resolved role or an admin, and refuses the rest with NOT_AUTHORIZED', () => {
    const bank: CallerIdentity = { ...base, mspId: 'Bank1MSP', role: 'bank' };
    assert.doesNotThrow(() => requireRoleOrAdmin(bank, ['client'], 'record heartbeats'));
    assert.doesNotThrow(() => requireRoleOrAdmin({ ...base, mspId: 'Bank1MSP' }, ['admin'], 'x'));
    assert.throws(
      () => requireRoleOrAdmin({ ...base, mspId: 'Bank1MSP' }, ['client'], 'record heartbeats'),
      /^Error: NOT_AUTHORIZED: only identities with a role or an organization admin may record heartbeats/,
    );
    assert.throws(
      () => requireRoleOrAdmin({ ...bank, mspId: 'GovMSP' }, ['client'], 'record heartbeats'),
      /^Error: NOT_AUTHORIZED: /,
    );
  });
});
