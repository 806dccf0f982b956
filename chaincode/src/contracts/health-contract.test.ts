import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { TEST_CERTIFICATES as CERTS } from '../testing/certificates';
import { ShimDispatch } from '../testing/shim-dispatch';

describe('health:RecordHeartbeat authorization', () => {
  it('records a heartbeat for an organization admin (the peer CLI identity)', async () => {
    const shim = new ShimDispatch();
    const response = await shim.invoke(CERTS.orgAdmin, 'Bank1MSP', ['health:RecordHeartbeat', 'hb-admin']);
    assert.equal(response.status, 200, response.message);
    const { heartbeat } = JSON.parse(response.payload.toString()) as { heartbeat: { mspId: string } };
    assert.equal(heartbeat.mspId, 'Bank1MSP');
  });

  it('records a heartbeat for an identity with a resolved role', async () => {
    const shim = new ShimDispatch();
    const response = await shim.invoke(CERTS.bankOfficer, 'Bank1MSP', ['health:RecordHeartbeat', 'hb-bank']);
    assert.equal(response.status, 200, response.message);
  });

  it('refuses an identity without a role and writes nothing', async () => {
    const shim = new ShimDispatch();
    const response = await shim.invoke(CERTS.noRole, 'Bank1MSP', ['health:RecordHeartbeat', 'hb-norole']);
    assert.equal(response.status, 500);
    assert.match(response.message, /^NOT_AUTHORIZED: /);
    assert.equal(shim.state.size, 0);
  });

  it('refuses a role its organization does not honour (a bank certificate claiming a department)', async () => {
    const shim = new ShimDispatch();
    const response = await shim.invoke(CERTS.bankOfficer, 'GovMSP', [
      'health:RecordHeartbeat',
      'hb-wrong-msp',
    ]);
    assert.match(response.message, /^NOT_AUTHORIZED: /);
  });

  it('refuses a certificate that claims admin next to another NodeOU, as Fabric does', async () => {
    const shim = new ShimDispatch();
    const response = await shim.invoke(CERTS.clientAndAdmin, 'Bank1MSP', [
      'health:RecordHeartbeat',
      'hb-mixed',
    ]);
    assert.match(response.message, /^NOT_AUTHORIZED: /);
  });

  it('still lets anyone read a heartbeat', async () => {
    const shim = new ShimDispatch();
    await shim.invoke(CERTS.orgAdmin, 'Bank1MSP', ['health:RecordHeartbeat', 'hb-read']);
    const response = await shim.invoke(CERTS.noRole, 'Bank1MSP', ['health:ReadHeartbeat', 'hb-read']);
    assert.equal(response.status, 200, response.message);
    const { heartbeat } = JSON.parse(response.payload.toString()) as { heartbeat: { heartbeatId: string } };
    assert.equal(heartbeat.heartbeatId, 'hb-read');
  });
});

describe('health:RecordHeartbeat time', () => {
  it('records the transaction time also past 2038, when the seconds no longer fit 32 bits', async () => {
    const seconds = 2_200_000_000;
    const shim = new ShimDispatch(seconds - 1);
    const response = await shim.invoke(CERTS.orgAdmin, 'Bank1MSP', ['health:RecordHeartbeat', 'hb-2039']);
    assert.equal(response.status, 200, response.message);
    const { heartbeat } = JSON.parse(response.payload.toString()) as { heartbeat: { recordedAt: string } };
    assert.equal(heartbeat.recordedAt, '2039-09-18T23:06:40.000Z');
  });
});
