import type { FastifyPluginAsync } from 'fastify';
import type { PageRequest } from '@sme-credit-ledger/contract';
import type { OwnListsService } from '../services/own-lists-service';
import { callerOf } from './http-support';
import { bearer, ledgerObject, ledgerPage, pageQuerySchema, problemResponses } from './schemas';

export interface OwnListsOptions {
  own: OwnListsService;
}

const attestationsSchema = {
  tags: ['departments'],
  summary: 'Your department’s attestations, paged (company, category, version order)',
  description:
    'Only the calling department’s; no parameter names another. A page may hold fewer than pageSize items ' +
    'while bookmark is not empty (each call reads a bounded slice of the ledger): follow the bookmark.',
  security: bearer,
  querystring: { type: 'object', additionalProperties: false, properties: { ...pageQuerySchema } },
  response: { 200: ledgerPage, ...problemResponses },
};

const erasuresSchema = {
  tags: ['companies'],
  summary: 'Your company’s erasures of raw records: categories, highest version purged, reason, transaction',
  security: bearer,
  response: {
    200: { type: 'object', properties: { items: { type: 'array', items: ledgerObject } } },
    ...problemResponses,
  },
};

/** Lists of the caller's own records: a department's attestations, a company's erasures. */
export const ownListRoutes: FastifyPluginAsync<OwnListsOptions> = (app, { own }) => {
  app.get<{ Querystring: PageRequest }>(
    '/v1/attestations',
    { config: { roles: ['department'] }, schema: attestationsSchema },
    async (request) => own.attestations(callerOf(request), request.query),
  );

  app.get('/v1/erasures', { config: { roles: ['company'] }, schema: erasuresSchema }, async (request) =>
    own.erasures(callerOf(request)),
  );
  return Promise.resolve();
};
