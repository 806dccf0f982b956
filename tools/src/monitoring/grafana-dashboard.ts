import { RECORDED } from './recording-rules';

interface Panel {
  title: string;
  expr: string;
  legend: string;
  unit: string;
}

const PANELS: readonly Panel[] = [
  {
    title: 'Committed transactions per second (per peer)',
    expr: RECORDED.committedTps,
    legend: '{{node}}',
    unit: 'ops',
  },
  { title: 'Endorsement latency p95', expr: RECORDED.endorsementP95, legend: '{{node}}', unit: 's' },
  { title: 'Block height per peer', expr: RECORDED.blockHeight, legend: '{{node}}', unit: 'none' },
  {
    title: 'Gateway requests per second',
    expr: `sum by (org, route) (${RECORDED.gatewayRequests})`,
    legend: '{{org}} {{route}}',
    unit: 'reqps',
  },
  {
    title: 'Gateway latency p95',
    expr: RECORDED.gatewayLatencyP95,
    legend: '{{org}} {{route}}',
    unit: 's',
  },
];

/**
 * A Grafana dashboard (JSON model, schema 39) over the recorded series, for operators who run Grafana: import
 * it and choose the Prometheus data source when asked.
 */
export function grafanaDashboard(): Record<string, unknown> {
  return {
    title: 'SME credit ledger',
    uid: 'sme-credit-ledger',
    schemaVersion: 39,
    time: { from: 'now-1h', to: 'now' },
    refresh: '10s',
    __inputs: [{ name: 'DS_PROMETHEUS', label: 'Prometheus', type: 'datasource', pluginId: 'prometheus' }],
    panels: PANELS.map((panel, index) => ({
      id: index + 1,
      type: 'timeseries',
      title: panel.title,
      datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' },
      gridPos: { x: (index % 2) * 12, y: Math.floor(index / 2) * 8, w: 12, h: 8 },
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
      targets: [{ refId: 'A', expr: panel.expr, legendFormat: panel.legend }],
    })),
  };
}
