import type { Category } from '@sme-credit-ledger/contract';
import type { FastifyPluginAsync } from 'fastify';
import type { CatalogCache } from '../services/catalog-cache';
import { callerOf } from './http-support';
import { bearer, ledgerObject, problemResponses } from './schemas';

export interface CatalogOptions {
  catalog: CatalogCache;
}

const listSchema = {
  tags: ['catalog'],
  summary: 'Data categories of the catalog',
  security: bearer,
  response: {
    200: { type: 'object', properties: { categories: { type: 'array', items: ledgerObject } } },
    ...problemResponses,
  },
};

const starterSchema = {
  tags: ['catalog'],
  summary: 'Load the starter catalog shipped with the chaincode (idempotent)',
  security: bearer,
  response: { 200: ledgerObject, ...problemResponses },
};

const defineSchema = {
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
};

/** The data catalog: anyone reads it, catalog administrators define categories. */
export const catalogRoutes: FastifyPluginAsync<CatalogOptions> = (app, { catalog }) => {
  app.get('/v1/categories', { schema: listSchema }, async (request) => ({
    categories: await catalog.list(callerOf(request)),
  }));

  app.post(
    '/v1/catalog/starter',
    { config: { roles: ['catalog-admin'] }, schema: starterSchema },
    async (request) => catalog.loadStarter(callerOf(request)),
  );

  app.put<{ Body: Category }>(
    '/v1/categories',
    { config: { roles: ['catalog-admin'] }, schema: defineSchema },
    async (request) => catalog.define(callerOf(request), request.body),
  );
  return Promise.resolve();
};
