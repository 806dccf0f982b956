import * as grpc from '@grpc/grpc-js';
import { connect, hash, type Contract, type Gateway } from '@hyperledger/fabric-gateway';
import { ENDORSING_ORGANIZATIONS, parseErrorCode } from '@sme-credit-ledger/chaincode/api';
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { GatewayProfile } from '../network/profile';

/** The chaincode bench's clients: bench company codes, gateway connections with native signing, helpers. */

const utf8 = new TextDecoder();

// ---- company codes (GB 32100 / GB 11714, as chaincode/src/domain/uscc.ts checks them) ----

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export function benchUscc(index: number): string {
  let digits = '';
  for (let rest = index, i = 0; i < 6; i += 1, rest = Math.floor(rest / 31)) {
    digits = `${USCC_ALPHABET.charAt(rest % 31)}${digits}`;
  }
  const body = `BN${digits}`;
  const orgSum = [...body].reduce(
    (sum, char, i) =>
      sum + (/[0-9]/.test(char) ? Number(char) : char.charCodeAt(0) - 55) * (ORG_CODE_WEIGHTS[i] ?? 0),
    0,
  );
  const orgCheck = 11 - (orgSum % 11);
  const first17 = `91440300${body}${orgCheck === 10 ? 'X' : orgCheck === 11 ? '0' : String(orgCheck)}`;
  let sum = 0;
  let weight = 1;
  for (const char of first17) {
    sum += USCC_ALPHABET.indexOf(char) * weight;
    weight = (weight * 3) % 31;
  }
  return `${first17}${USCC_ALPHABET.charAt((31 - (sum % 31)) % 31)}`;
}

// ---- connections ----

/** Order of P-256; Fabric refuses ECDSA signatures whose s is above half of it (malleability). */
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

function derInteger(value: bigint): Buffer {
  const hex = value.toString(16);
  const bytes = Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex');
  const body = (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  return Buffer.concat([Buffer.from([0x02, body.length]), body]);
}

/**
 * ECDSA P-256 with SHA-256 in OpenSSL, low-S normalized and DER encoded, as Fabric expects. The gateway's
 * newPrivateKeySigner signs in JavaScript (about 1 ms a signature here, two per transaction, on the same
 * 2 cores as the network); this one takes about 0.05 ms.
 */
function nativeSigner(key: KeyObject): (message: Uint8Array) => Promise<Uint8Array> {
  return (message) => {
    const raw = sign('sha256', message, { key, dsaEncoding: 'ieee-p1363' });
    const r = BigInt(`0x${raw.subarray(0, 32).toString('hex')}`);
    const s = BigInt(`0x${raw.subarray(32).toString('hex')}`);
    const pair = Buffer.concat([derInteger(r), derInteger(s > P256_ORDER / 2n ? P256_ORDER - s : s)]);
    return Promise.resolve(Buffer.concat([Buffer.from([0x30, pair.length]), pair]));
  };
}

export interface Clients {
  profile: GatewayProfile;
  contract(identity: string, viaOrg?: string): Contract;
  close(): void;
}

export function openClients(profile: GatewayProfile): Clients {
  const grpcClients = new Map<string, grpc.Client>();
  const gateways = new Map<string, Gateway>();
  const clientFor = (orgKey: string): grpc.Client => {
    const org = profile.orgs[orgKey];
    if (!org) throw new Error(`no org ${orgKey} in the gateway profile`);
    let client = grpcClients.get(orgKey);
    if (client === undefined) {
      client = new grpc.Client(
        org.peerEndpoint,
        grpc.credentials.createSsl(readFileSync(org.tlsRootCertPath)),
        {
          'grpc.ssl_target_name_override': org.peerHostAlias,
        },
      );
      grpcClients.set(orgKey, client);
    }
    return client;
  };
  return {
    profile,
    contract(identityName, viaOrg = 'gov') {
      const key = `${identityName}@${viaOrg}`;
      let gateway = gateways.get(key);
      if (gateway === undefined) {
        const identity = profile.identities.find((i) => `${i.org}/${i.name}` === identityName);
        if (!identity) throw new Error(`no identity ${identityName} in the gateway profile`);
        gateway = connect({
          client: clientFor(viaOrg),
          identity: { mspId: identity.mspId, credentials: readFileSync(identity.certPath) },
          // Native signing: with hash.none the signer gets the whole message and OpenSSL hashes it.
          signer: nativeSigner(createPrivateKey(readFileSync(identity.keyPath))),
          hash: hash.none,
          evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
          endorseOptions: () => ({ deadline: Date.now() + 60_000 }),
          submitOptions: () => ({ deadline: Date.now() + 30_000 }),
          commitStatusOptions: () => ({ deadline: Date.now() + 120_000 }),
        });
        gateways.set(key, gateway);
      }
      return gateway.getNetwork(profile.channel).getContract(profile.chaincode);
    },
    close() {
      for (const gateway of gateways.values()) gateway.close();
      for (const client of grpcClients.values()) client.close();
    },
  };
}

export const json = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));

export async function submitJson<T>(contract: Contract, name: string, request: object): Promise<T> {
  const result = await contract.submit(name, {
    arguments: [JSON.stringify(request)],
    endorsingOrganizations: [...ENDORSING_ORGANIZATIONS],
  });
  return JSON.parse(utf8.decode(result)) as T;
}

export function errorCode(error: unknown): string {
  const text = `${error instanceof Error ? error.message : String(error)} ${JSON.stringify(error)}`;
  return (
    parseErrorCode(text) ?? /\b([A-Z_]{6,}_CONFLICT|ENDORSEMENT_POLICY_FAILURE)\b/.exec(text)?.[1] ?? 'OTHER'
  );
}

export async function pool(
  concurrency: number,
  items: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
