import type { Attestation, Objection } from '../api';
import { fail } from './errors';
import type { AttestationHead } from './attestation-rules';
import type { CallerOf } from './roles';

export interface ObjectionInput {
  reason: string;
  evidenceHash: string;
}

export function newObjection(
  attestation: Attestation,
  input: ObjectionInput,
  tx: { txId: string; txTime: string },
): Objection {
  return {
    objectionId: tx.txId,
    uscc: attestation.uscc,
    category: attestation.category,
    version: attestation.version,
    department: attestation.department,
    reason: input.reason,
    evidenceHash: input.evidenceHash,
    status: 'open',
    raisedTxId: tx.txId,
    raisedAt: tx.txTime,
  };
}

export interface Resolution {
  outcome: 'corrected' | 'rejected';
  reason: string;
  correctedVersion?: number;
}

/**
 * Only the department that made the disputed attestation resolves it: with a later corrected version that
 * already exists, or a reasoned rejection.
 */
export function resolveObjection(
  objection: Objection,
  caller: CallerOf<'department'>,
  resolution: Resolution,
  head: AttestationHead,
  tx: { txId: string; txTime: string },
): Objection {
  if (objection.status !== 'open') {
    fail('CONFLICT', `objection ${objection.objectionId} is already ${objection.status}`);
  }
  if (caller.dept !== objection.department) {
    fail(
      'NOT_AUTHORIZED',
      `objection ${objection.objectionId} is for department ${objection.department} to resolve`,
    );
  }
  if (resolution.outcome === 'corrected') {
    const corrected = resolution.correctedVersion;
    if (corrected === undefined || corrected <= objection.version || corrected > head.latestVersion) {
      fail(
        'VALIDATION_FAILED',
        `a correction needs correctedVersion of a newer attestation (${objection.version + 1}-${head.latestVersion}); attest the corrected record first`,
      );
    }
  } else if (resolution.correctedVersion !== undefined) {
    fail('VALIDATION_FAILED', 'correctedVersion applies only to outcome corrected');
  }
  return {
    ...objection,
    status: resolution.outcome,
    resolution: { ...resolution, txId: tx.txId, resolvedAt: tx.txTime },
  };
}

export function withOpenObjection(head: AttestationHead, objectionId: string): AttestationHead {
  return { ...head, openObjectionIds: [...head.openObjectionIds, objectionId] };
}

export function withoutOpenObjection(head: AttestationHead, objectionId: string): AttestationHead {
  return { ...head, openObjectionIds: head.openObjectionIds.filter((id) => id !== objectionId) };
}

export function isDisputed(head: AttestationHead): boolean {
  return head.openObjectionIds.length > 0;
}
