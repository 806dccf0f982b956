import { loadavg } from 'node:os';
import { CLOCK_TICKS_PER_SECOND, machineBusyTicks, processTicks } from './proc-stat';

/**
 * What the machine does during a bench phase: CPU time per network process (/proc), the whole machine's
 * busy time, and the gov peer's Prometheus counters (chaincode state calls by type, endorsements, blocks).
 */

export interface Sample {
  at: number;
  cpuTicks: Map<string, number>;
  clientCpuMicros: number;
  /** Busy ticks of the whole machine (/proc/stat), to tell our load from other work on the box. */
  machineTicks: number;
  metrics: Map<string, number>;
}

/** Which of the gov peer's Prometheus series the bench sums, and under which name. */
function metricKey(name: string, labels: string): string | undefined {
  const shim = /chaincode="credit_/.test(labels);
  const endorser = /chaincode="credit"/.test(labels);
  switch (name) {
    case 'chaincode_shim_request_duration_count':
      return shim ? `shim:${/type="([A-Z_]+)"/.exec(labels)?.[1] ?? '?'}` : undefined;
    case 'chaincode_shim_request_duration_sum':
      return shim ? 'shimSeconds' : undefined;
    case 'endorser_proposal_duration_sum':
      return endorser ? 'endorseSeconds' : undefined;
    case 'endorser_proposal_duration_count':
      return endorser ? 'endorsements' : undefined;
    case 'ledger_block_processing_time_count':
      return /channel="credit"/.test(labels) ? 'blocks' : undefined;
    default:
      return undefined;
  }
}

/** The gov peer's counters: chaincode state calls by type, endorsements, committed blocks. */
async function govPeerMetrics(opsPort: number): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
  const totals = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [, name = '', labels = '', value = '0'] = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line) ?? [];
    const key = metricKey(name, labels);
    if (key !== undefined) totals.set(key, (totals.get(key) ?? 0) + Number(value));
  }
  return totals;
}

export interface Machine {
  pids: Map<string, number>;
  govOpsPort: number;
}

export async function sample(machine: Machine): Promise<Sample> {
  const cpuTicks = new Map([...machine.pids].map(([name, pid]) => [name, processTicks(pid)]));
  const usage = process.cpuUsage();
  return {
    at: Date.now(),
    cpuTicks,
    clientCpuMicros: usage.user + usage.system,
    machineTicks: machineBusyTicks(),
    metrics: await govPeerMetrics(machine.govOpsPort),
  };
}

export interface Usage {
  /** CPU % of one core per process group (200 % = both cores of this machine). */
  cpu: Record<string, number>;
  /** Chaincode state calls per transaction, by type, as the gov peer counted them. */
  calls: Map<string, number>;
  /** Mean endorsement time on the gov peer (proposal in, chaincode run, response signed). */
  endorseMs: number;
  /** Of which the peer spent serving the chaincode's state calls (its side of the round trips only). */
  peerStateMs: number;
  blocks: number;
  /** CPU % of one core used on the whole machine, ours and everything else. */
  machineCpu: number;
}

function cpuGroup(process: string): string {
  if (process === 'peer0.gov') return process;
  // Chaincode servers are named per org, and per deployment slot once upgrades run side by side.
  if (process.startsWith('chaincode.gov')) return 'chaincode.gov';
  if (process.startsWith('orderer')) return 'orderers';
  if (/^peer\d+\./.test(process)) return 'other peers';
  return process.startsWith('chaincode') ? 'other chaincode' : 'CAs';
}

export function usageBetween(start: Sample, end: Sample, txs: number): Usage {
  const seconds = (end.at - start.at) / 1000;
  const cpu: Record<string, number> = {};
  for (const [name, ticks] of end.cpuTicks) {
    const percent = ((ticks - (start.cpuTicks.get(name) ?? 0)) / CLOCK_TICKS_PER_SECOND / seconds) * 100;
    cpu[cpuGroup(name)] = (cpu[cpuGroup(name)] ?? 0) + percent;
  }
  cpu.client = ((end.clientCpuMicros - start.clientCpuMicros) / 1e6 / seconds) * 100;
  const delta = (key: string): number => (end.metrics.get(key) ?? 0) - (start.metrics.get(key) ?? 0);
  const perTx = Math.max(txs, 1);
  const calls = new Map(
    [...end.metrics.keys()]
      .filter((key) => key.startsWith('shim:') && delta(key) / perTx >= 0.05) // others' traffic aside
      .map((key) => [key.slice(5), delta(key) / perTx]),
  );
  const endorsements = Math.max(delta('endorsements'), 1);
  return {
    cpu,
    calls,
    endorseMs: (delta('endorseSeconds') / endorsements) * 1000,
    peerStateMs: (delta('shimSeconds') / perTx) * 1000,
    blocks: delta('blocks'),
    machineCpu: ((end.machineTicks - start.machineTicks) / CLOCK_TICKS_PER_SECOND / seconds) * 100,
  };
}

/** The 1, 5 and 15-minute load averages, printed beside every figure (the 2 cores are shared). */
export function loadAverages(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
}
