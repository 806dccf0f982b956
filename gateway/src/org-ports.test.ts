import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { REPO_ROOT } from './config';
import { BASE_SERVICE_PORT, serviceOrgs, servicePort } from './org-ports';

describe('service ports', () => {
  const orgs = serviceOrgs(REPO_ROOT);

  it('gives every organization of the topology its own port, in topology order, shifted by the offset', () => {
    const ports = orgs.map((org) => servicePort(orgs, org, 7000));

    assert.deepEqual(
      ports,
      orgs.map((_, index) => BASE_SERVICE_PORT + 7000 + index),
    );
    assert.equal(new Set(ports).size, orgs.length);
  });

  it('gives a bank added at the end of the topology the next port and moves no other', () => {
    const added = [...orgs, 'bank9'];

    assert.equal(servicePort(added, 'bank9', 0), BASE_SERVICE_PORT + orgs.length);
    for (const org of orgs) assert.equal(servicePort(added, org, 0), servicePort(orgs, org, 0));
  });

  it('has no port for an organization the topology does not name', () => {
    assert.equal(servicePort(orgs, 'bank9', 0), undefined);
  });
});
