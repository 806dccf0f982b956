import type { FastifyPluginAsync } from 'fastify';
import type { OfflineCommit, OfflineSigning } from '../ledger/offline-signing';
import { problemResponses } from './schemas';

export interface OfflineOptions {
  offline: OfflineSigning;
}

interface ProposalBody {
  certificate: string;
  transaction: string;
  arguments?: string[];
  transient?: Record<string, string>;
}
type SignedStep = { Params: { transactionId: string }; Body: { signature: string } };

const utf8 = new TextDecoder();
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

const transactionIdParams = {
  type: 'object',
  required: ['transactionId'],
  properties: { transactionId: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
};
/** DER ECDSA P-256 signatures are at most 72 bytes: 96 characters of base64. */
const signatureBody = {
  type: 'object',
  additionalProperties: false,
  required: ['signature'],
  properties: {
    signature: {
      type: 'string',
      minLength: 8,
      maxLength: 128,
      pattern: '^[A-Za-z0-9+/]+={0,2}$',
      description: "Base64 DER ECDSA signature (low S) over the digest, by the certificate's private key",
    },
  },
};
const digestField = { type: 'string', description: 'Base64 SHA-256 digest to sign' };
const commitSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['VALID', 'PENDING'] },
    transactionId: { type: 'string' },
    blockNumber: { type: 'string' },
    result: { type: 'string', description: 'The chaincode answer (UTF-8, usually JSON)' },
    commitDigest: { ...digestField, description: 'PENDING only: sign it and ask the commit status' },
  },
};

const signatureOf = (body: { signature: string }): Uint8Array => Buffer.from(body.signature, 'base64');

function commitAnswer(commit: OfflineCommit): Record<string, string> {
  return commit.status === 'VALID'
    ? {
        status: 'VALID',
        transactionId: commit.transactionId,
        blockNumber: commit.blockNumber.toString(),
        result: utf8.decode(commit.result),
      }
    : { status: 'PENDING', transactionId: commit.transactionId, commitDigest: base64(commit.commitDigest) };
}

const proposalSchema = {
  tags: ['offline signing'],
  summary: "Prepare a transaction proposal for the caller's certificate; sign the digest",
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['certificate', 'transaction'],
    properties: {
      certificate: { type: 'string', minLength: 64, maxLength: 8192, description: 'PEM X.509 certificate' },
      transaction: { type: 'string', pattern: '^[a-z]{1,32}:[A-Z][A-Za-z]{1,63}$' },
      arguments: { type: 'array', maxItems: 8, items: { type: 'string' } },
      transient: {
        type: 'object',
        maxProperties: 8,
        additionalProperties: { type: 'string' },
        description: 'Private inputs: reach the endorsing peer only, never a block',
      },
    },
  },
  response: {
    201: {
      type: 'object',
      properties: {
        transactionId: { type: 'string' },
        digest: digestField,
        expiresAt: { type: 'string', format: 'date-time' },
      },
    },
    ...problemResponses,
  },
};

const endorseSchema = {
  tags: ['offline signing'],
  summary: "Endorse the proposal with the caller's signature; sign the transaction digest returned",
  params: transactionIdParams,
  body: signatureBody,
  response: {
    200: {
      type: 'object',
      properties: {
        transactionId: { type: 'string' },
        digest: digestField,
        result: { type: 'string', description: 'The endorsed answer; it counts once committed VALID' },
      },
    },
    ...problemResponses,
  },
};

const submitSchema = {
  tags: ['offline signing'],
  summary: 'Submit the signed transaction and wait for its commit (PENDING: sign commitDigest)',
  params: transactionIdParams,
  body: signatureBody,
  response: { 200: commitSchema, 202: commitSchema, ...problemResponses },
};

const commitStatusSchema = {
  tags: ['offline signing'],
  summary: "Ask the commit status of a PENDING transaction, with the caller's signed request",
  params: transactionIdParams,
  body: signatureBody,
  response: { 200: commitSchema, ...problemResponses },
};

/** No bearer token on these routes: each step is authorised by the caller's signature instead. */
const anonymous = { public: true };

/**
 * Client-side signing: the caller keeps its private key and sends only its certificate and signatures. No
 * bearer token: the service signs nothing here, every step is authorised by a signature of a certificate of
 * this service's organization (checked before anything is sent), and anonymous calls are rate limited per
 * address like health probes.
 */
export const offlineRoutes: FastifyPluginAsync<OfflineOptions> = (app, { offline }) => {
  app.post<{ Body: ProposalBody }>(
    '/v1/offline/proposals',
    { config: anonymous, schema: proposalSchema },
    async (request, reply) => {
      const { certificate, transaction, transient } = request.body;
      const prepared = await offline.prepare({
        certificate,
        transaction,
        args: request.body.arguments ?? [],
        ...(transient === undefined ? {} : { transient }),
      });
      return reply.code(201).send({
        transactionId: prepared.transactionId,
        digest: base64(prepared.digest),
        expiresAt: prepared.expiresAt.toISOString(),
      });
    },
  );

  app.post<SignedStep>(
    '/v1/offline/proposals/:transactionId/endorse',
    { config: anonymous, schema: endorseSchema },
    async (request) => {
      const endorsed = await offline.endorse(request.params.transactionId, signatureOf(request.body));
      return {
        transactionId: endorsed.transactionId,
        digest: base64(endorsed.digest),
        result: utf8.decode(endorsed.result),
      };
    },
  );

  app.post<SignedStep>(
    '/v1/offline/transactions/:transactionId/submit',
    { config: anonymous, schema: submitSchema },
    async (request, reply) => {
      const commit = await offline.submit(request.params.transactionId, signatureOf(request.body));
      return reply.code(commit.status === 'VALID' ? 200 : 202).send(commitAnswer(commit));
    },
  );

  app.post<SignedStep>(
    '/v1/offline/transactions/:transactionId/commit-status',
    { config: anonymous, schema: commitStatusSchema },
    async (request) =>
      commitAnswer(await offline.commitStatus(request.params.transactionId, signatureOf(request.body))),
  );
  return Promise.resolve();
};
