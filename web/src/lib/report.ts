import type { Finding, VerificationReport } from './types';

export interface Bar {
  label: string;
  value: number;
  tone: 'good' | 'bad' | 'warn';
}

/** Failures and warnings counted by their code, most frequent first (then by code, for a stable order). */
export function findingsByKind(report: Pick<VerificationReport, 'failures' | 'warnings'>): Bar[] {
  const count = (findings: Finding[], tone: Bar['tone']): Bar[] => {
    const totals = new Map<string, number>();
    for (const finding of findings) {
      totals.set(finding.code, (totals.get(finding.code) ?? 0) + 1);
    }
    return [...totals].map(([label, value]) => ({ label, value, tone }));
  };
  return [...count(report.failures, 'bad'), ...count(report.warnings, 'warn')].sort(
    (a, b) => b.value - a.value || a.label.localeCompare(b.label),
  );
}

/** Bar lengths in [0, width] proportional to the largest value; all zero when every value is zero. */
export function barLengths(values: readonly number[], width: number): number[] {
  const largest = Math.max(0, ...values);
  return values.map((value) => (largest === 0 ? 0 : Math.round((Math.max(0, value) / largest) * width)));
}
