import { randomBytes, randomUUID } from 'node:crypto';
import { call, type Invoker } from './sut-calls';
import { Workload } from './workload';

export interface AttestArgs {
  chaincode: string;
  department: Invoker;
  /** Company and category pairs, each written by one worker only (no two in flight on one record). */
  pairs: { uscc: string; category: string }[];
  /** Records per transaction: 1 is `attestation:Attest`, more is `attestation:AttestBatch`. */
  batchSize: number;
}

const record = (): Record<string, unknown> => ({
  periodMonth: '2026-10',
  paidCny: Math.floor(Math.random() * 1_000_000),
  onTime: true,
});

const salt = (): string => randomBytes(16).toString('hex');

/** A department attests records: the raw record and its salt as transient data, the request as the argument. */
class AttestWorkload extends Workload<AttestArgs> {
  async submitTransaction(): Promise<void> {
    const { chaincode, department, batchSize } = this.args;
    const requestId = `caliper-${randomUUID()}`;
    if (batchSize === 1) {
      const pair = this.next(this.args.pairs);
      await call(
        this.sut,
        chaincode,
        department,
        'attestation:Attest',
        { requestId, ...pair, schemaVersion: 1, effectiveDate: '2026-11-01' },
        { transient: { record: JSON.stringify(record()), salt: salt() } },
      );
      return;
    }
    const items = Array.from({ length: batchSize }, () => ({
      ...this.next(this.args.pairs),
      schemaVersion: 1,
      effectiveDate: '2026-11-01',
      record: record(),
      salt: salt(),
    }));
    await call(
      this.sut,
      chaincode,
      department,
      'attestation:AttestBatch',
      { requestId },
      {
        transient: { batch: JSON.stringify(items) },
      },
    );
  }
}

export function createWorkloadModule(): AttestWorkload {
  return new AttestWorkload();
}
