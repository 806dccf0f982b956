import type { FastifyPluginAsync } from 'fastify';
import type { TokenAuthority } from '../app';
import { ApiError } from '../errors/problem';
import { bearer, problemResponses } from './schemas';

export interface AdminOptions {
  tokens: TokenAuthority;
}

const revokedSchema = { type: 'object', properties: { revoked: { type: 'integer' } } };
/** Operator tokens only: an empty role list admits no identity. */
const operatorsOnly = { roles: [], operator: true };

const revokeOneSchema = {
  tags: ['operators'],
  summary: 'Revoke one bearer token by its public id (as `token list` shows it); effective at once',
  security: bearer,
  params: {
    type: 'object',
    required: ['tokenId'],
    properties: { tokenId: { type: 'string', pattern: '^[0-9a-f]{12}$' } },
  },
  response: { 200: revokedSchema, ...problemResponses },
};

const revokeIdentitySchema = {
  tags: ['operators'],
  summary: 'Revoke every bearer token of one identity; effective at once',
  security: bearer,
  querystring: {
    type: 'object',
    additionalProperties: false,
    required: ['identity'],
    properties: { identity: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}/[A-Za-z0-9._-]{1,64}$' } },
  },
  response: { 200: revokedSchema, ...problemResponses },
};

/**
 * Token revocation for operators: an operator token (CLI `token issue --operator`) and nothing else, since
 * an identity of any role revoking other parties' tokens would be a denial of service on them.
 */
export const adminRoutes: FastifyPluginAsync<AdminOptions> = (app, { tokens }) => {
  app.delete<{ Params: { tokenId: string } }>(
    '/v1/admin/tokens/:tokenId',
    { config: operatorsOnly, schema: revokeOneSchema },
    async (request) => {
      if (!(await tokens.revokeById(request.params.tokenId))) {
        throw new ApiError('NOT_FOUND', `no token with id ${request.params.tokenId}`);
      }
      return { revoked: 1 };
    },
  );

  app.delete<{ Querystring: { identity: string } }>(
    '/v1/admin/tokens',
    { config: operatorsOnly, schema: revokeIdentitySchema },
    async (request) => ({ revoked: await tokens.revokeIdentity(request.query.identity) }),
  );
  return Promise.resolve();
};
