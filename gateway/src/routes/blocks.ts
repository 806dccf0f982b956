import type { FastifyPluginAsync } from 'fastify';
import { type BlockExplorer, DEFAULT_BLOCKS_PER_PAGE } from '../explorer/block-explorer';
import { explorerTarget, EXPLORER_ACCESS } from './explorer-access';
import {
  bearer,
  blockDetailSchema,
  blockListQuerySchema,
  blockNumberSchema,
  blockPageSchema,
  problemResponses,
} from './explorer-schemas';

export interface BlockRoutesOptions {
  explorer: BlockExplorer;
}

/** The channel's blocks, newest first, and one block with its transactions' metadata (auditors). */
export const blockRoutes: FastifyPluginAsync<BlockRoutesOptions> = (app, { explorer }) => {
  app.get<{ Querystring: { from?: string; limit?: number } }>(
    '/v1/blocks',
    {
      config: EXPLORER_ACCESS,
      schema: {
        tags: ['explorer'],
        summary: 'Blocks of the channel, newest first, one page at a time',
        security: bearer,
        querystring: blockListQuerySchema,
        response: { 200: blockPageSchema, ...problemResponses },
      },
    },
    async (request) =>
      explorer.listBlocks(
        explorerTarget(request),
        request.query.from === undefined ? undefined : BigInt(request.query.from),
        request.query.limit ?? DEFAULT_BLOCKS_PER_PAGE,
      ),
  );

  app.get<{ Params: { number: string } }>(
    '/v1/blocks/:number',
    {
      config: EXPLORER_ACCESS,
      schema: {
        tags: ['explorer'],
        summary: "One block: hashes and its transactions' metadata (no arguments, no written values)",
        security: bearer,
        params: {
          type: 'object',
          properties: { number: blockNumberSchema },
          required: ['number'],
        },
        response: { 200: blockDetailSchema, ...problemResponses },
      },
    },
    async (request) => explorer.block(explorerTarget(request), BigInt(request.params.number)),
  );
  return Promise.resolve();
};
