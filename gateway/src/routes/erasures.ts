import type { FastifyPluginAsync } from 'fastify';
import type { ObjectionService } from '../services/audit-service';
import { callerOf, requestIdOf } from './http-support';
import {
  bearer,
  categoryListSchema,
  idempotencyHeader,
  ledgerObject,
  problemResponses,
  reasonSchema,
} from './schemas';

export interface ErasuresOptions {
  objections: ObjectionService;
}

const eraseSchema = {
  tags: ['companies'],
  summary: 'Erase the raw records of categories (hashes and history stay on chain)',
  security: bearer,
  headers: idempotencyHeader,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['categories', 'reason'],
    properties: { categories: categoryListSchema, reason: reasonSchema },
  },
  response: { 201: ledgerObject, ...problemResponses },
};

/** A company's erasure of its raw records (the gov private collection); hashes and history stay. */
export const erasureRoutes: FastifyPluginAsync<ErasuresOptions> = (app, { objections }) => {
  app.post<{ Body: { categories: string[]; reason: string } }>(
    '/v1/erasures',
    { config: { roles: ['company'] }, schema: eraseSchema },
    async (request, reply) =>
      reply
        .code(201)
        .send(await objections.requestErasure(callerOf(request), request.body, requestIdOf(request))),
  );
  return Promise.resolve();
};
