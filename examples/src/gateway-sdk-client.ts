/**
 * A department's client on `@hyperledger/fabric-gateway`, the SDK to choose for new code: the peer's
 * Gateway service does discovery, endorsement and commit waits, so the client holds one connection and an
 * identity. It reads the same standard connection profile and wallet as the fabric-network example.
 *
 *   node examples/dist/gateway-sdk-client.js <connection-gov.json> <wallet dir> <identity> <uscc>
 */
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers } from '@hyperledger/fabric-gateway';
import type { AttestationView, AttestResponse } from '@sme-credit-ledger/contract';
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  attestationHash,
  attestCall,
  runFromCommandLine,
  type ClientOptions,
  type AttestationExample,
  type ExampleResult,
} from './attestation-example';

interface ConnectionProfile {
  client: { organization: string };
  organizations: Record<string, { peers: string[] }>;
  peers: Record<
    string,
    { url: string; tlsCACerts: { pem: string }; grpcOptions: { 'ssl-target-name-override': string } }
  >;
}

interface WalletEntry {
  credentials: { certificate: string; privateKey: string };
  mspId: string;
}

const utf8 = new TextDecoder();

export async function runGatewayExample(
  options: ClientOptions,
  example: AttestationExample,
): Promise<ExampleResult> {
  const profile = JSON.parse(await readFile(options.connectionProfile, 'utf8')) as ConnectionProfile;
  const peerName = profile.organizations[profile.client.organization]?.peers[0];
  const peer = peerName === undefined ? undefined : profile.peers[peerName];
  if (peer === undefined)
    throw new Error(`no peer of ${profile.client.organization} in the connection profile`);
  const entry = JSON.parse(
    await readFile(join(options.walletDir, `${options.identity}.id`), 'utf8'),
  ) as WalletEntry;

  const client = new grpc.Client(
    peer.url.replace(/^grpcs:\/\//, ''),
    grpc.credentials.createSsl(Buffer.from(peer.tlsCACerts.pem)),
    { 'grpc.ssl_target_name_override': peer.grpcOptions['ssl-target-name-override'] },
  );
  const gateway = connect({
    client,
    identity: { mspId: entry.mspId, credentials: Buffer.from(entry.credentials.certificate) },
    signer: signers.newPrivateKeySigner(createPrivateKey(entry.credentials.privateKey)),
    hash: hash.sha256,
    evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
    endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
    submitOptions: () => ({ deadline: Date.now() + 10_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
  });
  try {
    const contract = gateway.getNetwork(options.channel).getContract(options.chaincode);
    const { request, transient } = attestCall(example);
    const attested = JSON.parse(
      utf8.decode(
        await contract.submit('attestation:Attest', {
          arguments: [JSON.stringify(request)],
          transientData: { record: transient.record, salt: transient.salt },
          // Only the government's peers endorse (the chaincode's policy) and hold the raw records.
          endorsingOrganizations: ['GovMSP'],
        }),
      ),
    ) as AttestResponse;
    const read = JSON.parse(
      utf8.decode(
        await contract.evaluate('attestation:GetAttestation', {
          arguments: [JSON.stringify({ uscc: example.uscc, category: example.category })],
          endorsingOrganizations: ['GovMSP'],
        }),
      ),
    ) as AttestationView;
    const verified = attestationHash(example.record, transient.salt) === read.attestation.hash;
    return { attested, read, verified };
  } finally {
    gateway.close();
    client.close();
  }
}

if (require.main === module) {
  runFromCommandLine('gateway-sdk-client.js', runGatewayExample);
}
