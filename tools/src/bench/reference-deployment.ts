import { collectionDefinitions, RAW_RECORDS_COLLECTION } from '@sme-credit-ledger/contract';
import { PRIVATE_COLLECTION } from '@sme-credit-ledger/reference-chaincode';
import {
  approve,
  buildPackage,
  chaincodeServerSpec,
  commit,
  committedDefinition,
  installPackage,
  type ChaincodeBuild,
} from '@sme-credit-ledger/scripts/chaincode';
import { repoRoot } from '@sme-credit-ledger/scripts/layout';
import type { Network } from '@sme-credit-ledger/scripts/network';
import {
  processState,
  startProcess,
  stopProcess,
  waitReady,
  type ProcessSpec,
} from '@sme-credit-ledger/scripts/processes';
import type { Topology } from '@sme-credit-ledger/scripts/topology';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Deploys the cost bench's reference contract (benchmarks/reference-chaincode) beside `credit` with Fabric's
 * lifecycle, the way `credit` is deployed: a chaincode-as-a-service package per organization, installed on
 * every peer, a server per peer (on the peer's third chaincode port), approved by every organization and
 * committed. Same endorsement policy as credit, and one private collection shaped like credit's raw-record
 * collection (same members, same required copies), so the two differ only in what the contracts do.
 */
const REFERENCE_PATH = 'benchmarks/reference-chaincode';
/**
 * Which collections the reference definition declares. `credit` (the default): its own collection plus all
 * of credit's, unused, so a private write is validated against a definition as large as credit's. `own`:
 * its own collection only, under another name, since Fabric refuses a definition that drops a collection
 * (core/chaincode/lifecycle/scc.go, validateCollConfigsAgainstCommittedDef).
 */
export type ReferenceCollections = 'credit' | 'own';
const NAMES: Record<ReferenceCollections, string> = { credit: 'reference', own: 'reference-lean' };

function referenceTopology(network: Network, name: string): Topology {
  const { topology, layout } = network;
  return {
    ...topology,
    chaincode: {
      ...topology.chaincode,
      name,
      path: REFERENCE_PATH,
      collectionsConfig: join(layout.root, 'chaincode', `${name}-collections.json`),
    },
  };
}

/** Credit's raw-record collection under the reference contract's collection name, and with `allOfCredit` the rest. */
function referenceCollections(topology: Topology, allOfCredit: boolean): string {
  const credit = collectionDefinitions(
    topology.peerOrgs,
    { copies: topology.chaincode.rawRecordCopies },
    topology.retiredBanks,
  );
  const raw = credit.find((collection) => collection.name === RAW_RECORDS_COLLECTION);
  if (!raw) throw new Error(`credit has no ${RAW_RECORDS_COLLECTION} collection to mirror`);
  const collections = [{ ...raw, name: PRIVATE_COLLECTION }, ...(allOfCredit ? credit : [])];
  return `${JSON.stringify(collections, null, 2)}\n`;
}

/** Version from the compiled contract, the collection and the policy, as credit's chaincodeBuild does. */
function referenceBuild(topology: Topology, allOfCredit: boolean): ChaincodeBuild {
  const dist = join(repoRoot, REFERENCE_PATH, 'dist');
  const hash = createHash('sha256');
  for (const file of readdirSync(dist)
    .filter((name) => name.endsWith('.js') && !name.endsWith('.test.js'))
    .sort()) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(dist, file)));
  }
  // The batched state calls it loads from the credit chaincode's package.
  const stateBatch = createRequire(__filename).resolve('@sme-credit-ledger/chaincode/state-batch');
  hash.update(readFileSync(stateBatch));
  const collections = referenceCollections(topology, allOfCredit);
  const collectionsConfig = topology.chaincode.collectionsConfig;
  mkdirSync(join(collectionsConfig, '..'), { recursive: true });
  writeFileSync(collectionsConfig, collections);
  hash.update(collections).update(topology.chaincode.endorsementPolicy);
  const version = hash.digest('hex').slice(0, 12);
  return { version, label: `${topology.chaincode.name}_${version}`, collectionsConfig };
}

/** Installs, starts and (when the build changed) approves and commits the reference contract. */
export async function deployReference(
  network: Network,
  collections: ReferenceCollections = 'credit',
): Promise<{ chaincode: string; servers: ProcessSpec[] }> {
  const { layout } = network;
  const topology = referenceTopology(network, NAMES[collections]);
  const build = referenceBuild(topology, collections === 'credit');
  const servers: ProcessSpec[] = [];
  const packageIds: Record<string, string> = {};
  for (const org of topology.peerOrgs) {
    const pkg = buildPackage(layout, org, build, 'reference');
    packageIds[org.key] = pkg.packageId;
    for (const peer of org.peers) {
      await installPackage(topology, layout, org, pkg.file, pkg.packageId, peer);
      servers.push(chaincodeServerSpec(topology, layout, org, pkg.packageId, 'reference', peer));
    }
  }
  for (const spec of servers) {
    const state = processState(layout, spec);
    if (state.running && !state.stale) continue;
    await stopProcess(layout, spec);
    startProcess(layout, spec);
  }
  await Promise.all(servers.map((spec) => waitReady(layout, spec)));
  const firstOrg = topology.peerOrgs[0];
  if (!firstOrg) throw new Error('no peer organization');
  const committed = await committedDefinition(topology, layout, firstOrg);
  if (committed?.version !== build.version) {
    const sequence = (committed?.sequence ?? 0) + 1;
    for (const org of topology.peerOrgs) {
      await approve(topology, layout, org, build, sequence, packageIds[org.key] ?? '');
    }
    await commit(topology, layout, build, sequence);
    network.log(`committed ${build.label} at sequence ${sequence}`);
  }
  return { chaincode: topology.chaincode.name, servers };
}

/** Stops the reference servers; the definition stays committed for the next run. */
export async function stopReference(network: Network, servers: readonly ProcessSpec[]): Promise<void> {
  for (const spec of servers) await stopProcess(network.layout, spec);
}
