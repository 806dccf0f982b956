import type { FastifyPluginAsync } from 'fastify';
import type { ObjectionStatus, PageRequest } from '@sme-credit-ledger/contract';
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

const objectionsSchema = {
  tags: ['departments', 'companies'],
  summary:
    'Your objections: a department’s are those about the records it attested, a company’s those it raised',
  description:
    'The caller’s certificate says whose list; no parameter names a department or company. Banks are refused. ' +
    'With `status`, or for a department (each call reads a bounded slice of the ledger), a page may hold ' +
    'fewer than pageSize items while bookmark is not empty: follow the bookmark.',
  security: bearer,
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      status: { type: 'string', enum: ['open', 'corrected', 'rejected'] },
      ...pageQuerySchema,
    },
  },
  response: { 200: ledgerPage, ...problemResponses },
};

const applicationsSchema = {
  tags: ['companies', 'banks'],
  summary:
    'Your applications: a company’s to every bank (with bank name, product name, status, decision), a bank’s to itself',
  description:
    'The caller’s certificate says whose list; no parameter names a company or bank, so a bank sees only the ' +
    'applications made to it. A company’s list is read on a gov peer and sealed to the service.',
  security: bearer,
  querystring: { type: 'object', additionalProperties: false, properties: { ...pageQuerySchema } },
  response: { 200: ledgerPage, ...problemResponses },
};

/** Lists of the caller's own records: attestations, erasures, objections and applications. */
export const ownListRoutes: FastifyPluginAsync<OwnListsOptions> = (app, { own }) => {
  app.get<{ Querystring: PageRequest }>(
    '/v1/attestations',
    { config: { roles: ['department'] }, schema: attestationsSchema },
    async (request) => own.attestations(callerOf(request), request.query),
  );

  app.get<{ Querystring: PageRequest & { status?: ObjectionStatus } }>(
    '/v1/objections',
    { config: { roles: ['department', 'company'] }, schema: objectionsSchema },
    async (request) => own.objections(callerOf(request), request.query),
  );

  app.get<{ Querystring: PageRequest }>(
    '/v1/applications',
    { config: { roles: ['company', 'bank'] }, schema: applicationsSchema },
    async (request) => own.applications(callerOf(request), request.query),
  );

  app.get('/v1/erasures', { config: { roles: ['company'] }, schema: erasuresSchema }, async (request) =>
    own.erasures(callerOf(request)),
  );
  return Promise.resolve();
};
