import type { FastifyInstance } from 'fastify';
import type { ConsentDecision, ConsentService, ConsentTermsInput } from '../services/consent-service';
import { callerOf, requestIdOf } from './http-support';
import {
  bearer,
  categoryListSchema,
  dateTimeSchema,
  idempotencyHeader,
  idSchema,
  ledgerObject,
  ledgerPage,
  pageQuerySchema,
  problemResponses,
  purposeSchema,
  reasonSchema,
  txFields,
  usccSchema,
} from './schemas';

const terms = {
  categories: categoryListSchema,
  purpose: purposeSchema,
  validFrom: dateTimeSchema,
  validUntil: dateTimeSchema,
  usageLimit: { type: 'integer', minimum: 1 },
  replacesConsentId: idSchema,
};
const termsRequired = ['categories', 'purpose', 'validFrom', 'validUntil'];
const consentOutcome = {
  type: 'object',
  properties: { consent: ledgerObject, receipt: ledgerObject, ...txFields },
};

export function consentRoutes(app: FastifyInstance, service: ConsentService): void {
  app.post<{ Body: ConsentTermsInput & { uscc: string } }>(
    '/v1/consent-requests',
    {
      config: { roles: ['bank'] },
      schema: {
        tags: ['banks'],
        summary: 'Ask a company for consent to read categories of its profile',
        security: bearer,
        headers: idempotencyHeader,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['uscc', ...termsRequired],
          properties: { uscc: usccSchema, ...terms },
        },
        response: { 201: consentOutcome, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { uscc, ...rest } = request.body;
      return reply.code(201).send(await service.request(callerOf(request), uscc, rest, requestIdOf(request)));
    },
  );

  app.post<{ Body: ConsentTermsInput & { bankMspId: string } }>(
    '/v1/consents',
    {
      config: { roles: ['company'] },
      schema: {
        tags: ['companies'],
        summary: 'Grant a bank consent to read categories of your profile',
        security: bearer,
        headers: idempotencyHeader,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['bankMspId', ...termsRequired],
          properties: { bankMspId: { type: 'string', pattern: '^[A-Za-z0-9]+MSP$' }, ...terms },
        },
        response: { 201: consentOutcome, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { bankMspId, ...rest } = request.body;
      return reply
        .code(201)
        .send(await service.grant(callerOf(request), bankMspId, rest, requestIdOf(request)));
    },
  );

  for (const decision of ['authorise', 'reject', 'revoke'] as const satisfies readonly ConsentDecision[]) {
    app.post<{ Params: { consentId: string }; Body: { reason?: string } | undefined }>(
      `/v1/consents/:consentId/${decision}`,
      {
        config: { roles: ['company'] },
        schema: {
          tags: ['companies'],
          summary: `${decision[0]?.toUpperCase()}${decision.slice(1)} a consent`,
          security: bearer,
          headers: idempotencyHeader,
          params: { type: 'object', properties: { consentId: idSchema }, required: ['consentId'] },
          body: { type: 'object', additionalProperties: false, properties: { reason: reasonSchema } },
          response: { 200: consentOutcome, ...problemResponses },
        },
      },
      async (request) =>
        service.decide(
          callerOf(request),
          request.params.consentId,
          decision,
          requestIdOf(request),
          request.body?.reason,
        ),
    );
  }

  app.get<{ Querystring: { uscc?: string; bankMspId?: string; pageSize?: number; bookmark?: string } }>(
    '/v1/consents',
    {
      config: { roles: ['company', 'bank', 'auditor'] },
      schema: {
        tags: ['companies', 'banks', 'auditors'],
        summary:
          'Consents: a company’s own, those granted to the calling bank, or (auditors) by uscc or bank',
        security: bearer,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { uscc: usccSchema, bankMspId: { type: 'string' }, ...pageQuerySchema },
        },
        response: {
          200: ledgerPage,
          ...problemResponses,
        },
      },
    },
    async (request) => service.list(callerOf(request), request.query),
  );

  app.get<{ Params: { consentId: string } }>(
    '/v1/consents/:consentId',
    {
      schema: {
        tags: ['companies', 'banks', 'auditors'],
        summary: 'One consent with its history and receipt',
        security: bearer,
        params: { type: 'object', properties: { consentId: idSchema }, required: ['consentId'] },
        response: {
          200: { type: 'object', properties: { consent: ledgerObject, receipt: ledgerObject } },
          ...problemResponses,
        },
      },
    },
    async (request) => service.get(callerOf(request), request.params.consentId),
  );
}
