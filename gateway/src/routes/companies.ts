import type { FastifyPluginAsync } from 'fastify';
import type { AttestationService } from '../services/attestation-service';
import { callerOf, requestIdOf } from './http-support';
import { bearer, idempotencyHeader, ledgerObject, problemResponses, usccSchema } from './schemas';

export interface CompaniesOptions {
  attestations: AttestationService;
}

const registerSchema = {
  tags: ['departments'],
  summary: 'Register a company by its USCC',
  security: bearer,
  headers: idempotencyHeader,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['uscc'],
    properties: { uscc: usccSchema },
  },
  response: { 201: ledgerObject, ...problemResponses },
};

const getSchema = {
  tags: ['companies'],
  summary: 'Company registration',
  security: bearer,
  params: { type: 'object', properties: { uscc: usccSchema }, required: ['uscc'] },
  response: { 200: ledgerObject, ...problemResponses },
};

/** Company registration: departments register a USCC, any identity reads the registration. */
export const companyRoutes: FastifyPluginAsync<CompaniesOptions> = (app, { attestations }) => {
  app.post<{ Body: { uscc: string } }>(
    '/v1/companies',
    { config: { roles: ['department'] }, schema: registerSchema },
    async (request, reply) => {
      const company = await attestations.registerCompany(
        callerOf(request),
        request.body.uscc,
        requestIdOf(request),
      );
      return reply.code(201).send(company);
    },
  );

  app.get<{ Params: { uscc: string } }>('/v1/companies/:uscc', { schema: getSchema }, async (request) =>
    attestations.getCompany(callerOf(request), request.params.uscc),
  );
  return Promise.resolve();
};
