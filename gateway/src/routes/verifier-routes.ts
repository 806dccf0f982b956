import type {} from '@fastify/swagger';
import {
  verifyNetworkLedger,
  type NetworkVerificationOptions,
  type VerificationReport,
} from '@sme-credit-ledger/verifier';
import type { FastifyPluginAsync } from 'fastify';
import { ApiError } from '../errors/problem';
// Declares the `roles` route option the service's auth hook enforces.
import type {} from './http-support';

export interface VerifierRoutesOptions {
  /** Gateway profile the service already uses. */
  profilePath: string;
  /** Directory of the service's checkpoints (one file per peer org). */
  checkpointDir: string;
  /** Replaceable in tests. */
  verify?: (options: NetworkVerificationOptions) => Promise<{ report: VerificationReport }>;
}

interface VerificationBody {
  peer?: string;
  fromGenesis?: boolean;
  compareWith?: string;
}

const ORG_KEY = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' } as const;

/**
 * `POST /v1/audit/ledger-verifications` (auditors): runs the verifier package (`@sme-credit-ledger/verifier`)
 * on the chosen peer and answers its report; 200 whether or not the ledger verified (`ok` says which). One
 * run at a time: a second request while one runs gets 409 `VERIFICATION_RUNNING`.
 */
export const verifierRoutes: FastifyPluginAsync<VerifierRoutesOptions> = (app, options) => {
  const verify = options.verify ?? verifyNetworkLedger;
  let running = false;
  app.post<{ Body: VerificationBody }>(
    '/v1/audit/ledger-verifications',
    {
      config: { roles: ['auditor'] },
      schema: {
        tags: ['auditors'],
        summary: 'Verify the ledger from its blocks: hash chain, signatures, policies, authorization rules',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { peer: ORG_KEY, fromGenesis: { type: 'boolean' }, compareWith: ORG_KEY },
        },
      },
    },
    async (request) => {
      if (running) {
        throw new ApiError(
          'VERIFICATION_RUNNING',
          'a ledger verification is already running; retry when it ends',
        );
      }
      running = true;
      try {
        const peer = request.body?.peer ?? 'auditor';
        const { report } = await verify({
          profilePath: options.profilePath,
          peer,
          checkpointPath: `${options.checkpointDir}/ledger-verifier-${peer}.json`,
          fromGenesis: request.body?.fromGenesis === true,
          ...(request.body?.compareWith === undefined ? {} : { compareWith: request.body.compareWith }),
        });
        return report;
      } finally {
        running = false;
      }
    },
  );
  return Promise.resolve();
};
