import type { FastifyPluginAsync } from 'fastify';
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

export interface ConsentsOptions {
  consents: ConsentService;
}

const DECISIONS = ['authorise', 'reject', 'revoke'] as const satisfies readonly ConsentDecision[];

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
const consentIdParams = { type: 'object', properties: { consentId: idSchema }, required: ['consentId'] };

const requestSchema = {
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
};

const grantSchema = {
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
};

const decisionSchema = (decision: ConsentDecision): Record<string, unknown> => ({
  tags: ['companies'],
  summary: `${decision[0]?.toUpperCase()}${decision.slice(1)} a consent`,
  security: bearer,
  headers: idempotencyHeader,
  params: consentIdParams,
  body: { type: 'object', additionalProperties: false, properties: { reason: reasonSchema } },
  response: { 200: consentOutcome, ...problemResponses },
});

const listSchema = {
  tags: ['companies', 'banks', 'auditors'],
  summary: 'Consents: a company’s own, those granted to the calling bank, or (auditors) by uscc or bank',
  security: bearer,
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: { uscc: usccSchema, bankMspId: { type: 'string' }, ...pageQuerySchema },
  },
  response: { 200: ledgerPage, ...problemResponses },
};

const getSchema = {
  tags: ['companies', 'banks', 'auditors'],
  summary: 'One consent with its history and receipt',
  security: bearer,
  params: consentIdParams,
  response: {
    200: { type: 'object', properties: { consent: ledgerObject, receipt: ledgerObject } },
    ...problemResponses,
  },
};

/** Consents: banks ask, companies grant and decide, the parties and auditors read. */
export const consentRoutes: FastifyPluginAsync<ConsentsOptions> = (app, { consents }) => {
  app.post<{ Body: ConsentTermsInput & { uscc: string } }>(
    '/v1/consent-requests',
    { config: { roles: ['bank'] }, schema: requestSchema },
    async (request, reply) => {
      const { uscc, ...rest } = request.body;
      return reply
        .code(201)
        .send(await consents.request(callerOf(request), uscc, rest, requestIdOf(request)));
    },
  );

  app.post<{ Body: ConsentTermsInput & { bankMspId: string } }>(
    '/v1/consents',
    { config: { roles: ['company'] }, schema: grantSchema },
    async (request, reply) => {
      const { bankMspId, ...rest } = request.body;
      return reply
        .code(201)
        .send(await consents.grant(callerOf(request), bankMspId, rest, requestIdOf(request)));
    },
  );

  for (const decision of DECISIONS) {
    app.post<{ Params: { consentId: string }; Body: { reason?: string } | undefined }>(
      `/v1/consents/:consentId/${decision}`,
      { config: { roles: ['company'] }, schema: decisionSchema(decision) },
      async (request) =>
        consents.decide(
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
    { config: { roles: ['company', 'bank', 'auditor'] }, schema: listSchema },
    async (request) => consents.list(callerOf(request), request.query),
  );

  app.get<{ Params: { consentId: string } }>(
    '/v1/consents/:consentId',
    { schema: getSchema },
    async (request) => consents.get(callerOf(request), request.params.consentId),
  );
  return Promise.resolve();
};
