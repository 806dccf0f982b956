import type { FastifyPluginAsync } from 'fastify';
import { ConsentTermsFields } from '@sme-credit-ledger/contract';
import { Type, type Static } from '@sinclair/typebox';
import type { ConsentDecision, ConsentService } from '../services/consent-service';
import { callerOf, requestIdOf } from './http-support';
import {
  bearer,
  idempotencyHeader,
  idSchema,
  ledgerObject,
  ledgerPage,
  pageQuerySchema,
  problemResponses,
  reasonSchema,
  txFields,
  usccSchema,
} from './schemas';

export interface ConsentsOptions {
  consents: ConsentService;
}

const DECISIONS = ['authorise', 'reject', 'revoke'] as const satisfies readonly ConsentDecision[];

// The consent terms of the contract's RequestConsent and GrantConsent requests; the company comes from the
// body (a bank asking) or the caller's certificate (a company granting), the request id from the header.
const { uscc, ...terms } = ConsentTermsFields;
const requestBody = Type.Object({ uscc, ...terms }, { additionalProperties: false });
/** Stricter than an MSP id: the HTTP API names bank organizations `<Name>MSP`. */
const grantBody = Type.Object(
  { bankMspId: Type.String({ pattern: '^[A-Za-z0-9]+MSP$' }), ...terms },
  { additionalProperties: false },
);
const decisionBody = Type.Object({ reason: Type.Optional(reasonSchema) }, { additionalProperties: false });
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
  body: requestBody,
  response: { 201: consentOutcome, ...problemResponses },
};

const grantSchema = {
  tags: ['companies'],
  summary: 'Grant a bank consent to read categories of your profile',
  security: bearer,
  headers: idempotencyHeader,
  body: grantBody,
  response: { 201: consentOutcome, ...problemResponses },
};

const decisionSchema = (decision: ConsentDecision): Record<string, unknown> => ({
  tags: ['companies'],
  summary: `${decision[0]?.toUpperCase()}${decision.slice(1)} a consent`,
  security: bearer,
  headers: idempotencyHeader,
  params: consentIdParams,
  body: decisionBody,
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
  app.post<{ Body: Static<typeof requestBody> }>(
    '/v1/consent-requests',
    { config: { roles: ['bank'] }, schema: requestSchema },
    async (request, reply) => {
      const { uscc, ...rest } = request.body;
      return reply
        .code(201)
        .send(await consents.request(callerOf(request), uscc, rest, requestIdOf(request)));
    },
  );

  app.post<{ Body: Static<typeof grantBody> }>(
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
    app.post<{ Params: { consentId: string }; Body: Static<typeof decisionBody> | undefined }>(
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
