import type { PageRequest } from '@sme-credit-ledger/contract';
import type { FastifyPluginAsync } from 'fastify';
import type { AuditService } from '../services/audit-service';
import { callerOf } from './http-support';
import {
  bearer,
  categorySchema,
  ledgerObject,
  ledgerPage,
  pageQuerySchema,
  problemResponses,
  rawRecordSchema,
  saltSchema,
  usccSchema,
} from './schemas';

export interface AuditOptions {
  audit: AuditService;
}

const usccParams = { type: 'object', properties: { uscc: usccSchema }, required: ['uscc'] };

const attestationHistorySchema = {
  tags: ['auditors'],
  summary: 'Attestation history (every version) and erasures of a company',
  security: bearer,
  params: usccParams,
  querystring: { type: 'object', additionalProperties: false, properties: { category: categorySchema } },
  response: { 200: ledgerObject, ...problemResponses },
};

const consentHistorySchema = {
  tags: ['auditors'],
  summary: 'Every consent of a company with its status history, one page at a time',
  security: bearer,
  params: usccParams,
  querystring: { type: 'object', additionalProperties: false, properties: pageQuerySchema },
  response: { 200: ledgerPage, ...problemResponses },
};

const verificationSchema = {
  tags: ['auditors'],
  summary: 'Check a raw record and salt against the on-chain hash (sent as transient data)',
  security: bearer,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['uscc', 'category', 'record', 'salt'],
    properties: { uscc: usccSchema, category: categorySchema, record: rawRecordSchema, salt: saltSchema },
  },
  response: { 200: ledgerObject, ...problemResponses },
};

/** What auditors read of a company's history, and record checks against the on-chain hash. */
export const auditRoutes: FastifyPluginAsync<AuditOptions> = (app, { audit }) => {
  app.get<{ Params: { uscc: string }; Querystring: { category?: string } }>(
    '/v1/companies/:uscc/attestations',
    { config: { roles: ['auditor'] }, schema: attestationHistorySchema },
    async (request) =>
      audit.attestationHistory(callerOf(request), request.params.uscc, request.query.category),
  );

  app.get<{ Params: { uscc: string }; Querystring: PageRequest }>(
    '/v1/companies/:uscc/consent-history',
    { config: { roles: ['auditor'] }, schema: consentHistorySchema },
    async (request) => audit.consentHistory(callerOf(request), request.params.uscc, request.query),
  );

  app.post<{ Body: { uscc: string; category: string; record: Record<string, unknown>; salt: string } }>(
    '/v1/verifications',
    { config: { roles: ['auditor', 'company'] }, schema: verificationSchema },
    async (request) => audit.verifyRecord(callerOf(request), request.body),
  );
  return Promise.resolve();
};
