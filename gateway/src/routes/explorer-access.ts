import type { FastifyContextConfig, FastifyRequest } from 'fastify';
import type { ChannelQueryTarget } from '../ledger/channel-query';
// Declares the `roles` route option the service's auth hook enforces.
import type {} from './http-support';

/**
 * Who may read blocks and transactions: auditors only, whose task is the whole trail. Not banks or
 * companies: a block carries every party's transaction metadata (which bank read or was granted whose data,
 * when, endorsed by whom). Not operator tokens either: they act as no Fabric identity and read nothing of the
 * ledger, so a leaked one still reveals no business (gateway README, threat model).
 */
export const EXPLORER_ACCESS: FastifyContextConfig = { roles: ['auditor'] };

/** Network health (heights, Raft leader) is operational, not business: auditors and operator tokens. */
export const HEALTH_ACCESS: FastifyContextConfig = { roles: ['auditor'], operator: true };

/** Queries sign as the calling auditor; an operator token has no identity, so the service signs. */
export function explorerTarget(request: FastifyRequest): ChannelQueryTarget {
  return request.caller === undefined ? {} : { identity: request.caller.key };
}
