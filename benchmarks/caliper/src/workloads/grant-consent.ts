import { randomUUID } from 'node:crypto';
import { call, type Invoker } from './sut-calls';
import { Workload } from './workload';

export interface GrantArgs {
  chaincode: string;
  company: Invoker;
  uscc: string;
  bankMspId: string;
  categories: string[];
}

/** A company grants a bank consent to its categories (a confidential transaction: sealed request and answer). */
class GrantWorkload extends Workload<GrantArgs> {
  async submitTransaction(): Promise<void> {
    const { chaincode, company, uscc, bankMspId, categories } = this.args;
    await call(this.sut, chaincode, company, 'consent:GrantConsent', {
      requestId: `caliper-${randomUUID()}`,
      uscc,
      bankMspId,
      categories,
      purpose: 'credit-review',
      validFrom: new Date(Date.now() - 60_000).toISOString(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
  }
}

export function createWorkloadModule(): GrantWorkload {
  return new GrantWorkload();
}
