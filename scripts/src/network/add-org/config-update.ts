import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { peerOrgDefinition } from '../channel-config';
import { caCertFile } from '../fabric-ca';
import type { Network } from '../network';
import { peerAdminEnv } from '../nodes';
import { sleep } from '../processes';
import { run } from '../shell';
import { addressOf, type PeerOrg } from '../topology';
import {
  withApplicationOrg,
  withoutApplicationOrg,
  type ChannelConfig,
  type ConfigGroup,
} from './config-json';

/**
 * A channel configuration update the way Fabric's documentation makes one by hand: fetch the latest config
 * block, decode it with `configtxlator`, change the Application group's organizations, compute the update,
 * wrap it in an envelope, collect the admins' signatures the channel's policy asks for, and submit it.
 * Each signature is made by the `peer` CLI as that organization's admin (its own MSP folder): no step holds
 * two organizations' keys.
 */

function configtxlator(net: Network, args: string[]) {
  return run(join(net.layout.binDir, 'configtxlator'), args);
}

function adminCli(net: Network, org: PeerOrg, args: string[]) {
  const env = { ...process.env, ...peerAdminEnv(net.topology, net.layout, org) };
  return run(join(net.layout.binDir, 'peer'), args, { env, timeoutMs: 60_000 });
}

function ordererArgs(net: Network): string[] {
  const orderer = net.topology.ordererOrg.orderers[0];
  if (!orderer) throw new Error('no orderer');
  return [
    '-o',
    `${addressOf(orderer)}:${orderer.port}`,
    '--tls',
    '--cafile',
    caCertFile(net.layout, net.topology.ordererOrg.key),
  ];
}

/** The channel's current configuration, fetched from the ordering service as `org`'s admin. */
export async function fetchChannelConfig(
  net: Network,
  org: PeerOrg,
  workDir: string,
): Promise<ChannelConfig> {
  mkdirSync(workDir, { recursive: true });
  const block = join(workDir, 'config-block.pb');
  await adminCli(net, org, [
    'channel',
    'fetch',
    'config',
    block,
    '-c',
    net.topology.channel,
    ...ordererArgs(net),
  ]);
  const json = join(workDir, 'config-block.json');
  await configtxlator(net, ['proto_decode', '--input', block, '--type', 'common.Block', '--output', json]);
  const decoded = JSON.parse(readFileSync(json, 'utf8')) as {
    data: { data: { payload: { data: { config: ChannelConfig } } }[] };
  };
  const config = decoded.data.data[0]?.payload.data.config;
  if (!config) throw new Error(`no channel configuration in ${block}`);
  return config;
}

/** The organization's group (MSP, policies, anchor peers) as `configtxgen -printOrg` renders it. */
export async function printOrg(net: Network, org: PeerOrg, workDir: string): Promise<ConfigGroup> {
  const dir = join(workDir, `configtx-${org.key}`);
  mkdirSync(dir, { recursive: true });
  // JSON is YAML: configtxgen reads it as the channel's own configtx.yaml is read.
  writeFileSync(
    join(dir, 'configtx.yaml'),
    JSON.stringify({ Organizations: [peerOrgDefinition(net.layout, org)] }, null, 2),
  );
  const { stdout } = await run(
    join(net.layout.binDir, 'configtxgen'),
    ['-printOrg', org.mspId, '-configPath', dir],
    {
      env: { ...process.env, FABRIC_CFG_PATH: dir },
    },
  );
  return JSON.parse(stdout) as ConfigGroup;
}

/** Encodes the original and the modified config, computes the update and writes it as a signable envelope. */
export async function updateEnvelope(
  net: Network,
  original: ChannelConfig,
  modified: ChannelConfig,
  workDir: string,
): Promise<string> {
  const file = (name: string) => join(workDir, name);
  writeFileSync(file('original.json'), JSON.stringify(original));
  writeFileSync(file('modified.json'), JSON.stringify(modified));
  for (const name of ['original', 'modified']) {
    await configtxlator(net, [
      'proto_encode',
      '--input',
      file(`${name}.json`),
      '--type',
      'common.Config',
      '--output',
      file(`${name}.pb`),
    ]);
  }
  await configtxlator(net, [
    'compute_update',
    '--channel_id',
    net.topology.channel,
    '--original',
    file('original.pb'),
    '--updated',
    file('modified.pb'),
    '--output',
    file('update.pb'),
  ]);
  await configtxlator(net, [
    'proto_decode',
    '--input',
    file('update.pb'),
    '--type',
    'common.ConfigUpdate',
    '--output',
    file('update.json'),
  ]);
  const envelope = {
    payload: {
      // Type 2 is HeaderType CONFIG_UPDATE (common/common.proto).
      header: { channel_header: { channel_id: net.topology.channel, type: 2 } },
      data: { config_update: JSON.parse(readFileSync(file('update.json'), 'utf8')) as unknown },
    },
  };
  writeFileSync(file('envelope.json'), JSON.stringify(envelope));
  await configtxlator(net, [
    'proto_encode',
    '--input',
    file('envelope.json'),
    '--type',
    'common.Envelope',
    '--output',
    file('envelope.pb'),
  ]);
  return file('envelope.pb');
}

/**
 * Every signer but the last adds its signature to the envelope file (`peer channel signconfigtx`); the last
 * signs while submitting it (`peer channel update` adds the submitter's signature).
 */
export async function signAndSubmit(
  net: Network,
  envelope: string,
  signers: readonly PeerOrg[],
): Promise<void> {
  const submitter = signers[signers.length - 1];
  if (!submitter) throw new Error('a configuration update needs at least one signer');
  for (const org of signers.slice(0, -1)) {
    await adminCli(net, org, ['channel', 'signconfigtx', '-f', envelope]);
    net.log(`${org.key}'s admin signed the channel configuration update`);
  }
  await adminCli(net, submitter, [
    'channel',
    'update',
    '-f',
    envelope,
    '-c',
    net.topology.channel,
    ...ordererArgs(net),
  ]);
  net.log(`${submitter.key}'s admin signed and submitted the channel configuration update`);
}

/** Polls the ordering service until the channel's configuration satisfies `done`. */
export async function waitForConfig(
  net: Network,
  as: PeerOrg,
  workDir: string,
  done: (config: ChannelConfig) => boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done(await fetchChannelConfig(net, as, workDir))) {
    if (Date.now() > deadline) throw new Error('the channel configuration update did not take effect');
    await sleep(300);
  }
}

/** Which admins sign an update of `config` (requiredAdminSignatures tells how many). */
export type SignerChoice = (config: ChannelConfig) => PeerOrg[];

/**
 * Adds `org` to the channel's Application group, signed by the admins `chooseSigners` names; resolves once
 * the ordering service serves the new configuration. Returns the signers.
 */
export async function addOrgToChannel(
  net: Network,
  org: PeerOrg,
  reader: PeerOrg,
  chooseSigners: SignerChoice,
  workDir: string,
): Promise<PeerOrg[]> {
  const definition = await printOrg(net, org, workDir);
  return updateApplicationGroup(net, reader, chooseSigners, workDir, {
    modify: (config) => withApplicationOrg(config, org.mspId, definition),
    applied: (config) => hasApplicationOrg(config, org.mspId),
  });
}

/** Removes `org` from the channel's Application group, as addOrgToChannel adds one. */
export async function removeOrgFromChannel(
  net: Network,
  org: PeerOrg,
  reader: PeerOrg,
  chooseSigners: SignerChoice,
  workDir: string,
): Promise<PeerOrg[]> {
  return updateApplicationGroup(net, reader, chooseSigners, workDir, {
    modify: (config) => withoutApplicationOrg(config, org.mspId),
    applied: (config) => !hasApplicationOrg(config, org.mspId),
  });
}

/** One configuration update: fetched, changed by `modify`, signed and submitted, then awaited until `applied`. */
async function updateApplicationGroup(
  net: Network,
  reader: PeerOrg,
  chooseSigners: SignerChoice,
  workDir: string,
  change: { modify: (config: ChannelConfig) => ChannelConfig; applied: (config: ChannelConfig) => boolean },
): Promise<PeerOrg[]> {
  const original = await fetchChannelConfig(net, reader, workDir);
  const signers = chooseSigners(original);
  await signAndSubmit(net, await updateEnvelope(net, original, change.modify(original), workDir), signers);
  await waitForConfig(net, reader, workDir, change.applied);
  return signers;
}

export function hasApplicationOrg(config: ChannelConfig, mspId: string): boolean {
  return config.channel_group.groups.Application?.groups[mspId] !== undefined;
}
