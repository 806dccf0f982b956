import type { PageRequest } from '@sme-credit-ledger/chaincode/api';
import type { FastifyInstance } from 'fastify';
import type { AuditService, ObjectionService } from '../services/audit-service';
import { callerOf, requestIdOf } from './http-support';
import {
  bearer,
  categoryListSchema,
  categorySchema,
  idempotencyHeader,
  idSchema,
  ledgerObject,
  ledgerPage,
  pageQuerySchema,
  problemResponses,
  rawRecordSchema,
  reasonSchema,
  saltSchema,
  usccSchema,
} from './schemas';

const listOf = { type: 'object', properties: { items: { type: 'array', items: ledgerObject } } };
const usccParams = { type: 'object', properties: { uscc: usccSchema }, required: ['uscc'] };

export function auditRoutes(app: FastifyInstance, audit: AuditService, objections: ObjectionService): void {
  app.get<{ Params: { uscc: string }; Querystring: { category?: string } }>(
    '/v1/companies/:uscc/attestations',
    {
      config: { roles: ['auditor'] },
      schema: {
        tags: ['auditors'],
        summary: 'Attestation history (every version) and erasures of a company',
        security: bearer,
        params: usccParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { category: categorySchema },
        },
        response: { 200: ledgerObject, ...problemResponses },
      },
    },
    async (request) =>
      audit.attestationHistory(callerOf(request), request.params.uscc, request.query.category),
  );

  app.get<{ Params: { uscc: string }; Querystring: PageRequest }>(
    '/v1/companies/:uscc/consent-history',
    {
      config: { roles: ['auditor'] },
      schema: {
        tags: ['auditors'],
        summary: 'Every consent of a company with its status history, one page at a time',
        security: bearer,
        params: usccParams,
        querystring: { type: 'object', additionalProperties: false, properties: pageQuerySchema },
        response: { 200: ledgerPage, ...problemResponses },
      },
    },
    async (request) => audit.consentHistory(callerOf(request), request.params.uscc, request.query),
  );

  app.get<{ Params: { uscc: string } }>(
    '/v1/companies/:uscc/objections',
    {
      config: { roles: ['auditor', 'company'] },
      schema: {
        tags: ['auditors'],
        summary: 'Objections raised about a company’s records',
        security: bearer,
        params: usccParams,
        response: { 200: listOf, ...problemResponses },
      },
    },
    async (request) => audit.objections(callerOf(request), request.params.uscc),
  );

  app.post<{ Body: { uscc: string; category: string; record: Record<string, unknown>; salt: string } }>(
    '/v1/verifications',
    {
      config: { roles: ['auditor', 'company'] },
      schema: {
        tags: ['auditors'],
        summary: 'Check a raw record and salt against the on-chain hash (sent as transient data)',
        security: bearer,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['uscc', 'category', 'record', 'salt'],
          properties: {
            uscc: usccSchema,
            category: categorySchema,
            record: rawRecordSchema,
            salt: saltSchema,
          },
        },
        response: { 200: ledgerObject, ...problemResponses },
      },
    },
    async (request) => audit.verifyRecord(callerOf(request), request.body),
  );

  app.post<{ Body: { category: string; version?: number; reason: string; evidenceHash: string } }>(
    '/v1/objections',
    {
      config: { roles: ['company'] },
      schema: {
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
      },
    },
    async (request, reply) =>
      reply.code(201).send(await objections.raise(callerOf(request), request.body, requestIdOf(request))),
  );

  app.post<{
    Params: { objectionId: string };
    Body: { outcome: 'corrected' | 'rejected'; reason: string; correctedVersion?: number };
  }>(
    '/v1/objections/:objectionId/resolution',
    {
      config: { roles: ['department'] },
      schema: {
        tags: ['departments'],
        summary: 'Resolve an objection: corrected (by a newer attestation version) or rejected',
        security: bearer,
        headers: idempotencyHeader,
        params: { type: 'object', properties: { objectionId: idSchema }, required: ['objectionId'] },
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
      },
    },
    async (request) =>
      objections.resolve(callerOf(request), request.params.objectionId, request.body, requestIdOf(request)),
  );

  app.get<{ Params: { objectionId: string } }>(
    '/v1/objections/:objectionId',
    {
      schema: {
        tags: ['auditors'],
        summary: 'One objection',
        security: bearer,
        params: { type: 'object', properties: { objectionId: idSchema }, required: ['objectionId'] },
        response: { 200: ledgerObject, ...problemResponses },
      },
    },
    async (request) => objections.get(callerOf(request), request.params.objectionId),
  );

  app.post<{ Body: { categories: string[]; reason: string } }>(
    '/v1/erasures',
    {
      config: { roles: ['company'] },
      schema: {
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
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await objections.requestErasure(callerOf(request), request.body, requestIdOf(request))),
  );
}
