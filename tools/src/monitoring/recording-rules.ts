/**
 * The series users look at, precomputed by Prometheus. Fabric's metric names are from its operations
 * documentation (`ledger_transaction_count`, `endorser_proposal_duration`, `ledger_blockchain_height`); the
 * gateway's from `gateway/src/observability/metrics.ts`.
 */
export const RECORDED = {
  committedTps: 'sme:committed_transactions:rate1m',
  endorsementP95: 'sme:endorsement_latency_seconds:p95_1m',
  blockHeight: 'sme:block_height',
  gatewayRequests: 'sme:gateway_requests:rate1m',
  gatewayLatencyP95: 'sme:gateway_request_latency_seconds:p95_1m',
} as const;

export interface RecordingRule {
  record: string;
  expr: string;
}

export const RECORDING_RULES: readonly RecordingRule[] = [
  {
    // Counted once per peer that commits it: divide by the peers to read the channel's rate.
    record: RECORDED.committedTps,
    expr: 'sum by (org, node, channel) (rate(ledger_transaction_count{validation_code="VALID"}[1m]))',
  },
  {
    record: RECORDED.endorsementP95,
    expr: 'histogram_quantile(0.95, sum by (le, org, node) (rate(endorser_proposal_duration_bucket[1m])))',
  },
  { record: RECORDED.blockHeight, expr: 'max by (org, node, channel) (ledger_blockchain_height)' },
  {
    record: RECORDED.gatewayRequests,
    expr: 'sum by (org, route, status) (rate(gateway_http_requests_total[1m]))',
  },
  {
    record: RECORDED.gatewayLatencyP95,
    expr: 'histogram_quantile(0.95, sum by (le, org, route) (rate(gateway_http_request_duration_seconds_bucket[1m])))',
  },
];

/** The rules file Prometheus loads. */
export function rulesFile(): Record<string, unknown> {
  return { groups: [{ name: 'sme-credit-ledger', rules: RECORDING_RULES }] };
}
