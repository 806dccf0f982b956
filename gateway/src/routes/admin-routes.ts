import type { FastifyInstance } from 'fastify';
import type { TokenAuthority } from '../app';
import { ApiError } from '../errors/problem';
import { bearer, problemResponses } from './schemas';

const revokedSchema = { type: 'object', properties: { revoked: { type: 'integer' } } };

/**
 * Token revocation for operators: an operator token (CLI `token issue --operator`) and nothing else, since
 * an identity of any role revoking other parties' tokens would be a denial of service on them.
 */
export function adminRoutes(app: FastifyInstance, tokens: TokenAuthority): void {
  app.delete<{ Params: { tokenId: string } }>(
    '/v1/admin/tokens/:tokenId',
    {
      config: { roles: [], operator: true },
      schema: {
        tags: ['operators'],
        summary: 'Revoke one bearer token by its public id (as `token list` shows it); effective at once',
        security: bearer,
        params: {
          type: 'object',
          required: ['tokenId'],
          properties: { tokenId: { type: 'string', pattern: '^[0-9a-f]{12}$' } },
        },
        response: { 200: revokedSchema, ...problemResponses },
      },
    },
    async (request) => {
      if (!(await tokens.revokeById(request.params.tokenId))) {
        throw new ApiError('NOT_FOUND', `no token with id ${request.params.tokenId}`);
      }
      return { revoked: 1 };
    },
  );

  app.delete<{ Querystring: { identity: string } }>(
    '/v1/admin/tokens',
    {
      config: { roles: [], operator: true },
      schema: {
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
      },
    },
    async (request) => ({ revoked: await tokens.revokeIdentity(request.query.identity) }),
  );
}
