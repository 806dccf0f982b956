import type { FastifyPluginAsync } from 'fastify';
import type { AccessService, ProfileReadInput } from '../services/access-service';
import type { AccessFilter, AuditService } from '../services/audit-service';
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
  rawRecordSchema,
  usccSchema,
} from './schemas';

export interface AccessOptions {
  access: AccessService;
  audit: AuditService;
}

const proof = {
  type: 'object',
  description: 'Ledger proof: check sha256(salt + RFC 8785 JSON of record) == hash, and the tx in that block',
  properties: {
    txId: { type: 'string' },
    blockNumber: { type: 'string' },
    timestamp: { type: 'string' },
    hash: { type: 'string' },
    algorithm: { type: 'string' },
    version: { type: 'integer' },
    schemaVersion: { type: 'integer' },
    effectiveDate: { type: 'string' },
    department: { type: 'string' },
  },
};

const authorizedProfile = {
  type: 'object',
  properties: {
    accessId: { type: 'string' },
    uscc: { type: 'string' },
    consentId: { type: 'string' },
    access: {
      type: 'object',
      properties: {
        txId: { type: 'string' },
        blockNumber: { type: 'string' },
        recordedAt: { type: 'string' },
      },
    },
    missingCategories: {
      type: 'array',
      items: { type: 'string' },
      description: 'Consented but never attested',
    },
    categories: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          category: { type: 'string' },
          available: { type: 'boolean' },
          disputed: { type: 'boolean' },
          record: rawRecordSchema,
          salt: { type: 'string' },
          proof,
        },
      },
    },
  },
};

const profileReadSchema = {
  tags: ['banks'],
  summary: 'Read the authorized profile: records the access, then returns each record, salt and ledger proof',
  description: 'A refused read is recorded in the access log too and answers 403 with the refusal code.',
  security: bearer,
  headers: idempotencyHeader,
  params: { type: 'object', properties: { uscc: usccSchema }, required: ['uscc'] },
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['consentId', 'purpose'],
    properties: { consentId: idSchema, purpose: purposeSchema, categories: categoryListSchema },
  },
  response: { 200: authorizedProfile, ...problemResponses },
};

const logSchema = {
  tags: ['auditors', 'companies', 'banks'],
  summary: 'Access log: auditors by uscc, bankMspId or time range [from, to); companies and banks their own',
  description:
    'A company gets the accesses to its data by every bank; a bank its own accesses only, refused ones ' +
    'included (403 for another bankMspId, 400 for uscc or a time range).',
  security: bearer,
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      uscc: usccSchema,
      bankMspId: { type: 'string' },
      from: dateTimeSchema,
      to: dateTimeSchema,
      ...pageQuerySchema,
    },
  },
  response: { 200: ledgerPage, ...problemResponses },
};

const getSchema = {
  tags: ['auditors', 'banks'],
  summary: 'One access record',
  security: bearer,
  params: { type: 'object', properties: { accessId: idSchema }, required: ['accessId'] },
  response: { 200: ledgerObject, ...problemResponses },
};

/** Banks read authorized profiles (each read is an access record); the access log and its records. */
export const accessRoutes: FastifyPluginAsync<AccessOptions> = (app, { access, audit }) => {
  app.post<{ Params: { uscc: string }; Body: ProfileReadInput }>(
    '/v1/companies/:uscc/profile-reads',
    { config: { roles: ['bank'] }, schema: profileReadSchema },
    async (request) =>
      access.readProfile(callerOf(request), request.params.uscc, request.body, requestIdOf(request)),
  );

  app.get<{ Querystring: AccessFilter }>(
    '/v1/access',
    { config: { roles: ['auditor', 'company', 'bank'] }, schema: logSchema },
    async (request) => audit.accessLog(callerOf(request), request.query),
  );

  app.get<{ Params: { accessId: string } }>('/v1/access/:accessId', { schema: getSchema }, async (request) =>
    access.getAccess(callerOf(request), request.params.accessId),
  );
  return Promise.resolve();
};
