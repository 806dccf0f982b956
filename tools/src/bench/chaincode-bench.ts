import { channelTopology } from '@sme-credit-ledger/scripts/channel-members';
import {
  invocationName,
  type AccessResponse,
  type ConsentResponse,
  type CurrentVersionsResponse,
  newReaderKeyPair,
  openAuthorizedRecords,
  type ReadAuthorizedRecordsResponse,
} from '@sme-credit-ledger/contract';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { enrollUser } from '@sme-credit-ledger/scripts/identities';
import { layoutFromEnv } from '@sme-credit-ledger/scripts/layout';
import { status, type Network } from '@sme-credit-ledger/scripts/network';
import { writeProfile, type GatewayProfile } from '@sme-credit-ledger/scripts/profile';
import {
  benchUscc,
  errorCode,
  evaluateConfidential,
  openClients,
  submitJson,
  type Clients,
} from './bench-clients';
import { loadAverages, type Machine } from './bench-machine';
import { attestPhase, registerBenchCompanies, TAX_CATEGORIES, timedPhase } from './attest-phases';
import { printLimits, printReport, type PhaseResult } from './bench-report';

/**
 * Issue 3's chaincode figures on the running local network: committed records/s for single and batch
 * attestations, p50/p99 submit latency, and p50/p99 of the authorized read. Calls go straight through
 * @hyperledger/fabric-gateway to the gov peer (loopback), as department identities, with N submits in
 * flight (submitAsync + getStatus). While each phase runs it samples the CPU time of every network process
 * (/proc/<pid>/stat) and the gov peer's Prometheus counters (state calls the chaincode made, endorsement
 * time), which say what limits the figures. Each phase is bounded in time (BENCH_PHASE_MS, default 12 s).
 * The bench only adds ledger data (attestations, one consent and access per run); it never restarts or
 * reconfigures a node.
 *
 * Bench companies are valid USCCs 91440300BN?????? (registered by SAMR on the first run, kept after);
 * `gov/bench-company` (the first of them) is enrolled once to grant the consent the read phase needs.
 */
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 12_000);
const GROUPS = ['single', 'batch', 'read'];
/** BENCH_ONLY=single,batch,read runs only those groups of phases (default: all); an unknown name is refused. */
const ONLY = new Set((process.env.BENCH_ONLY ?? GROUPS.join(',')).split(',').map((g) => g.trim()));
const BENCH_COMPANY = 'bench-company';

/** One consent and one granted access for Bank1 over the bench company's four TAX categories. */
async function grantedAccess(clients: Clients): Promise<string> {
  const uscc = benchUscc(0);
  const { consent } = await submitJson<ConsentResponse>(
    clients.contract(`gov/${BENCH_COMPANY}`),
    invocationName('consent', 'GrantConsent'),
    {
      requestId: `bench-${randomUUID()}`,
      uscc,
      bankMspId: 'Bank1MSP',
      categories: TAX_CATEGORIES,
      purpose: 'credit-review',
      validFrom: new Date(Date.now() - 60_000).toISOString(),
      validUntil: new Date(Date.now() + 3_600_000).toISOString(),
    },
  );
  const request = {
    consentId: consent.consentId,
    uscc,
    categories: TAX_CATEGORIES,
    purpose: 'credit-review',
  };
  const bank = clients.contract('bank1/officer', 'bank1');
  const { versions } = await evaluateConfidential<CurrentVersionsResponse>(
    bank,
    invocationName('access', 'CurrentVersions'),
    request,
  );
  const { access } = await submitJson<AccessResponse>(bank, invocationName('access', 'RecordAccess'), {
    requestId: `bench-${randomUUID()}`,
    ...request,
    versions,
  });
  if (access.outcome !== 'granted') throw new Error(`access refused: ${access.refusalCode}`);
  return access.accessId;
}

/** Bank1's ReadAuthorizedRecords, evaluated on the gov peer, through the gov peer's or bank1's gateway. */
async function readPhase(
  clients: Clients,
  machine: Machine,
  accessId: string,
  viaOrg: string,
  concurrency: number,
) {
  const contract = clients.contract('bank1/officer', viaOrg);
  const read = async (): Promise<number> => {
    const reader = newReaderKeyPair();
    const sealed = await evaluateConfidential<ReadAuthorizedRecordsResponse>(
      contract,
      invocationName('access', 'ReadAuthorizedRecords'),
      { accessId },
      reader,
    );
    return openAuthorizedRecords(sealed, reader.privateKey).records.length;
  };
  // The gov peer may commit RecordAccess a moment after bank1's peer: wait until the read is allowed.
  for (let attempt = 0; ; attempt += 1) {
    try {
      await read();
      break;
    } catch (error) {
      if (attempt > 40 || errorCode(error) !== 'NOT_FOUND') throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  for (let i = 0; i < 20; i += 1) await read(); // warm-up: connections, JIT
  const name = `ReadAuthorizedRecords via ${viaOrg} peer`;
  return timedPhase(machine, PHASE_MS, { name, concurrency, batchSize: TAX_CATEGORIES.length }, read);
}

// ---- setup and report ----

async function setUp(clients: Clients, network: Network): Promise<Clients> {
  await registerBenchCompanies(clients);
  if (clients.profile.identities.some((i) => i.org === 'gov' && i.name === BENCH_COMPANY)) return clients;
  const attrs = { role: 'company', uscc: benchUscc(0) };
  await enrollUser(network.topology, network.layout, { org: 'gov', name: BENCH_COMPANY, attrs });
  writeProfile(network.topology, network.layout);
  clients.close();
  console.log(`setup: enrolled gov/${BENCH_COMPANY} (uscc ${benchUscc(0)})`);
  return openClients(JSON.parse(readFileSync(network.layout.profileFile, 'utf8')) as GatewayProfile);
}

async function main(): Promise<void> {
  const unknown = [...ONLY].filter((group) => !GROUPS.includes(group));
  if (unknown.length > 0) {
    throw new Error(`BENCH_ONLY names unknown phase groups ${unknown.join(', ')}; use ${GROUPS.join(', ')}`);
  }
  const layout = layoutFromEnv();
  const topology = channelTopology(layout);
  const network: Network = { topology, layout, log: () => undefined };
  const states = status(network);
  // An idle chaincode slot may be down during upgrades; peers and orderers may not.
  const down = states.filter((s) => !s.running && s.spec.kind !== 'chaincode').map((s) => s.spec.name);
  if (down.length > 0) throw new Error(`network processes down: ${down.join(', ')}; run npm run network:up`);
  const govPeer = topology.peerOrgs.find((org) => org.mspId === 'GovMSP')?.peers[0];
  const machine: Machine = {
    pids: new Map(
      states.flatMap((s) => (s.running && s.pid !== undefined ? [[s.spec.name, s.pid] as const] : [])),
    ),
    govOpsPort: govPeer?.opsPort ?? 9446,
  };
  console.log(`chaincode bench: ${PHASE_MS / 1000} s per phase; load average before start ${loadAverages()}`);
  let clients = openClients(JSON.parse(readFileSync(layout.profileFile, 'utf8')) as GatewayProfile);
  try {
    clients = await setUp(clients, network);
    const results: PhaseResult[] = [];
    if (ONLY.has('single')) {
      for (const concurrency of [1, 16, 64])
        results.push(await attestPhase(clients, machine, PHASE_MS, concurrency, 1));
    }
    if (ONLY.has('batch')) {
      for (const [concurrency, batchSize] of [
        [4, 100],
        [16, 100],
        [1, 500],
        [4, 500],
      ] as const) {
        results.push(await attestPhase(clients, machine, PHASE_MS, concurrency, batchSize));
      }
    }
    if (ONLY.has('read')) {
      const accessId = await grantedAccess(clients);
      for (const viaOrg of ['gov', 'bank1'])
        results.push(await readPhase(clients, machine, accessId, viaOrg, 1));
      results.push(await readPhase(clients, machine, accessId, 'gov', 16));
    }
    printReport(results);
    printLimits(results);
    console.log(`load average after: ${loadAverages()}`);
  } finally {
    clients.close();
  }
}

main().catch((error: unknown) => {
  console.error(`chaincode bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
