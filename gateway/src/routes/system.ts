import type { FastifyPluginAsync } from 'fastify';
import type { LedgerClient } from '../ledger/ledger-client';
import type { Metrics } from '../observability/metrics';
import { bearer, ledgerObject } from './schemas';

export interface SystemOptions {
  ledger: LedgerClient;
  metrics: Metrics;
}

const liveSchema = {
  tags: ['health'],
  summary: 'Liveness: the process serves requests',
  response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
};

const readySchema = {
  tags: ['health'],
  summary: 'Readiness: every peer connection is READY',
  description:
    'Anonymous callers get the status only; with an operator or auditor token, the state of each peer.',
  response: {
    '2xx': {
      type: 'object',
      properties: {
        status: { type: 'string' },
        peers: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              org: { type: 'string' },
              endpoint: { type: 'string' },
              state: { type: 'string' },
            },
          },
        },
      },
    },
    503: {
      type: 'object',
      properties: { status: { type: 'string' }, peers: { type: 'array', items: ledgerObject } },
    },
  },
};

const metricsSchema = {
  tags: ['health'],
  summary: 'Prometheus metrics (operator tokens and auditors)',
  security: bearer,
};

/** Health probes, Prometheus metrics and the OpenAPI description of the service. */
export const systemRoutes: FastifyPluginAsync<SystemOptions> = (app, { ledger, metrics }) => {
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  app.get('/health/live', { config: { public: true }, schema: liveSchema }, (_request, reply) =>
    reply.send({ status: 'ok' }),
  );

  app.get('/health/ready', { config: { public: true }, schema: readySchema }, async (request, reply) => {
    const report = await ledger.checkReady();
    const status = report.ready ? 'ready' : 'not-ready';
    // Peer endpoints and states map the network for an attacker: operators and auditors only.
    const detailed = request.principal?.operator === true || request.caller?.role === 'auditor';
    return reply.code(report.ready ? 200 : 503).send(detailed ? { status, peers: report.peers } : { status });
  });

  app.get(
    '/metrics',
    { config: { roles: ['auditor'], operator: true }, schema: metricsSchema },
    async (_request, reply) =>
      reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  return Promise.resolve();
};
