/**
 * `gateway-profile.json` as the network scripts write it (`scripts/src/network/profile.ts`): the combined
 * profile under `data/network/` and one per organization under `data/network/orgs/<org>/`. Paths are absolute
 * in the combined profile and relative to the file's own directory in an organization's.
 */
export interface ProfileFile {
  channel: string;
  chaincode: string;
  orgs: Record<string, OrgEntry>;
  identities: IdentityEntry[];
  /** Each orderer's operations endpoint (Prometheus `/metrics`, plain HTTP), where the service reads Raft's
   * state for its network-health view; absent in profiles written before, which assumed loopback. */
  orderers?: OrdererOpsEntry[];
}

export interface OrdererOpsEntry {
  name: string;
  operationsUrl: string;
}

/** One peer organization: its gateway peer, TLS trust root and certificate authority. */
export interface OrgEntry {
  mspId: string;
  /** `host:port` of the organization's gateway peer. */
  peerEndpoint: string;
  /** TLS server name of the peer (its certificate does not name 127.0.0.1 as host). */
  peerHostAlias: string;
  /** Every peer of the organization, the gateway peer above first; clients fail over between them (absent in
   * profiles written when organizations had one peer). */
  peers?: { endpoint: string; hostAlias: string }[];
  tlsRootCertPath: string;
  /** The CA that issues the organization's identities (MSP root): offline callers' certificates chain to it. */
  caCertPath: string;
  caUrl: string;
  caName: string;
  caTlsCertPath: string;
}

/** An enrolled user; its attributes (`role`, `dept`, `uscc`) are inside its certificate. */
export interface IdentityEntry {
  org: string;
  name: string;
  attrs: Record<string, string>;
  mspId: string;
  certPath: string;
  keyPath: string;
}
