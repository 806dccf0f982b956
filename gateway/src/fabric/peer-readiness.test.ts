import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { readyWithFailover } from './peer-readiness';

const peer = (org: string, endpoint: string, state: string) => ({ org, endpoint, state });

describe('readiness over organizations with several peers', () => {
  it('stays ready while one of two gov peers is down, since calls fail over to the other', () => {
    assert.equal(
      readyWithFailover([
        peer('gov', '127.0.0.1:7051', 'TRANSIENT_FAILURE'),
        peer('gov', '127.0.0.1:7251', 'READY'),
        peer('bank1', '127.0.0.1:8051', 'READY'),
      ]),
      true,
    );
  });

  it('is not ready when every peer of one organization is down', () => {
    assert.equal(
      readyWithFailover([
        peer('gov', '127.0.0.1:7051', 'TRANSIENT_FAILURE'),
        peer('gov', '127.0.0.1:7251', 'CONNECTING'),
        peer('bank1', '127.0.0.1:8051', 'READY'),
      ]),
      false,
    );
  });

  it('is not ready with no peer at all', () => {
    assert.equal(readyWithFailover([]), false);
  });
});
