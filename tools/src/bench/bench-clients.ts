import type * as grpc from '@grpc/grpc-js';
import type { Contract, Gateway } from '@hyperledger/fabric-gateway';
import {
  buildUscc,
  CONFIDENTIAL_TRANSACTIONS,
  confidentialExchange,
  ENDORSING_ORGANIZATIONS,
  invocationName,
  parseErrorCode,
  TRANSIENT_FIELDS,
} from '@sme-credit-ledger/contract';
import { gatewayFor, peerClientTrusting } from '@sme-credit-ledger/network-profile/grpc';
import { randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { GatewayProfile } from '@sme-credit-ledger/scripts/profile';

/** The chaincode bench's clients: bench company codes, gateway connections with native signing, helpers. */

const utf8 = new TextDecoder();
/** A registration may be the first, which makes the platform's pseudonym key from the seed. */
const REGISTRATIONS: readonly string[] = [
  invocationName('company', 'RegisterCompany'),
  invocationName('company', 'RegisterCompanies'),
];

// ---- company codes (GB 32100 / GB 11714, as chaincode/src/domain/uscc.ts checks them) ----

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function benchUscc(index: number): string {
  let digits = '';
  for (let rest = index, i = 0; i < 6; i += 1, rest = Math.floor(rest / 31)) {
    digits = `${USCC_ALPHABET.charAt(rest % 31)}${digits}`;
  }
  const body = `BN${digits}`;
  return buildUscc('91440300', body);
}

// ---- connections ----

export interface Clients {
  profile: GatewayProfile;
  /** `chaincode` defaults to the profile's (credit); the cost bench also calls its reference contract. */
  contract(identity: string, viaOrg?: string, chaincode?: string): Contract;
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
      client = peerClientTrusting(org, readFileSync(org.tlsRootCertPath));
      grpcClients.set(orgKey, client);
    }
    return client;
  };
  return {
    profile,
    contract(identityName, viaOrg = 'gov', chaincode = profile.chaincode) {
      const key = `${identityName}@${viaOrg}`;
      let gateway = gateways.get(key);
      if (gateway === undefined) {
        const identity = profile.identities.find((i) => `${i.org}/${i.name}` === identityName);
        if (!identity) throw new Error(`no identity ${identityName} in the gateway profile`);
        gateway = gatewayFor(
          clientFor(viaOrg),
          {
            mspId: identity.mspId,
            certificate: readFileSync(identity.certPath),
            privateKey: readFileSync(identity.keyPath),
          },
          { evaluateMs: 10_000, endorseMs: 60_000, submitMs: 30_000, commitStatusMs: 120_000 },
        );
        gateways.set(key, gateway);
      }
      return gateway.getNetwork(profile.channel).getContract(chaincode);
    },
    close() {
      for (const gateway of gateways.values()) gateway.close();
      for (const client of grpcClients.values()) client.close();
    },
  };
}

export const json = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));

/**
 * Submits as a client of one's own does: a confidential transaction's request in transient data and its
 * answer opened with a one-time key; a company registration with a pseudonym seed.
 */
export async function submitJson<T>(contract: Contract, name: string, request: object): Promise<T> {
  const seed = { [TRANSIENT_FIELDS.pseudonymSeed]: randomBytes(32).toString('base64url') };
  const exchange = CONFIDENTIAL_TRANSACTIONS.includes(name)
    ? confidentialExchange(name, JSON.stringify(request))
    : undefined;
  const transient = exchange?.transient ?? (REGISTRATIONS.includes(name) ? seed : {});
  const result = await contract.submit(name, {
    arguments: [exchange?.argument ?? JSON.stringify(request)],
    transientData: Object.fromEntries(Object.entries(transient).map(([k, v]) => [k, Buffer.from(v)])),
    endorsingOrganizations: [...ENDORSING_ORGANIZATIONS],
  });
  const text = utf8.decode(result);
  return JSON.parse(exchange === undefined ? text : exchange.open(text)) as T;
}

/** Evaluates a confidential transaction on the gov peer, as `submitJson` submits one. */
export async function evaluateConfidential<T>(
  contract: Contract,
  name: string,
  request: object,
  reader?: { publicKey: string; privateKey: KeyObject },
): Promise<T> {
  const exchange = confidentialExchange(name, JSON.stringify(request), {}, reader);
  const result = await contract.evaluate(name, {
    arguments: [exchange.argument],
    transientData: Object.fromEntries(
      Object.entries(exchange.transient).map(([k, v]) => [k, Buffer.from(v)]),
    ),
    endorsingOrganizations: [...ENDORSING_ORGANIZATIONS],
  });
  return JSON.parse(exchange.open(utf8.decode(result))) as T;
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
