import type { Usage } from './bench-machine';

/** The chaincode bench's results: one phase each, and the tables and verdict printed from them. */

export interface PhaseResult {
  name: string;
  concurrency: number;
  batchSize: number;
  txs: number;
  records: number;
  failed: Map<string, number>;
  seconds: number;
  latencies: number[];
  /** Submits only: until submitAsync returned (endorsed and accepted by the orderer), before the commit wait. */
  submittedLatencies: number[];
  usage: Usage;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export const fixed = (value: number, digits = 0): string =>
  Number.isFinite(value) ? value.toFixed(digits) : '-';
const callCount = (usage: Usage): number => [...usage.calls.values()].reduce((a, b) => a + b, 0);

function printAligned(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) =>
        i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

export function printReport(results: PhaseResult[]): void {
  const phase = (r: PhaseResult): string[] => [r.name, String(r.concurrency), String(r.batchSize)];
  console.log('');
  printAligned(
    [
      'phase',
      'in flight',
      'records/tx',
      'txs',
      'records/s',
      'tx/s',
      'p50 ms',
      'p99 ms',
      'p50 submitted',
      'failed',
    ],
    results.map((r) => [
      ...phase(r),
      String(r.txs),
      fixed(r.records / r.seconds),
      fixed(r.txs / r.seconds, 1),
      fixed(percentile(r.latencies, 50), 1),
      fixed(percentile(r.latencies, 99), 1),
      fixed(percentile(r.submittedLatencies, 50), 1),
      [...r.failed].map(([code, n]) => `${code} ${n}`).join(', ') || '0',
    ]),
  );
  console.log(
    '\nwhere the time goes: CPU % of one core during the phase (2 cores = 200 %; "others" is work on',
  );
  console.log(
    'the machine outside this network and this client); CPU ms per record over network + client, and',
  );
  console.log(
    'the rate that would give on 2 otherwise idle cores; gov peer endorsement and chaincode state calls',
  );
  const groups = ['peer0.gov', 'chaincode.gov', 'other peers', 'orderers', 'client'];
  printAligned(
    [
      'phase',
      'in flight',
      'records/tx',
      ...groups,
      'others',
      'CPU ms/rec',
      'ceiling/s',
      'endorse ms',
      'calls/tx',
      'ms/call',
      'peer ms/call',
      'by type',
    ],
    results.map((r) => {
      const ours = Object.values(r.usage.cpu).reduce((a, b) => a + b, 0);
      const cpuMsPerRecord = (ours * 10 * r.seconds) / Math.max(r.records, 1);
      const calls = callCount(r.usage);
      return [
        ...phase(r),
        ...groups.map((g) => fixed(r.usage.cpu[g] ?? 0)),
        fixed(r.usage.machineCpu - ours),
        fixed(cpuMsPerRecord, 2),
        fixed(2000 / cpuMsPerRecord),
        fixed(r.usage.endorseMs, 1),
        fixed(calls, 1),
        fixed(r.usage.endorseMs / calls, 2),
        fixed(r.usage.peerStateMs / calls, 3),
        [...r.usage.calls].map(([type, n]) => `${type} ${n.toFixed(1)}`).join(', '),
      ];
    }),
  );
}

/** The verdict per kind of work: what the measured costs allow on this machine. */
export function printLimits(results: PhaseResult[]): void {
  console.log('\nwhat limits it:');
  for (const name of ['AttestBatch', 'single Attest']) {
    const phases = results.filter((r) => r.name === name);
    const best = [...phases].sort((a, b) => b.records / b.seconds - a.records / a.seconds)[0];
    const solo = phases.filter((r) => r.concurrency === 1).sort((a, b) => b.batchSize - a.batchSize)[0];
    if (best === undefined || solo === undefined) continue;
    const ours = Object.values(best.usage.cpu).reduce((a, b) => a + b, 0);
    const cpuMs = (ours * 10 * best.seconds) / Math.max(best.records, 1);
    const calls = callCount(solo.usage);
    console.log(
      `  ${name}: best ${fixed(best.records / best.seconds)} records/s (${best.concurrency} in flight). ` +
        `Alone, one transaction of ${solo.batchSize} endorses in ${fixed(solo.usage.endorseMs)} ms: ` +
        `${fixed(calls)} state calls (${fixed(calls / solo.batchSize, 2)} per record), sent one at a time ` +
        `(~${fixed(solo.usage.endorseMs / calls, 2)} ms each: the shim queues a transaction’s calls; the ` +
        'chaincode reads and writes an attestation list with GET_STATE_MULTIPLE/WRITE_BATCH_STATE), ' +
        `so one in-flight transaction endorses at most ${fixed((solo.batchSize * 1000) / solo.usage.endorseMs)} ` +
        `records/s. A committed record costs ${fixed(cpuMs, 1)} ms CPU over all processes (${fixed(ours)} % ` +
        `of 200 % busy): at most ~${fixed(2000 / cpuMs)} records/s on 2 idle cores.`,
    );
  }
}
