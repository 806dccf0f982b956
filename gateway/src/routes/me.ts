import type { FastifyPluginAsync } from 'fastify';
import { callerOf } from './http-support';
import { bearer, problemResponses } from './schemas';

const meSchema = {
  tags: ['identity'],
  summary: 'The Fabric identity your token acts as (never its key)',
  security: bearer,
  response: {
    200: {
      type: 'object',
      properties: {
        identity: { type: 'string' },
        mspId: { type: 'string' },
        role: { type: 'string' },
        dept: { type: 'string' },
        uscc: { type: 'string' },
      },
    },
    ...problemResponses,
  },
};

/** Who the caller's token acts as. */
export const meRoutes: FastifyPluginAsync = (app) => {
  app.get('/v1/me', { schema: meSchema }, (request, reply) => {
    const { key, mspId, role, dept, uscc } = callerOf(request);
    return reply.send({ identity: key, mspId, role, dept, uscc });
  });
  return Promise.resolve();
};
