// The network profile: the file the network scripts write and the one reader every package uses.
export {
  IDENTITY_ROLES,
  identityKey,
  loadNetworkProfile,
  parseNetworkProfile,
  type IdentityProfile,
  type IdentityRole,
  type NetworkProfile,
  type OrgProfile,
  type PeerEndpoint,
} from './network-profile';
export type { IdentityEntry, OrdererOpsEntry, OrgEntry, ProfileFile } from './profile-file';
