/**
 * The parts of a channel configuration (as `configtxlator proto_decode --type common.Config` prints it) that
 * adding or removing an organization touches, and the rules on them: plain data in, plain data out.
 */

export interface ConfigGroup {
  groups: Record<string, ConfigGroup>;
  values: Record<string, unknown>;
  policies: Record<string, { mod_policy?: string; policy: { type: number; value: unknown } }>;
  mod_policy?: string;
  version?: string;
}

export interface ChannelConfig {
  channel_group: ConfigGroup & { groups: { Application?: ConfigGroup } & Record<string, ConfigGroup> };
  sequence?: string;
}

/** Fabric's policy type for an ImplicitMetaPolicy (common/policies.proto, Policy.PolicyType). */
const IMPLICIT_META = 3;

function application(config: ChannelConfig): ConfigGroup {
  const group = config.channel_group.groups.Application;
  if (!group) throw new Error('the channel configuration has no Application group');
  return group;
}

function withApplication(config: ChannelConfig, groups: Record<string, ConfigGroup>): ChannelConfig {
  const copy = structuredClone(config);
  application(copy).groups = groups;
  return copy;
}

export function applicationOrgs(config: ChannelConfig): string[] {
  return Object.keys(application(config).groups).sort();
}

/** The configuration with `mspId`'s group added to the Application group; the original is not changed. */
export function withApplicationOrg(config: ChannelConfig, mspId: string, group: ConfigGroup): ChannelConfig {
  const groups = application(config).groups;
  if (groups[mspId] !== undefined) throw new Error(`${mspId} is already a member of the channel`);
  return withApplication(config, { ...structuredClone(groups), [mspId]: structuredClone(group) });
}

/** The configuration without `mspId`'s group; the original is not changed. */
export function withoutApplicationOrg(config: ChannelConfig, mspId: string): ChannelConfig {
  const groups = structuredClone(application(config).groups);
  if (groups[mspId] === undefined) throw new Error(`${mspId} is not a member of the channel`);
  delete groups[mspId];
  if (Object.keys(groups).length === 0) throw new Error('the channel would have no organization left');
  return withApplication(config, groups);
}

/**
 * How many organization admins must sign a change of the Application group's organizations: its mod policy
 * (`Admins`, an ImplicitMeta rule over the organizations' own Admins policies) counted over the current
 * members, as Fabric evaluates it (common/policies/implicitmeta.go: MAJORITY is more than half).
 */
export function requiredAdminSignatures(config: ChannelConfig): number {
  const group = application(config);
  const name = group.mod_policy ?? 'Admins';
  const policy = group.policies[name]?.policy;
  if (policy?.type !== IMPLICIT_META) {
    throw new Error(`the Application group's ${name} policy is not an ImplicitMeta rule; sign it by hand`);
  }
  const rule = (policy.value as { rule?: string }).rule ?? 'ANY';
  const members = Object.keys(group.groups).length;
  switch (rule) {
    case 'ANY':
      return 1;
    case 'ALL':
      return members;
    case 'MAJORITY':
      return Math.floor(members / 2) + 1;
    default:
      throw new Error(`unknown ImplicitMeta rule ${rule}`);
  }
}

/**
 * The organizations whose admins sign: the first `count` of `candidates` (the topology's order), never the
 * organization being removed, whose signature must not be needed for its own removal.
 */
export function chooseSigners<T extends { mspId: string }>(
  candidates: readonly T[],
  count: number,
  excluding?: string,
): T[] {
  const eligible = candidates.filter((org) => org.mspId !== excluding);
  if (eligible.length < count) {
    throw new Error(
      `the update needs ${count} admin signatures but only ${eligible.length} organizations can sign`,
    );
  }
  return eligible.slice(0, count);
}
