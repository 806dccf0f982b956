import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one service instance, on its own registry (tests build several apps). */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'gateway_http_requests_total',
    help: 'HTTP requests by route, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'gateway_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly fabricPhase = new Histogram({
    name: 'gateway_fabric_phase_duration_seconds',
    help: 'Fabric latency by phase: evaluate, endorse, submit (to orderer), commit (wait for status)',
    labelNames: ['phase', 'transaction'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly fabricRetries = new Counter({
    name: 'gateway_fabric_retries_total',
    help: 'Fabric call retries by cause (endorse, conflict, submit, commit-status)',
    labelNames: ['cause'] as const,
    registers: [this.registry],
  });

  readonly commitStatuses = new Counter({
    name: 'gateway_fabric_commit_status_total',
    help: 'Where submits learned their commit status: event (block stream) or poll (CommitStatus call)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'gateway_errors_total',
    help: 'Problem responses by error code',
    labelNames: ['code', 'status'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics === true) {
      collectDefaultMetrics({ register: this.registry });
    }
  }
}
