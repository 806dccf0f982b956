import { bankCollection, PLATFORM_INDEX_COLLECTION } from './confidential';
import { LENDER_RAW_RECORDS_COLLECTION } from './financing';
import { RAW_RECORDS_COLLECTION } from './names';

/** What an organization is on the platform; `network/topology.json` gives each peer organization one. */
export type OrgRole = 'gov' | 'bank' | 'auditor';

export interface CollectionOrg {
  mspId: string;
  role: OrgRole;
}

/**
 * How many gov peers hold each raw record before its attestation is endorsed: the endorsing peer pushes it to
 * `copies - 1` other gov peers and refuses to endorse until they acknowledged (Fabric's requiredPeerCount,
 * gossip/privdata/distributor.go: fewer eligible peers alive than required fails the endorsement at once).
 */
export interface RawRecordCopies {
  copies: number;
}

/** One entry of Fabric's collection configuration file (peer lifecycle `--collections-config`). */
export interface CollectionDefinition {
  name: string;
  policy: string;
  requiredPeerCount: number;
  maxPeerCount: number;
  blockToLive: number;
  memberOnlyRead: boolean;
  memberOnlyWrite: boolean;
  endorsementPolicy: { signaturePolicy: string };
}

function anyMemberOf(mspIds: readonly string[]): string {
  return `OR(${mspIds.map((mspId) => `'${mspId}.member'`).join(',')})`;
}

/**
 * The chaincode's private collections for an organization list: the gov-only raw records, the gov+auditor
 * platform index, and one business collection per bank (gov, that bank, the auditor), so a bank added to
 * the topology gets its own. Gov peers endorse every write (the chaincode policy is OR('GovMSP.peer')).
 * A bank's collection is member-only both ways, so Fabric itself refuses another bank's client
 * (core/chaincode/handler.go, errorIfCreatorHasNoReadPermission / ...WritePermission); the raw records and
 * the index are read on behalf of every role by the chaincode, which applies the role rules.
 * `retiredBanks`: MSP ids of banks removed from the channel whose collections must stay defined.
 */
export function collectionDefinitions(
  orgs: readonly CollectionOrg[],
  rawRecords: RawRecordCopies = { copies: 1 },
  retiredBanks: readonly string[] = [],
): CollectionDefinition[] {
  const of = (role: OrgRole): string[] => orgs.filter((org) => org.role === role).map((org) => org.mspId);
  const gov = of('gov');
  const auditors = of('auditor');
  if (gov.length === 0) {
    throw new Error('the platform needs a gov organization: it endorses and holds the raw records');
  }
  if (!Number.isInteger(rawRecords.copies) || rawRecords.copies < 1) {
    throw new Error(`raw record copies must be a whole number of at least 1, got ${rawRecords.copies}`);
  }
  // Only gov peers are members of the raw-record collections: every other copy is on another gov peer.
  const others = rawRecords.copies - 1;
  const rawRecordsOnGov = { requiredPeerCount: others, maxPeerCount: Math.max(1, others) };
  const endorsementPolicy = { signaturePolicy: `OR(${gov.map((mspId) => `'${mspId}.peer'`).join(',')})` };
  const collection = (name: string, members: string[], memberOnly: boolean): CollectionDefinition => ({
    name,
    policy: anyMemberOf(members),
    requiredPeerCount: 0,
    // Endorsing gov peers push the data to the other members' peers at once; a peer that missed it pulls it
    // from another member (reconciliation), so a commit never waits for a bank's peer to be up.
    maxPeerCount: Math.max(1, members.length - 1),
    blockToLive: 0,
    memberOnlyRead: memberOnly,
    memberOnlyWrite: memberOnly,
    endorsementPolicy,
  });
  return [
    { ...collection(RAW_RECORDS_COLLECTION, gov, false), ...rawRecordsOnGov, memberOnlyWrite: true },
    collection(PLATFORM_INDEX_COLLECTION, [...gov, ...auditors], false),
    ...of('bank').map((bank) => collection(bankCollection(bank), [...gov, bank, ...auditors], true)),
    // Last, so the positions of the collections above stay as they were.
    { ...collection(LENDER_RAW_RECORDS_COLLECTION, gov, false), ...rawRecordsOnGov },
    // A bank removed from the channel: Fabric refuses a definition that drops an existing collection
    // (core/chaincode/lifecycle/scc.go, validateCollConfigsAgainstCommittedDef) and one whose members are not
    // on the channel (validateCollectionConfigMemberOrgsPolicy), so its collection stays, without the bank.
    ...retiredBanks
      .filter((bank) => !of('bank').includes(bank))
      .map((bank) => collection(bankCollection(bank), [...gov, ...auditors], true)),
  ];
}
