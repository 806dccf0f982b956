import type { Attestation, HashAlgorithm } from '@sme-credit-ledger/contract';
import {
  advanceHead,
  nextAttestation,
  requireSameDepartment,
  saltFingerprint,
  type AttestationHead,
  type AttestationInput,
} from '../domain/attestation-rules';
import { requireDepartmentForCategory, requireSchemaVersion } from '../domain/catalog';
import { fail } from '../domain/errors';
import { requireLenderOf } from '../domain/loan-outcomes';
import type { CallerOf } from '../domain/roles';
import { knownCategory, registeredCompany, type CreditStore } from '../ledger/credit-store';

/** A checked attestation ready to persist. */
export interface AttestationPlan {
  input: AttestationInput;
  attestation: Attestation;
  head: AttestationHead;
  saltFingerprint: string;
}

/**
 * Every check for a list of attestations (one for Attest, up to the batch limit for AttestBatch), reads
 * only. The reads come first, in one batched call (each catalog entry and company once: a transaction never
 * sees its own writes and attestations write neither); then every item runs every check on those values,
 * in item order, so the first failing item names the error as when each item read its own.
 */
export async function planAttestations(
  store: CreditStore,
  department: CallerOf<'department'>,
  inputs: readonly AttestationInput[],
  algorithm: HashAlgorithm,
): Promise<AttestationPlan[]> {
  const fingerprints = inputs.map((input) => saltFingerprint(input.salt));
  const state = await store.readAttestationState(
    inputs.map((input, index) => ({
      uscc: input.uscc,
      category: input.category,
      saltFingerprint: fingerprints[index] ?? '',
    })),
  );
  inputs.forEach((input, index) => {
    const category = knownCategory(input.category, state.categories.get(input.category));
    requireLenderOf(category.code, department);
    requireDepartmentForCategory(department, category);
    requireSchemaVersion(category, input.schemaVersion);
    registeredCompany(input.uscc, state.companies.get(input.uscc));
    if (state.saltUsed[index] === true) {
      fail('SALT_REUSED', 'this salt was used before; generate a fresh random salt for every record');
    }
  });
  const latest = await latestVersions(store, inputs, state.heads);
  inputs.forEach((input, index) => requireSameDepartment(input, department.dept, latest[index]));
  const { txId, txTime } = store.ledger;
  const context = { algorithm, department: department.dept, txId, txTime };
  return inputs.map((input, index) => {
    const attestation = nextAttestation(input, context, latest[index]);
    const head = advanceHead(state.heads[index], attestation);
    return { input, attestation, head, saltFingerprint: fingerprints[index] ?? '' };
  });
}

type Latest = Pick<Attestation, 'version' | 'txId' | 'department'> | undefined;

/**
 * Version, txId and department of each target's latest attestation, from its head; heads written before
 * `latestTxId` or `department` existed need the attestation itself (read in one batched call).
 */
async function latestVersions(
  store: CreditStore,
  inputs: readonly AttestationInput[],
  heads: readonly (AttestationHead | undefined)[],
): Promise<Latest[]> {
  const legacy = inputs.flatMap((input, index) => {
    const head = heads[index];
    return head !== undefined && (head.latestTxId === undefined || head.department === undefined)
      ? [{ index, uscc: input.uscc, category: input.category, version: head.latestVersion }]
      : [];
  });
  const read = await store.getAttestations(legacy);
  const latest: Latest[] = heads.map((head) =>
    head?.latestTxId === undefined || head.department === undefined
      ? undefined
      : { version: head.latestVersion, txId: head.latestTxId, department: head.department },
  );
  legacy.forEach((ref, i) => {
    latest[ref.index] =
      read[i] ??
      fail('NOT_FOUND', `no attestation version ${ref.version} of ${ref.category} for company ${ref.uscc}`);
  });
  return latest;
}

/**
 * Writes planned attestations in one batched call: hash and head to world state, raw record and salt to the
 * private collection. Their order within a transaction does not matter.
 */
export function persistAttestations(store: CreditStore, plans: readonly AttestationPlan[]): Promise<void> {
  return store.putAttestationBatch(
    plans.map(({ attestation, head, saltFingerprint, input }) => ({
      attestation,
      head,
      saltFingerprint,
      raw: {
        uscc: attestation.uscc,
        category: attestation.category,
        version: attestation.version,
        record: input.canonicalRecord,
        salt: input.salt,
      },
    })),
  );
}
