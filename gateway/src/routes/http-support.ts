import type {} from '@fastify/swagger';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors/problem';
import type { IdentityRole } from '../identity/profile';
import type { Caller } from '../services/caller';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Fabric identity an identity token acts as; absent for operator tokens and anonymous calls. */
    caller?: Caller;
    /** The presented token, once authenticated. */
    principal?: { tokenId: string; operator: boolean };
  }
  interface FastifyContextConfig {
    /**
     * Roles allowed on the route; checked after authentication. Omitted: any authenticated identity; empty:
     * no identity (operator tokens only).
     */
    roles?: readonly IdentityRole[];
    /** Operator tokens may call the route too (gateway administration, metrics). */
    operator?: boolean;
    /** No authentication (health and the API description only). */
    public?: boolean;
  }
}

export function callerOf(request: FastifyRequest): Caller {
  if (request.caller === undefined) {
    throw new ApiError('UNAUTHENTICATED', 'send Authorization: Bearer <token>');
  }
  return request.caller;
}

/** The client's Idempotency-Key, or a fresh id (a request without one is still safe to retry inside the gateway). */
export function requestIdOf(request: FastifyRequest): string {
  const header = request.headers['idempotency-key'];
  return typeof header === 'string' && header !== '' ? header : `gw-${randomUUID()}`;
}
