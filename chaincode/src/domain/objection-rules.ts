import { LIMITS, type Attestation, type Objection } from '@sme-credit-ledger/contract';
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

/** Open objections of the record, counting ids a legacy head still lists. */
export function openObjectionCount(head: AttestationHead): number {
  return (head.openObjectionCount ?? 0) + (head.openObjectionIds?.length ?? 0);
}

/**
 * The head with one more open objection, refused with LIMIT_EXCEEDED at the cap: open objections are
 * attributable spam otherwise, and each one is read with the record. A legacy id list is dropped from the
 * head here; the caller writes those ids under their own keys.
 */
export function withOpenObjection(head: AttestationHead): AttestationHead {
  const open = openObjectionCount(head);
  if (open >= LIMITS.maxOpenObjectionsPerRecord) {
    fail(
      'LIMIT_EXCEEDED',
      `${head.category} of company ${head.uscc} has ${open} open objections; at most ${LIMITS.maxOpenObjectionsPerRecord} open objections per record, wait for the department to resolve one`,
    );
  }
  return withCount(head, open + 1);
}

/** The head with one open objection fewer (the caller deletes its key and moves any legacy ids). */
export function withoutOpenObjection(head: AttestationHead): AttestationHead {
  return withCount(head, Math.max(0, openObjectionCount(head) - 1));
}

function withCount(head: AttestationHead, count: number): AttestationHead {
  const rest = { ...head, openObjectionCount: count };
  delete rest.openObjectionIds;
  return rest;
}

export function isDisputed(head: AttestationHead): boolean {
  return openObjectionCount(head) > 0;
}
