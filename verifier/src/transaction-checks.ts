import { checkAuthorization, type Catalog } from './authorization-rules';
import type { TrackedState } from './tracked-state';
import { computeTxId, proposalHash, type DecodedTransaction, type EndorserAction } from './block-decoder';
import { LIFECYCLE_NAMESPACE, learnDefinition } from './chaincode-definitions';
import type { ChaincodePolicies } from './checkpoint';
import { satisfiesPolicy } from './endorsement-policy';
import { verifySignatureAsync, type IdentityVerifier, type TrustedIdentity } from './identity-verifier';
import { checkPrivateWrites } from './private-write-rules';
import { banksOf } from './rule-context';
import type { FailureCode } from './report';

export interface Finding {
  code: FailureCode;
  message: string;
}

interface SignedBy {
  identity: TrustedIdentity;
  isValid: Promise<boolean>;
}

/** An endorser transaction whose signature checks are running. */
export interface PendingTransaction {
  tx: DecodedTransaction;
  flag: number;
  /** The MSPs in force when the transaction was ordered (a later config block may change them). */
  identities: IdentityVerifier;
  findings: Finding[];
  creator?: SignedBy;
  endorsements: SignedBy[];
  signatures: number;
}

/** What the transaction is judged against: the channel, our chaincode and what earlier blocks defined. */
export interface LedgerRules {
  channel: string;
  chaincode: string;
  chaincodes: Record<string, ChaincodePolicies>;
  catalog: Catalog;
  /** World state the rules compare with (write-once keys), learned from earlier blocks. */
  state: TrackedState;
}

/** Synchronous checks, and every signature check started (creator, then each endorsement). */
export function startTransactionChecks(
  tx: DecodedTransaction,
  flag: number,
  identities: IdentityVerifier,
  channel: string,
): PendingTransaction {
  const pending: PendingTransaction = { tx, flag, identities, findings: [], endorsements: [], signatures: 0 };
  const found = (code: FailureCode, message: string): number => pending.findings.push({ code, message });
  const creator = identities.check(tx.creator);
  if (!creator.ok || creator.identity.kind !== 'application') {
    found('CREATOR_UNTRUSTED', creator.ok ? 'creator is an orderer identity' : creator.reason);
  } else {
    pending.creator = {
      identity: creator.identity,
      isValid: verifySignatureAsync(creator.identity, tx.payload, tx.signature),
    };
    pending.signatures += 1;
  }
  if (tx.channelId !== channel) found('WRONG_CHANNEL', `channel header names ${tx.channelId}`);
  const action = tx.endorser;
  if (action === undefined) return pending;
  if (computeTxId(tx) !== tx.txId)
    found('TXID_MISMATCH', `txId is not SHA-256(nonce, creator) (${computeTxId(tx)})`);
  if (!proposalHash(tx, action).equals(action.proposalHash)) {
    found('PROPOSAL_HASH_MISMATCH', 'the endorsed response is for another proposal than this transaction');
  }
  for (const endorsement of action.endorsements) {
    const check = identities.check(endorsement.endorser);
    if (!check.ok || check.identity.kind !== 'application') {
      found('ENDORSER_UNTRUSTED', check.ok ? 'endorser is not an application organization' : check.reason);
      continue;
    }
    const data = Buffer.concat([action.proposalResponsePayload, endorsement.endorser]);
    pending.endorsements.push({
      identity: check.identity,
      isValid: verifySignatureAsync(check.identity, data, endorsement.signature),
    });
    pending.signatures += 1;
  }
  return pending;
}

/**
 * Completes the checks once the signatures are known: endorsement policies, then, for a transaction the
 * peers marked valid, our authorization rules (which also learn definitions and the catalog, in block order).
 */
export async function finishTransactionChecks(
  pending: PendingTransaction,
  rules: LedgerRules,
): Promise<{ findings: Finding[]; creator?: TrustedIdentity }> {
  const findings = [...pending.findings];
  let creator: TrustedIdentity | undefined;
  if (pending.creator !== undefined) {
    if (await pending.creator.isValid) creator = pending.creator.identity;
    else
      findings.push({
        code: 'CREATOR_SIGNATURE_INVALID',
        message: `signature of creator ${pending.creator.identity.subject} does not verify`,
      });
  }
  const endorsers: TrustedIdentity[] = [];
  for (const endorsement of pending.endorsements) {
    if (await endorsement.isValid) {
      endorsers.push(endorsement.identity);
    } else {
      findings.push({
        code: 'ENDORSEMENT_SIGNATURE_INVALID',
        message: `endorsement by ${endorsement.identity.mspId} (${endorsement.identity.subject}) does not verify`,
      });
    }
  }
  const action = pending.tx.endorser;
  if (action !== undefined) {
    findings.push(...policyFindings(action, endorsers, pending.identities, rules));
  }
  return creator === undefined ? { findings } : { findings, creator };
}

function policyFindings(
  action: EndorserAction,
  endorsers: TrustedIdentity[],
  identities: IdentityVerifier,
  rules: LedgerRules,
): Finding[] {
  const findings: Finding[] = [];
  const hasRole = identities.hasRole.bind(identities);
  for (const namespace of action.namespaces) {
    if (
      namespace.namespace !== rules.chaincode ||
      (namespace.writes.length === 0 && namespace.collections.length === 0)
    ) {
      continue;
    }
    const policies = rules.chaincodes[namespace.namespace];
    if (policies?.endorsement === undefined) {
      findings.push({
        code: 'ENDORSEMENT_POLICY_NOT_SATISFIED',
        message: `no committed definition of chaincode ${namespace.namespace} precedes this write`,
      });
      continue;
    }
    if (namespace.writes.length > 0 && !satisfiesPolicy(policies.endorsement, endorsers, hasRole)) {
      findings.push({
        code: 'ENDORSEMENT_POLICY_NOT_SATISFIED',
        message: `writes to ${namespace.namespace} endorsed by [${endorsers.map((endorser) => endorser.mspId).join(', ')}] do not satisfy its policy`,
      });
    }
    for (const collection of namespace.collections) {
      if (!satisfiesPolicy(policies.collections[collection] ?? policies.endorsement, endorsers, hasRole)) {
        findings.push({
          code: 'ENDORSEMENT_POLICY_NOT_SATISFIED',
          message: `private writes to ${collection} do not satisfy the collection's policy`,
        });
      }
    }
  }
  return findings;
}

/**
 * Learns chaincode definitions and the catalog from a valid transaction, and re-checks our own rules: its
 * public writes per key family, its private writes per collection, a confidential request kept out of it.
 */
export function applyValidWrites(
  tx: DecodedTransaction,
  creator: TrustedIdentity,
  rules: LedgerRules,
): Finding[] {
  const findings: Finding[] = [];
  const action = tx.endorser;
  const ours = action?.namespaces.find((namespace) => namespace.namespace === rules.chaincode);
  const banks = banksOf(rules.chaincodes[rules.chaincode]?.collections ?? {});
  if (action !== undefined && (action.chaincodeName === rules.chaincode || ours !== undefined)) {
    findings.push(
      ...checkPrivateWrites(ours, { functionName: action.functionName, args: action.args, creator, banks }),
    );
  }
  for (const namespace of action?.namespaces ?? []) {
    if (namespace.namespace === LIFECYCLE_NAMESPACE) {
      for (const write of namespace.writes) learnDefinition(rules.chaincodes, write.key, write.value);
    } else if (namespace.namespace === rules.chaincode && action !== undefined) {
      const context = {
        txId: tx.txId,
        functionName: action.functionName,
        creator,
        catalog: rules.catalog,
        state: rules.state,
        banks,
      };
      findings.push(...checkAuthorization(namespace.writes, context));
    }
  }
  return findings;
}
