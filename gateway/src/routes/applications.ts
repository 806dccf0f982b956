import type { Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type {
  ApplicationService,
  ApplyInput,
  DecisionInput,
  MatchFilter,
} from '../services/application-service';
import {
  applicationIdSchema,
  applyBody,
  bankApplicationsQuery,
  decisionBody,
  loanOutcomeBody,
  matchBody,
  matchUsccSchema,
  mspIdSchema,
} from './financing-schemas';
import { callerOf, requestIdOf } from './http-support';
import { bearer, idempotencyHeader, ledgerObject, ledgerPage, problemResponses, txFields } from './schemas';

export interface ApplicationsOptions {
  applications: ApplicationService;
}

const applicationOutcome = { type: 'object', properties: { application: ledgerObject, ...txFields } };
const applicationParams = {
  type: 'object',
  properties: { applicationId: applicationIdSchema },
  required: ['applicationId'],
};

const matchSchema = {
  tags: ['companies'],
  summary:
    'Rank every active product for your company: per-rule outcomes, score and a tagged evaluation to apply with (evaluated on the gov peer; no bank learns of it)',
  security: bearer,
  params: { type: 'object', properties: { uscc: matchUsccSchema }, required: ['uscc'] },
  body: matchBody,
  response: { 200: ledgerObject, ...problemResponses },
};

const applySchema = {
  tags: ['companies'],
  summary:
    'Apply to a product with a match item’s evaluation and tag; grants the product’s consent in the same step',
  security: bearer,
  headers: idempotencyHeader,
  body: applyBody,
  response: { 201: applicationOutcome, ...problemResponses },
};

const getSchema = {
  tags: ['companies', 'banks', 'auditors'],
  summary: 'One application: the applying company, the bank applied to, or an auditor',
  security: bearer,
  params: applicationParams,
  response: { 200: { type: 'object', properties: { application: ledgerObject } }, ...problemResponses },
};

const decideSchema = {
  tags: ['banks'],
  summary: 'Approve (amount, rate, term within the product’s ranges) or decline (reason codes), once',
  security: bearer,
  headers: idempotencyHeader,
  params: applicationParams,
  body: decisionBody,
  response: { 200: applicationOutcome, ...problemResponses },
};

const listSchema = {
  tags: ['banks', 'auditors'],
  summary: 'A bank’s applications, paged: the bank itself or an auditor',
  security: bearer,
  params: { type: 'object', properties: { mspId: mspIdSchema }, required: ['mspId'] },
  querystring: bankApplicationsQuery,
  response: { 200: ledgerPage, ...problemResponses },
};

const loanOutcomeSchema = {
  tags: ['banks'],
  summary:
    'Report a loan outcome of an approved application as an attested record (raw record and salt go as transient data)',
  security: bearer,
  headers: idempotencyHeader,
  params: applicationParams,
  body: loanOutcomeBody,
  response: {
    201: { type: 'object', properties: { attestation: ledgerObject, salt: { type: 'string' }, ...txFields } },
    ...problemResponses,
  },
};

interface ApplicationParams {
  applicationId: string;
}

/** Matching and applications (companies), decisions and loan outcomes (banks), reads by the parties and auditors. */
export const applicationRoutes: FastifyPluginAsync<ApplicationsOptions> = (app, { applications }) => {
  app.post<{ Params: { uscc: string }; Body: MatchFilter }>(
    '/v1/companies/:uscc/matches',
    { config: { roles: ['company'] }, schema: matchSchema },
    async (request) => applications.match(callerOf(request), request.params.uscc, request.body),
  );

  app.post<{ Body: ApplyInput }>(
    '/v1/applications',
    { config: { roles: ['company'] }, schema: applySchema },
    async (request, reply) =>
      reply.code(201).send(await applications.apply(callerOf(request), request.body, requestIdOf(request))),
  );

  app.get<{ Params: ApplicationParams }>(
    '/v1/applications/:applicationId',
    { config: { roles: ['company', 'bank', 'auditor'] }, schema: getSchema },
    async (request) => applications.get(callerOf(request), request.params.applicationId),
  );

  app.post<{ Params: ApplicationParams; Body: DecisionInput }>(
    '/v1/applications/:applicationId/decision',
    { config: { roles: ['bank'] }, schema: decideSchema },
    async (request) =>
      applications.decide(
        callerOf(request),
        request.params.applicationId,
        request.body,
        requestIdOf(request),
      ),
  );

  app.get<{ Params: { mspId: string }; Querystring: Static<typeof bankApplicationsQuery> }>(
    '/v1/banks/:mspId/applications',
    { config: { roles: ['bank', 'auditor'] }, schema: listSchema },
    async (request) => applications.listByBank(callerOf(request), request.params.mspId, request.query),
  );

  app.post<{ Params: ApplicationParams; Body: Static<typeof loanOutcomeBody> }>(
    '/v1/applications/:applicationId/loan-outcomes',
    { config: { roles: ['bank'] }, schema: loanOutcomeSchema },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await applications.reportLoanOutcome(
            callerOf(request),
            request.params.applicationId,
            request.body.record,
            requestIdOf(request),
          ),
        ),
  );
  return Promise.resolve();
};
