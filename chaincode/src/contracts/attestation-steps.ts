import type { Attestation, HashAlgorithm } from '../api';
import {
  advanceHead,
  nextAttestation,
  saltFingerprint,
  type AttestationHead,
  type AttestationInput,
} from '../domain/attestation-rules';
import { requireDepartmentForCategory, requireSchemaVersion } from '../domain/catalog';
import { fail } from '../domain/errors';
import type { CallerOf } from '../domain/roles';
import type { CreditStore } from '../ledger/credit-store';

/** A checked attestation ready to persist. */
export interface AttestationPlan {
  input: AttestationInput;
  attestation: Attestation;
  head: AttestationHead;
  saltFingerprint: string;
}

/** Every check for one attestation, reads only: category, department, schema, company, salt reuse. */
export async function planAttestation(
  store: CreditStore,
  department: CallerOf<'department'>,
  input: AttestationInput,
  algorithm: HashAlgorithm,
): Promise<AttestationPlan> {
  const category = await store.requireCategory(input.category);
  requireDepartmentForCategory(department, category);
  requireSchemaVersion(category, input.schemaVersion);
  await store.requireCompany(input.uscc);
  const fingerprint = saltFingerprint(input.salt);
  if (await store.isSaltUsed(fingerprint)) {
    fail('SALT_REUSED', 'this salt was used before; generate a fresh random salt for every record');
  }
  const head = await store.getHead(input.uscc, input.category);
  const previous =
    head === undefined
      ? undefined
      : await store.requireAttestation(input.uscc, input.category, head.latestVersion);
  const { txId, txTime } = store.ledger;
  const attestation = nextAttestation(
    input,
    { algorithm, department: department.dept, txId, txTime },
    previous,
  );
  return { input, attestation, head: advanceHead(head, attestation), saltFingerprint: fingerprint };
}

/** Writes a planned attestation: hash and head to world state, raw record and salt to the private collection. */
export async function persistAttestation(store: CreditStore, plan: AttestationPlan): Promise<void> {
  const { attestation, input } = plan;
  await store.putAttestation(attestation);
  await store.putHead(plan.head);
  await store.markSaltUsed(plan.saltFingerprint);
  await store.putRawRecord({
    uscc: attestation.uscc,
    category: attestation.category,
    version: attestation.version,
    record: input.canonicalRecord,
    salt: input.salt,
  });
}
