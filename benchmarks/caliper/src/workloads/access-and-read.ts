import type { AccessResponse, ConsentPurpose } from '@sme-credit-ledger/contract';
import { randomUUID } from 'node:crypto';
import { call, readAuthorized, type Invoker } from './sut-calls';
import { Workload } from './workload';

export interface AccessArgs {
  chaincode: string;
  bank: Invoker;
  consentId: string;
  uscc: string;
  categories: string[];
  purpose: ConsentPurpose;
  /** category -> attested version, from access:CurrentVersions before the round. */
  versions: Record<string, number>;
}

/**
 * What a bank's read costs on the ledger: a recorded access (submit), then the authorized read of exactly
 * the versions it logged (evaluate, sealed to a one-time key). Two Caliper transactions per iteration.
 */
class AccessWorkload extends Workload<AccessArgs> {
  async submitTransaction(): Promise<void> {
    const { chaincode, bank, consentId, uscc, categories, purpose, versions } = this.args;
    const answer = await call<AccessResponse>(this.sut, chaincode, bank, 'access:RecordAccess', {
      requestId: `caliper-${randomUUID()}`,
      consentId,
      uscc,
      categories,
      purpose,
      versions,
    });
    const access = answer?.access;
    if (access?.outcome === 'granted') {
      await readAuthorized(this.sut, chaincode, bank, access.accessId);
    }
  }
}

export function createWorkloadModule(): AccessWorkload {
  return new AccessWorkload();
}
