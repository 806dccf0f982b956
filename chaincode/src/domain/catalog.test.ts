import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { DEPARTMENTS, parseCategory, requireDepartmentForCategory, STARTER_CATALOG } from './catalog';

describe('starter catalog', () => {
  it('has about twenty valid categories over exactly the nine seed departments', () => {
    assert.ok(STARTER_CATALOG.length >= 18 && STARTER_CATALOG.length <= 24);
    const used = new Set(STARTER_CATALOG.flatMap((category) => category.departments));
    assert.deepEqual([...used].sort(), Object.keys(DEPARTMENTS).sort());
    assert.deepEqual(Object.keys(DEPARTMENTS).sort(), [
      'CNIPA',
      'COURT',
      'CUSTOMS',
      'HOUSING',
      'HRSS',
      'MEE',
      'SAMR',
      'TAX',
      'UTILITY',
    ]);
    for (const category of STARTER_CATALOG) {
      assert.deepEqual(parseCategory(category), category);
    }
    assert.equal(new Set(STARTER_CATALOG.map((category) => category.code)).size, STARTER_CATALOG.length);
  });
});

describe('parseCategory', () => {
  const valid = {
    code: 'EXPORT_LICENCES',
    name: 'Export licences',
    departments: ['SAMR', 'CUSTOMS'],
    schemaVersion: 1,
    sensitivity: 'low',
  };

  it('sorts departments so equal definitions compare equal', () => {
    assert.deepEqual(parseCategory(valid).departments, ['CUSTOMS', 'SAMR']);
  });

  it('refuses bad codes, sensitivities and schema versions', () => {
    assert.throws(() => parseCategory({ ...valid, code: 'x' }), /VALIDATION_FAILED: category codes/);
    assert.throws(() => parseCategory({ ...valid, sensitivity: 'secret' }), /VALIDATION_FAILED: sensitivity/);
    assert.throws(() => parseCategory({ ...valid, schemaVersion: 0 }), /VALIDATION_FAILED: schemaVersion/);
    assert.throws(() => parseCategory({ ...valid, departments: [] }), /VALIDATION_FAILED: departments/);
  });

  it('lets only listed departments attest', () => {
    const category = parseCategory(valid);
    assert.doesNotThrow(() =>
      requireDepartmentForCategory({ role: 'department', mspId: 'GovMSP', dept: 'CUSTOMS' }, category),
    );
    assert.throws(
      () => requireDepartmentForCategory({ role: 'department', mspId: 'GovMSP', dept: 'TAX' }, category),
      /NOT_AUTHORIZED: department TAX may not attest EXPORT_LICENCES/,
    );
  });
});
