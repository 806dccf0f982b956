import type { FastifyPluginAsync } from 'fastify';
import type { AuditService, ObjectionService } from '../services/audit-service';
import { callerOf, requestIdOf } from './http-support';
import {
  bearer,
  categorySchema,
  idempotencyHeader,
  idSchema,
  ledgerObject,
  problemResponses,
  reasonSchema,
  usccSchema,
} from './schemas';

export interface ObjectionsOptions {
  objections: ObjectionService;
  audit: AuditService;
}

interface Resolution {
  outcome: 'corrected' | 'rejected';
  reason: string;
  correctedVersion?: number;
}

const listOf = { type: 'object', properties: { items: { type: 'array', items: ledgerObject } } };
const objectionIdParams = {
  type: 'object',
  properties: { objectionId: idSchema },
  required: ['objectionId'],
};

const ofCompanySchema = {
  tags: ['auditors'],
  summary: 'Objections raised about a company’s records',
  security: bearer,
  params: { type: 'object', properties: { uscc: usccSchema }, required: ['uscc'] },
  response: { 200: listOf, ...problemResponses },
};

const raiseSchema = {
  tags: ['companies'],
  summary: 'Object to an attested record of your company',
  security: bearer,
  headers: idempotencyHeader,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['category', 'reason', 'evidenceHash'],
    properties: {
      category: categorySchema,
      version: { type: 'integer', minimum: 1 },
      reason: reasonSchema,
      evidenceHash: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
    },
  },
  response: { 201: ledgerObject, ...problemResponses },
};

const resolveSchema = {
  tags: ['departments'],
  summary: 'Resolve an objection: corrected (by a newer attestation version) or rejected',
  security: bearer,
  headers: idempotencyHeader,
  params: objectionIdParams,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['outcome', 'reason'],
    properties: {
      outcome: { type: 'string', enum: ['corrected', 'rejected'] },
      reason: reasonSchema,
      correctedVersion: { type: 'integer', minimum: 1 },
    },
  },
  response: { 200: ledgerObject, ...problemResponses },
};

const getSchema = {
  tags: ['auditors'],
  summary: 'One objection',
  security: bearer,
  params: objectionIdParams,
  response: { 200: ledgerObject, ...problemResponses },
};

/** Objections to attested records: companies raise them, departments resolve them, auditors follow them. */
export const objectionRoutes: FastifyPluginAsync<ObjectionsOptions> = (app, { objections, audit }) => {
  app.get<{ Params: { uscc: string } }>(
    '/v1/companies/:uscc/objections',
    { config: { roles: ['auditor', 'company'] }, schema: ofCompanySchema },
    async (request) => audit.objections(callerOf(request), request.params.uscc),
  );

  app.post<{ Body: { category: string; version?: number; reason: string; evidenceHash: string } }>(
    '/v1/objections',
    { config: { roles: ['company'] }, schema: raiseSchema },
    async (request, reply) =>
      reply.code(201).send(await objections.raise(callerOf(request), request.body, requestIdOf(request))),
  );

  app.post<{ Params: { objectionId: string }; Body: Resolution }>(
    '/v1/objections/:objectionId/resolution',
    { config: { roles: ['department'] }, schema: resolveSchema },
    async (request) =>
      objections.resolve(callerOf(request), request.params.objectionId, request.body, requestIdOf(request)),
  );

  app.get<{ Params: { objectionId: string } }>(
    '/v1/objections/:objectionId',
    { schema: getSchema },
    async (request) => objections.get(callerOf(request), request.params.objectionId),
  );
  return Promise.resolve();
};
