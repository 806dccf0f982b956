// Fabric connections from the network profile: the peer's TLS gRPC client, a signing Gateway per identity.
export {
  anyHostIdentity,
  FAILOVER_SERVICE_CONFIG,
  newPeerClient,
  peerClientTrusting,
  peerTarget,
  perPeerClients,
  type PeerAddress,
} from './peer-client';
export {
  gatewayFor,
  readSigningIdentity,
  type FabricDeadlines,
  type SigningIdentity,
} from './gateway-connection';
export { newNativeSigner, type SigningSetup } from './native-signer';
