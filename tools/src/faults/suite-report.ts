/** The suite's printed table: one row per fault or load, the same columns for each. */
import { formatCauses, type LoadFigures } from './request-log';

export interface SuiteRow {
  name: string;
  figures?: LoadFigures;
  convergeMs?: number;
  /** Filled once the row is judged; empty means it passed. */
  problems: string[];
  note: string;
  /** Figures a load check adds (e.g. `hashes once: 100000/100000`). */
  extra?: string;
}

const seconds = (ms: number | undefined): string => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);

/** Markdown, so the same text goes into the README. */
export function formatRows(rows: readonly SuiteRow[]): string {
  const header =
    '| fault or load | result | accepted | committed | failed by cause | lost | dup | longest gap | converge | notes |';
  const lines = [header, '| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |'];
  for (const row of rows) {
    const f = row.figures;
    const result = row.note.startsWith('n/a') ? 'n/a' : row.problems.length === 0 ? 'pass' : 'FAIL';
    const told =
      f === undefined
        ? undefined
        : `${f.failedButCommitted} failed-but-committed, ${f.clientRetries} client retries`;
    const notes = [row.note, told, row.extra, ...row.problems]
      .filter((text) => text !== undefined && text !== '')
      .join('; ');
    lines.push(
      `| ${row.name} | ${result} | ${f?.accepted ?? '-'} | ${f?.committed ?? '-'} | ${f === undefined ? '-' : formatCauses(f.failedByCause)} | ${f?.lost ?? '-'} | ${f?.duplicated ?? '-'} | ${seconds(f?.longestGapMs)} | ${seconds(row.convergeMs)} | ${notes.replace(/\|/g, '/')} |`,
    );
  }
  return lines.join('\n');
}

export function printRows(rows: readonly SuiteRow[], mode: string): void {
  console.log(`\nfault suite (${mode} mode), ${new Date().toISOString()}:\n`);
  console.log(formatRows(rows));
  const failed = rows.filter((row) => row.problems.length > 0).length;
  console.log(`\n${rows.length - failed} of ${rows.length} passed${failed > 0 ? `, ${failed} FAILED` : ''}`);
}
