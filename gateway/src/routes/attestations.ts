import { LIMITS } from '@sme-credit-ledger/contract';
import type { FastifyPluginAsync } from 'fastify';
import type { AttestationService, AttestInput } from '../services/attestation-service';
import { BATCH_BODY_LIMIT } from './body-limits';
import { callerOf, requestIdOf } from './http-support';
import {
  attestItemSchema,
  bearer,
  categorySchema,
  idempotencyHeader,
  ledgerObject,
  problemResponses,
  txFields,
  usccSchema,
} from './schemas';

export interface AttestationsOptions {
  attestations: AttestationService;
}

const attestation = {
  ...ledgerObject,
  description: 'On-chain attestation (hash, version, department, txId, time)',
};

const attestSchema = {
  tags: ['departments'],
  summary: 'Attest one raw record (raw record and salt go to the peer as transient data)',
  security: bearer,
  headers: idempotencyHeader,
  body: {
    ...attestItemSchema,
    properties: { ...attestItemSchema.properties, algorithm: { type: 'string', enum: ['sha256'] } },
  },
  response: {
    201: { type: 'object', properties: { attestation, salt: { type: 'string' }, ...txFields } },
    ...problemResponses,
  },
};

const batchSchema = {
  tags: ['departments'],
  summary: `Attest up to ${LIMITS.maxBatchItems} records in one transaction (all or nothing)`,
  security: bearer,
  headers: idempotencyHeader,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['items'],
    properties: {
      items: { type: 'array', minItems: 1, maxItems: LIMITS.maxBatchItems, items: attestItemSchema },
      algorithm: { type: 'string', enum: ['sha256'] },
    },
  },
  response: {
    201: {
      type: 'object',
      properties: {
        count: { type: 'integer' },
        attestations: { type: 'array', items: { ...attestation, description: 'attestation with its salt' } },
        ...txFields,
      },
    },
    ...problemResponses,
  },
};

const latestSchema = {
  tags: ['companies'],
  summary: 'Latest attestation of a category, with dispute and erasure state (no raw data)',
  security: bearer,
  params: {
    type: 'object',
    properties: { uscc: usccSchema, category: categorySchema },
    required: ['uscc', 'category'],
  },
  response: { 200: ledgerObject, ...problemResponses },
};

/** Departments attest raw records (one or a batch); any identity reads a category's latest attestation. */
export const attestationRoutes: FastifyPluginAsync<AttestationsOptions> = (app, { attestations }) => {
  app.post<{ Body: AttestInput }>(
    '/v1/attestations',
    { config: { roles: ['department'] }, schema: attestSchema },
    async (request, reply) => {
      const outcome = await attestations.attest(callerOf(request), request.body, requestIdOf(request));
      return reply.code(201).send(outcome);
    },
  );

  app.post<{ Body: { items: AttestInput[]; algorithm?: 'sha256' } }>(
    '/v1/attestations/batch',
    { config: { roles: ['department'] }, bodyLimit: BATCH_BODY_LIMIT, schema: batchSchema },
    async (request, reply) => {
      const { items, algorithm } = request.body;
      const outcome = await attestations.attestBatch(
        callerOf(request),
        items,
        requestIdOf(request),
        algorithm,
      );
      return reply.code(201).send(outcome);
    },
  );

  app.get<{ Params: { uscc: string; category: string } }>(
    '/v1/companies/:uscc/attestations/:category',
    { schema: latestSchema },
    async (request) =>
      attestations.getAttestation(callerOf(request), request.params.uscc, request.params.category),
  );
  return Promise.resolve();
};
