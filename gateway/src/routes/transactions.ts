import type { FastifyPluginAsync } from 'fastify';
import type { BlockExplorer } from '../explorer/block-explorer';
import { explorerTarget, EXPLORER_ACCESS } from './explorer-access';
import { bearer, problemResponses, transactionSummarySchema, txIdSchema } from './explorer-schemas';

export interface TransactionRoutesOptions {
  explorer: BlockExplorer;
}

/** One transaction's metadata by id, with the block that holds it (auditors). */
export const transactionRoutes: FastifyPluginAsync<TransactionRoutesOptions> = (app, { explorer }) => {
  app.get<{ Params: { txId: string } }>(
    '/v1/transactions/:txId',
    {
      config: EXPLORER_ACCESS,
      schema: {
        tags: ['explorer'],
        summary: 'A transaction: block, validation code, creator, endorsers, function (never its payload)',
        security: bearer,
        params: { type: 'object', properties: { txId: txIdSchema }, required: ['txId'] },
        response: { 200: transactionSummarySchema, ...problemResponses },
      },
    },
    async (request) => explorer.transaction(explorerTarget(request), request.params.txId),
  );
  return Promise.resolve();
};
