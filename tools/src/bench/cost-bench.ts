import { ENDORSING_ORGANIZATIONS } from '@sme-credit-ledger/contract';
import { RECORD_FIELD } from '@sme-credit-ledger/reference-chaincode';
import { channelTopology } from '@sme-credit-ledger/scripts/channel-members';
import { layoutFromEnv } from '@sme-credit-ledger/scripts/layout';
import { status, type Network } from '@sme-credit-ledger/scripts/network';
import { processState } from '@sme-credit-ledger/scripts/processes';
import type { GatewayProfile } from '@sme-credit-ledger/scripts/profile';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { attestPhase, registerBenchCompanies, timedPhase } from './attest-phases';
import { json, openClients, type Clients } from './bench-clients';
import { loadAverages, type Machine } from './bench-machine';
import { fixed, percentile, type PhaseResult } from './bench-report';
import { deployReference, stopReference, type ReferenceCollections } from './reference-deployment';

/**
 * Issue 17's cost per record, side by side on the running network: our own one-key reference contract
 * (what Fabric's asset-transfer-basic CreateAsset does) against credit's Attest at 16 and 64 in flight, the
 * reference contract with a private record added (what keeping raw data off the blocks costs by itself),
 * and AttestBatch. Same client, same identity (gov/tax-officer), same endorsement policy; rounds alternate
 * the order of the phases, and the ratios are taken within each round, so drift between rounds (other work
 * on the 2 cores) cancels. CPU per committed record sums every network process (/proc/<pid>/stat).
 *
 *   npm run bench:cost -- [--rounds 3] [--phase-seconds 10]
 *
 * Needs the network up (npm start); deploys the reference contract on the first run (a definition
 * `reference` beside `credit`) and stops its servers at the end. Adds bench attestations to the ledger.
 */
interface Round {
  results: Map<string, PhaseResult>;
}

const CONCURRENCY = [16, 64] as const;
const BATCH = { concurrency: 4, size: 500 } as const;

function referencePhase(
  chaincode: string,
  clients: Clients,
  machine: Machine,
  phaseMs: number,
  concurrency: number,
  withPrivate: boolean,
): Promise<PhaseResult> {
  const contract = clients.contract('gov/tax-officer', 'gov', chaincode);
  const run = randomBytes(6).toString('hex');
  let next = 0;
  const name = withPrivate ? 'reference CreateRecordWithPrivate' : 'reference CreateRecord';
  return timedPhase(machine, phaseMs, { name, concurrency, batchSize: 1 }, async (_w, submitted) => {
    next += 1;
    const id = `r${run}-${next}`;
    // About the size of basic's asset, and of a TAX record for the private variant.
    const value = { id, color: 'blue', size: 5, owner: 'Tomoko', appraisedValue: 300 + next };
    const commit = await contract.submitAsync(withPrivate ? 'CreateRecordWithPrivate' : 'CreateRecord', {
      arguments: withPrivate ? [id] : [id, JSON.stringify(value)],
      transientData: withPrivate ? { [RECORD_FIELD]: json({ ...value, period: '2026-Q3' }) } : {},
      endorsingOrganizations: [...ENDORSING_ORGANIZATIONS],
    });
    submitted();
    const commitStatus = await commit.getStatus();
    if (!commitStatus.successful) throw new Error(`commit failed with validation code ${commitStatus.code}`);
    return 1;
  });
}

/** CreateRecordBatch: `size` reference records per transaction; private records none, one key each, or one key. */
function referenceBatchPhase(
  chaincode: string,
  clients: Clients,
  machine: Machine,
  phaseMs: number,
  privacy: 'none' | 'each' | 'one',
  publicKeys = 1,
): Promise<PhaseResult> {
  const contract = clients.contract('gov/tax-officer', 'gov', chaincode);
  const run = randomBytes(6).toString('hex');
  let next = 0;
  const shape = { none: 'public', each: '+private each', one: '+private one key' }[privacy];
  const name = `reference CreateRecordBatch ${shape}${publicKeys > 1 ? `, ${publicKeys} public keys` : ''}`;
  const phase = { name, concurrency: BATCH.concurrency, batchSize: BATCH.size };
  return timedPhase(machine, phaseMs, phase, async (_w, submitted) => {
    next += 1;
    const record = { color: 'blue', size: 5, owner: 'Tomoko', appraisedValue: 300 + next, period: '2026-Q3' };
    const commit = await contract.submitAsync('CreateRecordBatch', {
      arguments: [`b${run}-${next}`, String(BATCH.size), privacy, String(publicKeys)],
      transientData: { [RECORD_FIELD]: json(record) },
      endorsingOrganizations: [...ENDORSING_ORGANIZATIONS],
    });
    submitted();
    const commitStatus = await commit.getStatus();
    if (!commitStatus.successful) throw new Error(`commit failed with validation code ${commitStatus.code}`);
    return BATCH.size;
  });
}

/** Milliseconds of CPU per committed record: every network process, and the bench client separately. */
function cpuPerRecord(result: PhaseResult): { network: number; client: number } {
  const cores = (percent: number): number => (percent / 100) * result.seconds * 1000;
  const network = Object.entries(result.usage.cpu)
    .filter(([group]) => group !== 'client')
    .reduce((sum, [, percent]) => sum + cores(percent), 0);
  const records = Math.max(result.records, 1);
  return { network: network / records, client: cores(result.usage.cpu.client ?? 0) / records };
}

const perSecond = (result: PhaseResult | undefined): number =>
  result === undefined ? Number.NaN : result.records / result.seconds;

function spread(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${fixed(percentile(sorted, 50), 2)} (${fixed(sorted[0] ?? Number.NaN, 2)}-${fixed(sorted.at(-1) ?? Number.NaN, 2)})`;
}

type Phase = [string, () => Promise<PhaseResult>];
interface PhaseContext {
  chaincode: string;
  clients: Clients;
  machine: Machine;
  phaseMs: number;
}

/** Every phase by the key `--only` names it with, in the order a round runs them. */
const PHASES: [string, (c: PhaseContext) => Promise<PhaseResult>][] = [
  ...CONCURRENCY.flatMap((n): [string, (c: PhaseContext) => Promise<PhaseResult>][] => [
    [`ref${n}`, (c) => referencePhase(c.chaincode, c.clients, c.machine, c.phaseMs, n, false)],
    [`attest${n}`, (c) => attestPhase(c.clients, c.machine, c.phaseMs, n, 1)],
    [`refPrivate${n}`, (c) => referencePhase(c.chaincode, c.clients, c.machine, c.phaseMs, n, true)],
  ]),
  ['batch', (c) => attestPhase(c.clients, c.machine, c.phaseMs, BATCH.concurrency, BATCH.size)],
  ['refBatch', (c) => referenceBatchPhase(c.chaincode, c.clients, c.machine, c.phaseMs, 'none')],
  ['refBatchPrivate', (c) => referenceBatchPhase(c.chaincode, c.clients, c.machine, c.phaseMs, 'each')],
  ['refBatchOneKey', (c) => referenceBatchPhase(c.chaincode, c.clients, c.machine, c.phaseMs, 'one')],
  // An attestation's shape (three public keys, one private), and without its salt mark (two).
  ['refBatch3Keys', (c) => referenceBatchPhase(c.chaincode, c.clients, c.machine, c.phaseMs, 'each', 3)],
  ['refBatch2Keys', (c) => referenceBatchPhase(c.chaincode, c.clients, c.machine, c.phaseMs, 'each', 2)],
];

async function runRound(phases: Phase[], index: number): Promise<Round> {
  // Odd rounds run the list backwards, so no phase always follows the same neighbour.
  const order = index % 2 === 0 ? phases : [...phases].reverse();
  const results = new Map<string, PhaseResult>();
  console.log(`round ${index + 1} (load average ${loadavg()[0]?.toFixed(2)})`);
  for (const [key, phase] of order) results.set(key, await phase());
  return { results };
}

const label = (rounds: Round[], key: string): string => {
  const sample = rounds[0]?.results.get(key);
  return `${sample?.name ?? key} x${sample?.concurrency ?? ''}`.padEnd(40);
};

/** CPU per committed record: the total by round, then by process group (median over rounds). */
function printCpu(rounds: Round[]): void {
  const keys = [...(rounds[0]?.results.keys() ?? [])].sort();
  console.log('\nCPU per committed record (ms, all network processes; bench client in brackets), by round:');
  for (const key of keys) {
    const cells = rounds.map((round) => {
      const result = round.results.get(key);
      if (!result) return '-';
      const cpu = cpuPerRecord(result);
      return `${fixed(cpu.network, 2)} [${fixed(cpu.client, 2)}]`;
    });
    console.log(`  ${label(rounds, key)} ${cells.join('   ')}`);
  }
  console.log('\nCPU per committed record by process group (ms, median over rounds):');
  for (const key of keys) {
    const groups = new Map<string, number[]>();
    for (const result of rounds.flatMap((round) => round.results.get(key) ?? [])) {
      for (const [group, percent] of Object.entries(result.usage.cpu)) {
        const ms = ((percent / 100) * result.seconds * 1000) / Math.max(result.records, 1);
        groups.set(group, [...(groups.get(group) ?? []), ms]);
      }
    }
    const cells = [...groups].map(([group, values]) => `${group} ${fixed(percentile(values, 50), 2)}`);
    console.log(`  ${label(rounds, key)} ${cells.join(', ')}`);
  }
}

function printRounds(rounds: Round[]): void {
  const rows: string[][] = [];
  const ratios: Record<string, number[]> = {};
  const collect = (key: string, value: number): number => {
    (ratios[key] ??= []).push(value);
    return value;
  };
  rounds.forEach((round, index) => {
    const get = (key: string) => round.results.get(key);
    for (const n of CONCURRENCY) {
      const ref = perSecond(get(`ref${n}`));
      const attest = perSecond(get(`attest${n}`));
      const priv = perSecond(get(`refPrivate${n}`));
      rows.push([
        String(index + 1),
        String(n),
        fixed(ref),
        fixed(priv),
        fixed(attest),
        fixed(collect(`attest/ref x${n}`, attest / ref), 2),
        fixed(collect(`private/ref x${n}`, priv / ref), 2),
        fixed(collect(`attest/private x${n}`, attest / priv), 2),
      ]);
    }
    collect('batch records/s', perSecond(get('batch')));
    collect('ref batch records/s', perSecond(get('refBatch')));
    collect('ref batch+private rec/s', perSecond(get('refBatchPrivate')));
    collect('ref batch+1 private key', perSecond(get('refBatchOneKey')));
    collect('ref batch 3 keys rec/s', perSecond(get('refBatch3Keys')));
    collect('ref batch 2 keys rec/s', perSecond(get('refBatch2Keys')));
    collect('batch/ref batch+private', perSecond(get('batch')) / perSecond(get('refBatchPrivate')));
    collect('batch/ref 3 keys', perSecond(get('batch')) / perSecond(get('refBatch3Keys')));
    collect('ref 2 keys/3 keys', perSecond(get('refBatch2Keys')) / perSecond(get('refBatch3Keys')));
  });
  console.log(
    '\nround  in flight  ref tx/s  ref+private tx/s  Attest tx/s  Attest/ref  private/ref  Attest/private',
  );
  for (const row of rows) {
    console.log(row.map((cell, i) => cell.padStart([5, 9, 8, 16, 11, 10, 11, 14][i] ?? 8)).join('  '));
  }
  printCpu(rounds);
  console.log('\nmedian (min-max) over rounds:');
  for (const [key, values] of Object.entries(ratios)) console.log(`  ${key.padEnd(22)} ${spread(values)}`);
  console.log(
    'targets (issue 17): Attest/ref >= 0.90 at 16 and 64 in flight; AttestBatch >= 2,000 records/s and <= 1.0 ms CPU per record',
  );
}

function options() {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      'phase-seconds': { type: 'string', default: '10' },
      /** Comma-separated phase keys (ref16, attest16, refPrivate16, the same at 64, batch, refBatch, ...). */
      only: { type: 'string' },
      /** `credit` (default): the reference definition also declares all of credit's collections, unused. */
      collections: { type: 'string', default: 'credit' },
    },
  });
  const rounds = Number(values.rounds);
  const phaseMs = Number(values['phase-seconds']) * 1000;
  if (!Number.isInteger(rounds) || rounds < 1 || !(phaseMs >= 1000)) {
    throw new Error('--rounds must be a whole number >= 1 and --phase-seconds >= 1');
  }
  if (!['own', 'credit'].includes(values.collections)) throw new Error('--collections must be own or credit');
  const only = values.only?.split(',').map((key) => key.trim());
  const unknown = (only ?? []).filter((key) => !PHASES.some(([name]) => name === key));
  if (unknown.length > 0) {
    throw new Error(
      `--only names unknown phases ${unknown.join(', ')}; known: ${PHASES.map(([k]) => k).join(', ')}`,
    );
  }
  return {
    rounds,
    phaseMs,
    only,
    collections: values.collections as ReferenceCollections,
  };
}

async function main(): Promise<void> {
  const { rounds, phaseMs, only, collections } = options();
  const layout = layoutFromEnv();
  const topology = channelTopology(layout);
  const network: Network = { topology, layout, log: (message) => console.log(message) };
  const states = status(network);
  const down = states.filter((s) => !s.running && s.spec.kind !== 'chaincode').map((s) => s.spec.name);
  if (down.length > 0) throw new Error(`network processes down: ${down.join(', ')}; run npm start`);
  const { chaincode, servers } = await deployReference(network, collections);
  try {
    const pids = states.flatMap((s) =>
      s.running && s.pid !== undefined ? [[s.spec.name, s.pid] as const] : [],
    );
    for (const spec of servers) {
      const pid = processState(layout, spec).pid;
      if (pid !== undefined) pids.push([spec.name, pid]);
    }
    const govPeer = topology.peerOrgs.find((org) => org.role === 'gov')?.peers[0];
    const machine: Machine = { pids: new Map(pids), govOpsPort: govPeer?.opsPort ?? 9446 };
    const clients = openClients(JSON.parse(readFileSync(layout.profileFile, 'utf8')) as GatewayProfile);
    try {
      await registerBenchCompanies(clients);
      // Warm-up: connections, the reference servers' first calls, JIT.
      await referencePhase(chaincode, clients, machine, 2_000, 4, false);
      await attestPhase(clients, machine, 2_000, 4, 1);
      const context = { chaincode, clients, machine, phaseMs };
      const phases: Phase[] = PHASES.filter(([key]) => only === undefined || only.includes(key)).map(
        ([key, run]) => [key, () => run(context)],
      );
      const results: Round[] = [];
      for (let index = 0; index < rounds; index += 1) results.push(await runRound(phases, index));
      printRounds(results);
      console.log(`load average after: ${loadAverages()}`);
    } finally {
      clients.close();
    }
  } finally {
    await stopReference(network, servers);
  }
}

main().catch((error: unknown) => {
  console.error(`cost bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
