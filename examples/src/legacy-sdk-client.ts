/**
 * A department's client on `fabric-network` 2.2, the long-term-support SDK many existing integrations use:
 * the standard connection profile and file-system wallet that `npm run network:profiles` writes, service
 * discovery to find the endorsers, and the transaction API with transient data. New code should prefer
 * `@hyperledger/fabric-gateway` (gateway-sdk-client.ts): see this package's README.
 *
 *   node examples/dist/legacy-sdk-client.js <connection-gov.json> <wallet dir> <identity> <uscc>
 */
import type { AttestationView, AttestResponse } from '@sme-credit-ledger/contract';
import { DefaultEventHandlerStrategies, Gateway, Wallets } from 'fabric-network';
import { readFile } from 'node:fs/promises';
import {
  attestationHash,
  attestCall,
  runFromCommandLine,
  type ClientOptions,
  type AttestationExample,
  type ExampleResult,
} from './attestation-example';

export async function runLegacyExample(
  options: ClientOptions,
  example: AttestationExample,
): Promise<ExampleResult> {
  const profile = JSON.parse(await readFile(options.connectionProfile, 'utf8')) as Record<string, unknown>;
  const wallet = await Wallets.newFileSystemWallet(options.walletDir);
  const gateway = new Gateway();
  try {
    await gateway.connect(profile, {
      wallet,
      identity: options.identity,
      // Discovery names peers by their configured endpoints (127.0.0.1 here, which their TLS certificates name).
      discovery: { enabled: true, asLocalhost: false },
      // Wait until the organization's own peers have committed, so a read right after sees the write.
      eventHandlerOptions: { strategy: DefaultEventHandlerStrategies.MSPID_SCOPE_ALLFORTX },
    });
    const contract = (await gateway.getNetwork(options.channel)).getContract(options.chaincode);
    const { request, transient } = attestCall(example);
    const transaction = contract.createTransaction('attestation:Attest');
    // Only the government's peers endorse (the chaincode's policy) and hold the raw records.
    transaction.setEndorsingOrganizations('GovMSP');
    transaction.setTransient({ record: Buffer.from(transient.record), salt: Buffer.from(transient.salt) });
    const attested = JSON.parse(
      (await transaction.submit(JSON.stringify(request))).toString(),
    ) as AttestResponse;
    const read = JSON.parse(
      (
        await contract.evaluateTransaction(
          'attestation:GetAttestation',
          JSON.stringify({ uscc: example.uscc, category: example.category }),
        )
      ).toString(),
    ) as AttestationView;
    const verified = attestationHash(example.record, transient.salt) === read.attestation.hash;
    return { attested, read, verified };
  } finally {
    gateway.disconnect();
  }
}

if (require.main === module) {
  runFromCommandLine('legacy-sdk-client.js', runLegacyExample);
}
