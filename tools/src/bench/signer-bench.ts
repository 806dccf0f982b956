// Measures fabric-gateway's pure-JavaScript signer against the node:crypto one, on a proposal-sized message.
// Run: node tools/dist/bench/signer-bench.js
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { hash, signers } from '@hyperledger/fabric-gateway';
import { newNativeSigner, type SigningSetup } from '@sme-credit-ledger/network-profile/grpc';

/** fabric-gateway's pure-JavaScript signer with its default SHA-256 hash: the baseline of the comparison. */
function newLibrarySigner(key: KeyObject): SigningSetup {
  return { signer: signers.newPrivateKeySigner(key), hash: hash.sha256 };
}

async function measure(
  name: string,
  setup: SigningSetup,
  message: Uint8Array,
  count: number,
): Promise<number> {
  for (let i = 0; i < 50; i++) {
    await setup.signer(setup.hash(message));
  }
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    await setup.signer(setup.hash(message));
  }
  const microseconds = Number(process.hrtime.bigint() - start) / 1000 / count;
  console.log(`${name.padEnd(32)} ${microseconds.toFixed(1).padStart(8)} µs/signature`);
  return microseconds;
}

async function main(): Promise<void> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const message = randomBytes(2048);
  const count = 2000;
  const library = await measure(
    'fabric-gateway newPrivateKeySigner',
    newLibrarySigner(privateKey),
    message,
    count,
  );
  const native = await measure('node:crypto sign (hash.none)', newNativeSigner(privateKey), message, count);
  console.log(`speed-up: ${(library / native).toFixed(1)}x`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
