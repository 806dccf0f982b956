// Prometheus monitoring of the network and the gateway services (monitoring-cli.ts runs it).
export { grafanaDashboard } from './grafana-dashboard';
export {
  ensurePrometheus,
  prometheusFiles,
  prometheusSpec,
  startPrometheus,
  stopPrometheus,
  writePrometheusFiles,
} from './prometheus';
export { RECORDED, RECORDING_RULES, rulesFile } from './recording-rules';
export { scrapeConfig, type GatewayTarget } from './scrape-config';
