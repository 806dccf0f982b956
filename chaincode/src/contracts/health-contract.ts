import { Info, Returns, Transaction } from 'fabric-contract-api';
import { requireRoleOrAdmin } from '../domain/roles';
import { subjectOrganizationalUnits } from '../ledger/certificate';
import { CreditContext, CreditContract } from './credit-context';

const HEARTBEAT_PREFIX = 'heartbeat';
const MAX_HEARTBEAT_ID_LENGTH = 64;
const HEARTBEAT_ID = /^[A-Za-z0-9._-]+$/;

/**
 * Liveness of the deployed chaincode across organizations: operators (and the network tests) record a
 * heartbeat through one peer and read it back through every other. Holds no company data. Recording needs a
 * resolved role or an organization admin (the `peer` CLI's identity): an unattributable writer could fill
 * world state.
 */
@Info({ title: 'HealthContract', description: 'Heartbeats that prove the chaincode commits and replicates' })
export class HealthContract extends CreditContract {
  constructor() {
    super('health');
  }

  @Transaction()
  @Returns('string')
  public async RecordHeartbeat(ctx: CreditContext, heartbeatId: string): Promise<string> {
    requireRoleOrAdmin(
      ctx.ledger.identity,
      subjectOrganizationalUnits(ctx.clientIdentity.getIDBytes()),
      'record heartbeats',
    );
    assertHeartbeatId(heartbeatId);
    const key = ctx.stub.createCompositeKey(HEARTBEAT_PREFIX, [heartbeatId]);
    const heartbeat = {
      heartbeatId,
      mspId: ctx.clientIdentity.getMSPID(),
      txId: ctx.ledger.txId,
      recordedAt: ctx.ledger.txTime,
    };
    const body = JSON.stringify(heartbeat);
    await ctx.stub.putState(key, Buffer.from(body));
    return body;
  }

  @Transaction(false)
  @Returns('string')
  public async ReadHeartbeat(ctx: CreditContext, heartbeatId: string): Promise<string> {
    assertHeartbeatId(heartbeatId);
    const bytes = await ctx.stub.getState(ctx.stub.createCompositeKey(HEARTBEAT_PREFIX, [heartbeatId]));
    if (bytes.length === 0) {
      throw new Error(`NOT_FOUND: no heartbeat ${heartbeatId}; record it first with health:RecordHeartbeat`);
    }
    return Buffer.from(bytes).toString('utf8');
  }
}

function assertHeartbeatId(heartbeatId: string): void {
  if (
    heartbeatId.length === 0 ||
    heartbeatId.length > MAX_HEARTBEAT_ID_LENGTH ||
    !HEARTBEAT_ID.test(heartbeatId)
  ) {
    throw new Error(
      `VALIDATION_FAILED: heartbeatId must be 1-${MAX_HEARTBEAT_ID_LENGTH} characters of A-Z a-z 0-9 . _ -`,
    );
  }
}
