import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { loadSeedIdentities, seedIdentities, validateUserIdentity } from './identities';
import { layoutFromEnv } from './layout';
import { loadTopology, type Topology } from './topology';

describe('user identities', () => {
  const layout = layoutFromEnv({});
  const topology = loadTopology(layout.topologyFile);

  it('accepts every seed identity', () => {
    for (const identity of loadSeedIdentities(topology, layout)) {
      assert.deepEqual(validateUserIdentity(topology, identity), [], `${identity.org}/${identity.name}`);
    }
  });

  it('gives every bank of the topology its officer, and a bank added to the topology one too', () => {
    const officers = (orgs: Topology['peerOrgs']): string[] =>
      loadSeedIdentities({ ...topology, peerOrgs: orgs }, layout)
        .filter((identity) => identity.name === 'officer' && identity.attrs.role === 'bank')
        .map((identity) => identity.org);
    const banks = topology.peerOrgs.filter((org) => org.role === 'bank');
    assert.deepEqual(
      officers(topology.peerOrgs),
      banks.map((bank) => bank.key),
    );
    const added = { ...banks[0], key: 'bank9', mspId: 'Bank9MSP' } as Topology['peerOrgs'][number];
    assert.deepEqual(officers([...topology.peerOrgs, added]), [...banks.map((bank) => bank.key), 'bank9']);
  });

  it('enrolls a role’s user in no organization of another role, and lets a listed user win', () => {
    const seed = {
      identities: [{ org: 'bank1', name: 'officer', attrs: { role: 'bank', note: 'listed' } }],
      everyOrgOfRole: { bank: [{ name: 'officer', attrs: { role: 'bank' } }] },
    };
    const users = seedIdentities(topology, seed);
    const banks = new Set(topology.peerOrgs.filter((org) => org.role === 'bank').map((org) => org.key));
    assert.ok(users.every((user) => banks.has(user.org)));
    assert.deepEqual(
      users.filter((user) => user.org === 'bank1'),
      [{ org: 'bank1', name: 'officer', attrs: { role: 'bank', note: 'listed' } }],
    );
    assert.deepEqual(seedIdentities(topology, { identities: [] }), []);
  });

  it('refuses an unknown org, a reserved name and a missing role together', () => {
    const problems = validateUserIdentity(topology, { org: 'bank9', name: 'admin', attrs: {} });
    assert.equal(problems.length, 3, problems.join('; '));
  });

  it('refuses attributes that could smuggle CA-internal settings or break the certificate', () => {
    const problems = validateUserIdentity(topology, {
      org: 'bank1',
      name: 'officer2',
      attrs: { role: 'bank', 'hf.Registrar.Roles': 'client', note: 'a,b:ecert' },
    });
    assert.ok(problems.some((p) => p.includes('hf.Registrar.Roles')));
    assert.ok(problems.some((p) => p.includes('note=')));
  });
});
