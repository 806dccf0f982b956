import { peer } from '@hyperledger/fabric-protos';
import type { ChaincodePolicies } from './checkpoint';
import { policyFromApplicationPolicy } from './endorsement-policy';

export const LIFECYCLE_NAMESPACE = '_lifecycle';

// Public keys `_lifecycle` writes when a definition is committed (core/chaincode/lifecycle, Fabric v3.1).
const DEFINITION_KEY = /^namespaces\/fields\/([^/#]+)\/(ValidationInfo|Collections)$/;

/**
 * Learns a chaincode's endorsement policy and its collections' policies from the `_lifecycle` writes of a
 * committed definition, so the policy applied is the one on the ledger, not one we were told. Values are
 * lifecycle `StateData` whose bytes hold a `ChaincodeValidationInfo` or a `CollectionConfigPackage`.
 */
export function learnDefinition(
  chaincodes: Record<string, ChaincodePolicies>,
  key: string,
  value: Uint8Array,
): void {
  const match = DEFINITION_KEY.exec(key);
  const name = match?.[1];
  if (match === null || name === undefined) {
    return;
  }
  const policies = (chaincodes[name] ??= { collections: {} });
  const bytes = peer.lifecycle.StateData.deserializeBinary(value).getBytes_asU8();
  if (match[2] === 'ValidationInfo') {
    const info = peer.lifecycle.ChaincodeValidationInfo.deserializeBinary(bytes);
    const policy = policyFromApplicationPolicy(info.getValidationParameter_asU8());
    if (policy !== undefined) {
      policies.endorsement = policy;
    }
    return;
  }
  policies.collections = {};
  for (const config of peer.CollectionConfigPackage.deserializeBinary(bytes).getConfigList()) {
    const collection = config.getStaticCollectionConfig();
    const parameter = collection?.getEndorsementPolicy();
    const policy =
      parameter === undefined ? undefined : policyFromApplicationPolicy(parameter.serializeBinary());
    if (collection !== undefined && policy !== undefined) {
      policies.collections[collection.getName()] = policy;
    }
  }
}

/** Name of a `peer.TxValidationCode`, for messages. */
export function validationCodeName(flag: number): string {
  const names = peer.TxValidationCode as unknown as Record<string, number>;
  return Object.entries(names).find(([, value]) => value === flag)?.[0] ?? `code ${flag}`;
}
