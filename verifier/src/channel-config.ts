import { common, msp } from '@hyperledger/fabric-protos';

/** NodeOU identifiers of an MSP (Fabric's `FabricNodeOUs`): which certificate OU makes a peer, an admin... */
export interface NodeOus {
  client?: string;
  peer?: string;
  admin?: string;
  orderer?: string;
}

/** One organization's trust roots, as the channel configuration states them (PEM). */
export interface MspTrust {
  mspId: string;
  rootCerts: string[];
  intermediateCerts: string[];
  /** Explicit admin certificates (besides the admin OU). */
  admins: string[];
  nodeOus?: NodeOus;
}

/** Trust roots of the channel taken from a verified config block, never from a peer's word. */
export interface ChannelTrust {
  channelId: string;
  /** Block that carried this configuration. */
  configBlock: number;
  sequence: number;
  applicationMsps: Record<string, MspTrust>;
  ordererMsps: Record<string, MspTrust>;
}

const toPem = (der: Uint8Array): string => {
  const text = Buffer.from(der).toString('utf8');
  // The config stores PEM bytes; accept DER too.
  if (text.includes('-----BEGIN')) {
    return text;
  }
  const base64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
};

/**
 * The map fields of a ConfigGroup. fabric-protos declares them with google-protobuf's `jspb.Map`, whose
 * type declarations are not installed, so they are read through this narrow interface.
 */
interface ConfigMap<V> {
  get(key: string): V | undefined;
  forEach(callback: (value: V, key: string) => void): void;
}

function groupsOf(group: common.ConfigGroup | undefined): ConfigMap<common.ConfigGroup> | undefined {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-return
  return group?.getGroupsMap();
}

function valuesOf(group: common.ConfigGroup): ConfigMap<common.ConfigValue> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-return
  return group.getValuesMap();
}

function ouOf(identifier: msp.FabricOUIdentifier | undefined): string | undefined {
  const value = identifier?.getOrganizationalUnitIdentifier();
  return value === undefined || value === '' ? undefined : value;
}

function mspTrust(group: common.ConfigGroup): MspTrust | undefined {
  const value = valuesOf(group).get('MSP');
  if (value === undefined) {
    return undefined;
  }
  const config = msp.MSPConfig.deserializeBinary(value.getValue_asU8());
  if (config.getType() !== 0) {
    return undefined; // idemix and other non-X.509 MSPs are not used on this channel
  }
  const fabric = msp.FabricMSPConfig.deserializeBinary(config.getConfig_asU8());
  const nodeOus = fabric.getFabricNodeOus();
  const trust: MspTrust = {
    mspId: fabric.getName(),
    rootCerts: fabric.getRootCertsList_asU8().map(toPem),
    intermediateCerts: fabric.getIntermediateCertsList_asU8().map(toPem),
    admins: fabric.getAdminsList_asU8().map(toPem),
  };
  if (nodeOus?.getEnable() === true) {
    const ous: NodeOus = {};
    const client = ouOf(nodeOus.getClientOuIdentifier());
    const peer = ouOf(nodeOus.getPeerOuIdentifier());
    const admin = ouOf(nodeOus.getAdminOuIdentifier());
    const orderer = ouOf(nodeOus.getOrdererOuIdentifier());
    if (client !== undefined) ous.client = client;
    if (peer !== undefined) ous.peer = peer;
    if (admin !== undefined) ous.admin = admin;
    if (orderer !== undefined) ous.orderer = orderer;
    trust.nodeOus = ous;
  }
  return trust;
}

function msps(group: common.ConfigGroup | undefined): Record<string, MspTrust> {
  const result: Record<string, MspTrust> = {};
  groupsOf(group)?.forEach((orgGroup) => {
    const trust = mspTrust(orgGroup);
    if (trust !== undefined) {
      result[trust.mspId] = trust;
    }
  });
  return result;
}

/** Reads each organization's MSP (application and orderer) from a channel configuration. */
export function channelTrustFromConfig(
  config: common.Config,
  channelId: string,
  configBlock: number,
): ChannelTrust {
  const channel = config.getChannelGroup();
  return {
    channelId,
    configBlock,
    sequence: config.getSequence(),
    applicationMsps: msps(groupsOf(channel)?.get('Application')),
    ordererMsps: msps(groupsOf(channel)?.get('Orderer')),
  };
}
