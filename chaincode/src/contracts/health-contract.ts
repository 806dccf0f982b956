import { Info, Returns, Transaction } from 'fabric-contract-api';
import { canonicalJson } from '../domain/canonical-json';
import { fail } from '../domain/errors';
import { checkHeartbeatId, type Heartbeat } from '../domain/heartbeat';
import { requireRoleOrAdmin } from '../domain/roles';
import { CreditStore } from '../ledger/credit-store';
import { CreditContext, CreditContract } from './credit-context';

/**
 * Liveness of the deployed chaincode across organizations: operators (and the network tests) record a
 * heartbeat through one peer and read it back through every other. Holds no company data. Recording needs a
 * resolved role or an organization admin (the `peer` CLI's identity): an unattributable writer could fill
 * world state. Heartbeats take a bare id, not a JSON request, so the `peer` CLI can call them as is.
 */
@Info({ title: 'HealthContract', description: 'Heartbeats that prove the chaincode commits and replicates' })
export class HealthContract extends CreditContract {
  constructor() {
    super('health');
  }

  @Transaction()
  @Returns('string')
  public async RecordHeartbeat(ctx: CreditContext, heartbeatId: string): Promise<string> {
    const { ledger } = ctx;
    requireRoleOrAdmin(ledger.identity, ledger.callerOrganizationalUnits(), 'record heartbeats');
    checkHeartbeatId(heartbeatId);
    const heartbeat: Heartbeat = {
      heartbeatId,
      mspId: ledger.identity.mspId,
      txId: ledger.txId,
      recordedAt: ledger.txTime,
    };
    await new CreditStore(ledger).putHeartbeat(heartbeat);
    return canonicalJson({ heartbeat });
  }

  @Transaction(false)
  @Returns('string')
  public async ReadHeartbeat(ctx: CreditContext, heartbeatId: string): Promise<string> {
    checkHeartbeatId(heartbeatId);
    const heartbeat =
      (await new CreditStore(ctx.ledger).getHeartbeat(heartbeatId)) ??
      fail('NOT_FOUND', `no heartbeat ${heartbeatId}; record it first with health:RecordHeartbeat`);
    return canonicalJson({ heartbeat });
  }
}
