import { realpath } from 'node:fs/promises';
import path from 'node:path';
import {
  loadNetworkProfile as readNetworkProfile,
  type NetworkProfile,
} from '@sme-credit-ledger/network-profile';

export {
  identityKey,
  type IdentityProfile,
  type IdentityRole,
  type NetworkProfile,
  type OrgProfile,
} from '@sme-credit-ledger/network-profile';

/**
 * Reads the gateway profile (`@sme-credit-ledger/network-profile`). With `ownOrg` (a service's organization)
 * the profile must list only that organization's identities, their certificate and key inside the profile's
 * own directory (`orgs/<org>/`, after symbolic links): a service holding one organization's keys is refused a
 * profile that names another's, rather than quietly skipping it.
 */
export async function loadNetworkProfile(profilePath: string, ownOrg?: string): Promise<NetworkProfile> {
  const profile = await readNetworkProfile(profilePath);
  if (ownOrg !== undefined) {
    await assertOwnOrgOnly(profile, ownOrg, profilePath);
  }
  return profile;
}

async function assertOwnOrgOnly(profile: NetworkProfile, ownOrg: string, profilePath: string): Promise<void> {
  const problems: string[] = [];
  if (!profile.orgs.has(ownOrg)) {
    problems.push(`organization ${ownOrg} is not in the profile (${[...profile.orgs.keys()].join(', ')})`);
  }
  const base = await realpath(path.dirname(profilePath));
  for (const identity of profile.identities.values()) {
    if (identity.org !== ownOrg) {
      problems.push(
        `${identity.key} belongs to ${identity.org}, not to this service's organization ${ownOrg}`,
      );
      continue;
    }
    for (const file of [identity.certPath, identity.keyPath]) {
      const real = await realpath(file).catch(() => file);
      if (!real.startsWith(`${base}${path.sep}`)) {
        problems.push(`${identity.key}: ${file} lies outside ${base}, the folder of ${ownOrg}'s profile`);
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `the gateway profile ${profilePath} is not ${ownOrg}'s own (use <data>/network/orgs/${ownOrg}/gateway-profile.json):\n  - ${problems.join('\n  - ')}`,
    );
  }
}
