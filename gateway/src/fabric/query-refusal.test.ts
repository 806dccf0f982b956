import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { isQueryRefusal } from './query-refusal';

/** Shaped as fabric-gateway's GatewayError from qscc for an unknown transaction id (seen on Fabric 3.1.1). */
const refused = {
  name: 'GatewayError',
  code: 2,
  details: [{ address: '127.0.0.1:7051', mspId: 'GovMSP', message: 'chaincode response 500, …' }],
};

describe('isQueryRefusal', () => {
  it('reads a peer’s error response as a refusal', () => {
    assert.equal(isQueryRefusal(refused), true);
  });

  it('does not take a transport failure or a bare error for a refusal', () => {
    assert.equal(isQueryRefusal({ ...refused, code: 14, details: [] }), false);
    assert.equal(isQueryRefusal({ ...refused, code: 4 }), false);
    assert.equal(isQueryRefusal({ ...refused, details: [] }), false);
    assert.equal(isQueryRefusal(new Error('boom')), false);
  });
});
