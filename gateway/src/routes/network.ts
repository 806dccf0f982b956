import type { FastifyPluginAsync } from 'fastify';
import type { NetworkHealthProbe } from '../explorer/network-health';
import { explorerTarget, HEALTH_ACCESS } from './explorer-access';
import { bearer, networkHealthSchema, problemResponses } from './explorer-schemas';

export interface NetworkRoutesOptions {
  health: NetworkHealthProbe;
}

/** Live network health: every reachable peer's height and the orderers' Raft leader (auditors and operator tokens). */
export const networkRoutes: FastifyPluginAsync<NetworkRoutesOptions> = (app, { health }) => {
  app.get(
    '/v1/network/health',
    {
      config: HEALTH_ACCESS,
      schema: {
        tags: ['explorer'],
        summary: "Each peer's block height and the orderers' Raft leader and heights, probed now",
        security: bearer,
        response: { 200: networkHealthSchema, ...problemResponses },
      },
    },
    async (request) => health.check(explorerTarget(request).identity),
  );
  return Promise.resolve();
};
