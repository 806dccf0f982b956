import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSeedIdentities, validateUserIdentity } from './identities';
import { layoutFromEnv } from './layout';
import { loadTopology } from './topology';

describe('user identities', () => {
  const layout = layoutFromEnv({});
  const topology = loadTopology(layout.topologyFile);

  it('accepts every seed identity', () => {
    for (const identity of loadSeedIdentities(layout)) {
      assert.deepEqual(validateUserIdentity(topology, identity), [], `${identity.org}/${identity.name}`);
    }
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
