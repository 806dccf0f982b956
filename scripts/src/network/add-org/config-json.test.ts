import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  applicationOrgs,
  chooseSigners,
  requiredAdminSignatures,
  withApplicationOrg,
  withoutApplicationOrg,
  type ChannelConfig,
  type ConfigGroup,
} from './config-json';

const group = (values: Record<string, unknown> = {}): ConfigGroup => ({
  groups: {},
  values,
  policies: {},
  mod_policy: 'Admins',
});

/** A decoded channel config in the shape configtxlator prints, with `orgs` in the Application group. */
function config(orgs: string[], rule = 'MAJORITY', type = 3): ChannelConfig {
  return {
    sequence: '4',
    channel_group: {
      ...group(),
      groups: {
        Orderer: group(),
        Application: {
          ...group(),
          groups: Object.fromEntries(orgs.map((mspId) => [mspId, group({ MSP: mspId })])),
          policies: {
            Admins: { mod_policy: 'Admins', policy: { type, value: { rule, sub_policy: 'Admins' } } },
          },
        },
      },
    },
  };
}

const members = ['GovMSP', 'Bank1MSP', 'Bank2MSP', 'AuditorMSP', 'Bank3MSP'];

describe('channel configuration changes', () => {
  it('adds an organization to the Application group and leaves the original untouched', () => {
    const original = config(members);
    const modified = withApplicationOrg(original, 'Bank4MSP', group({ MSP: 'Bank4MSP' }));

    assert.deepEqual(applicationOrgs(modified), [...members, 'Bank4MSP'].sort());
    assert.deepEqual(applicationOrgs(original), [...members].sort());
    // withApplicationOrg copies with structuredClone, which builds its objects in node's realm, not the vm
    // context Jest runs the test in: compare a copy made here (the config is JSON).
    assert.deepEqual(
      JSON.parse(JSON.stringify(modified.channel_group.groups.Orderer)),
      original.channel_group.groups.Orderer,
    );
  });

  it('refuses to add a member twice', () => {
    assert.throws(() => withApplicationOrg(config(members), 'Bank1MSP', group()), /already a member/);
  });

  it('removes an organization, refuses an unknown one and the last one', () => {
    assert.deepEqual(applicationOrgs(withoutApplicationOrg(config(members), 'Bank3MSP')), [
      'AuditorMSP',
      'Bank1MSP',
      'Bank2MSP',
      'GovMSP',
    ]);
    assert.throws(() => withoutApplicationOrg(config(members), 'Bank9MSP'), /not a member/);
    assert.throws(() => withoutApplicationOrg(config(['GovMSP']), 'GovMSP'), /no organization left/);
  });

  it('counts the admin signatures as the ImplicitMeta rule over the current members does', () => {
    assert.equal(requiredAdminSignatures(config(members)), 3);
    assert.equal(requiredAdminSignatures(config([...members, 'Bank4MSP'])), 4);
    assert.equal(requiredAdminSignatures(config(['GovMSP', 'Bank1MSP'])), 2);
    assert.equal(requiredAdminSignatures(config(members, 'ANY')), 1);
    assert.equal(requiredAdminSignatures(config(members, 'ALL')), 5);
  });

  it('refuses to guess the signers of a signature policy', () => {
    assert.throws(() => requiredAdminSignatures(config(members, 'MAJORITY', 1)), /not an ImplicitMeta/);
  });

  it('never asks the organization being removed to sign, and says when too few can', () => {
    const orgs = [...members, 'Bank4MSP'].map((mspId) => ({ mspId }));

    assert.deepEqual(
      chooseSigners(orgs, 4, 'GovMSP').map((org) => org.mspId),
      ['Bank1MSP', 'Bank2MSP', 'AuditorMSP', 'Bank3MSP'],
    );
    assert.throws(() => chooseSigners(orgs.slice(0, 2), 2, 'GovMSP'), /needs 2 admin signatures but only 1/);
  });
});
