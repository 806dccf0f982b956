import type { Category } from '@sme-credit-ledger/chaincode/api';
import type { FastifyInstance } from 'fastify';
import type { LedgerClient } from '../ledger/ledger-client';
import type { Metrics } from '../observability/metrics';
import type { CatalogCache } from '../services/catalog-cache';
import { callerOf } from './http-support';
import { bearer, ledgerObject, problemResponses } from './schemas';

export function systemRoutes(
  app: FastifyInstance,
  deps: { ledger: LedgerClient; metrics: Metrics; catalog: CatalogCache },
): void {
  app.get(
    '/health/live',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process serves requests',
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
      },
    },
    (_request, reply) => reply.send({ status: 'ok' }),
  );

  app.get(
    '/health/ready',
    {
      config: { public: true },
      schema: {
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
      },
    },
    async (request, reply) => {
      const report = await deps.ledger.checkReady();
      const status = report.ready ? 'ready' : 'not-ready';
      // Peer endpoints and states map the network for an attacker: operators and auditors only.
      const detailed = request.principal?.operator === true || request.caller?.role === 'auditor';
      return reply
        .code(report.ready ? 200 : 503)
        .send(detailed ? { status, peers: report.peers } : { status });
    },
  );

  app.get(
    '/metrics',
    {
      config: { roles: ['auditor'], operator: true },
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics (operator tokens and auditors)',
        security: bearer,
      },
    },
    async (_request, reply) =>
      reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()),
  );

  app.get(
    '/v1/me',
    {
      schema: {
        tags: ['identity'],
        summary: 'The Fabric identity your token acts as (never its key)',
        security: bearer,
        response: {
          200: {
            type: 'object',
            properties: {
              identity: { type: 'string' },
              mspId: { type: 'string' },
              role: { type: 'string' },
              dept: { type: 'string' },
              uscc: { type: 'string' },
            },
          },
          ...problemResponses,
        },
      },
    },
    (request, reply) => {
      const caller = callerOf(request);
      return reply.send({
        identity: caller.key,
        mspId: caller.mspId,
        role: caller.role,
        dept: caller.dept,
        uscc: caller.uscc,
      });
    },
  );

  app.get(
    '/v1/categories',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Data categories of the catalog',
        security: bearer,
        response: {
          200: { type: 'object', properties: { categories: { type: 'array', items: ledgerObject } } },
          ...problemResponses,
        },
      },
    },
    async (request) => ({ categories: await deps.catalog.list(callerOf(request)) }),
  );

  app.post(
    '/v1/catalog/starter',
    {
      config: { roles: ['catalog-admin'] },
      schema: {
        tags: ['catalog'],
        summary: 'Load the starter catalog shipped with the chaincode (idempotent)',
        security: bearer,
        response: { 200: ledgerObject, ...problemResponses },
      },
    },
    async (request) => deps.catalog.loadStarter(callerOf(request)),
  );

  app.put<{ Body: Category }>(
    '/v1/categories',
    {
      config: { roles: ['catalog-admin'] },
      schema: {
        tags: ['catalog'],
        summary: 'Define or update a category (an identical definition writes nothing)',
        security: bearer,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['code', 'name', 'departments', 'schemaVersion', 'sensitivity'],
          properties: {
            code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{1,47}$' },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            departments: {
              type: 'array',
              minItems: 1,
              maxItems: 10,
              items: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{1,15}$' },
            },
            schemaVersion: { type: 'integer', minimum: 1 },
            sensitivity: { type: 'string', enum: ['low', 'medium', 'high'] },
          },
        },
        response: { 200: ledgerObject, ...problemResponses },
      },
    },
    async (request) => deps.catalog.define(callerOf(request), request.body),
  );
}
