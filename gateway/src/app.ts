import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifySchemaValidationError } from 'fastify/types/schema';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import path from 'node:path';
import { type Logger, pino } from 'pino';
import type { TokenCheck } from './auth/token-store';
import { consoleRoutes } from './console/console-routes';
import { DEFAULT_LIMITS, type GatewayLimits } from './config';
import { ApiError, RETRY_AFTER_SECONDS } from './errors/problem';
import type { IdentityProfile } from './identity/profile';
import type { LedgerClient } from './ledger/ledger-client';
import type { OfflineSigning } from './ledger/offline-signing';
import type { Metrics } from './observability/metrics';
import { accessRoutes } from './routes/access';
import { adminRoutes } from './routes/admin';
import { attestationRoutes } from './routes/attestations';
import { auditRoutes } from './routes/audit';
import { BODY_LIMIT } from './routes/body-limits';
import { catalogRoutes } from './routes/catalog';
import { companyRoutes } from './routes/companies';
import { applicationRoutes } from './routes/applications';
import { consentRoutes } from './routes/consents';
import { erasureRoutes } from './routes/erasures';
import { eventRoutes } from './routes/events';
import { exceedsDepth, MAX_JSON_DEPTH } from './routes/json-depth';
import { meRoutes } from './routes/me';
import { objectionRoutes } from './routes/objections';
import { offlineRoutes } from './routes/offline';
import { ownListRoutes } from './routes/own-lists';
import { productRoutes } from './routes/products';
import { systemRoutes } from './routes/system';
import { AccessService } from './services/access-service';
import { ApplicationService } from './services/application-service';
import { AttestationService, type SaltPolicy } from './services/attestation-service';
import { AuditService, ObjectionService } from './services/audit-service';
import { CatalogCache } from './services/catalog-cache';
import { requireRole } from './services/caller';
import { ConsentService } from './services/consent-service';
import { CreditLedger } from './services/credit-ledger';
import { EventService } from './services/event-service';
import { OwnListsService } from './services/own-lists-service';
import { ProductService } from './services/product-service';
import { StreamQuota } from './services/stream-quota';
import { verifierRoutes } from './routes/verifier-routes';
import { BlockExplorer } from './explorer/block-explorer';
import { NetworkHealthProbe, type NetworkHealthOptions } from './explorer/network-health';
import { blockRoutes } from './routes/blocks';
import { networkRoutes } from './routes/network';
import { transactionRoutes } from './routes/transactions';

/** The token store as the service uses it: check each presented token, and revoke (admin endpoints). */
export interface TokenAuthority {
  check(token: string): Promise<TokenCheck>;
  revokeById(id: string): Promise<boolean>;
  revokeIdentity(identity: string): Promise<number>;
}

export interface IdentityResolver {
  resolve(key: string): Promise<IdentityProfile | undefined>;
}

export interface AppDependencies {
  ledger: LedgerClient;
  identities: IdentityResolver;
  tokens: TokenAuthority;
  metrics: Metrics;
  /** Omit for a silent app (tests). */
  logger?: Logger;
  checkpointDir: string;
  /** The network's gateway profile; the ledger verifier reads trust anchors and peers from it. */
  profilePath: string;
  /** Salt keys (auth/salt-key-ring.ts) and whether departments may bring their own salts. */
  salts: SaltPolicy;
  /** Per-token rate and per-identity stream caps; defaults in config.ts. */
  limits?: GatewayLimits;
  /** Client-side signing for the service organization's callers (routes under /v1/offline). */
  offline?: OfflineSigning;
  /** PEM certificate and key: serve HTTPS (config refuses a non-loopback address without them). */
  https?: { cert: Buffer; key: Buffer };
  /** The channel and the orderers' operations endpoints, for network health; omitted: no orderers probed. */
  network?: NetworkHealthOptions;
  /** The web console's compiled files, served at `/`; omit to serve none. */
  consoleDir?: string;
}

/** Paths served without a token: health only (the API description too needs a token, like every route). */
const PUBLIC_PREFIXES = ['/health/'];

/** Builds the HTTP service from its dependencies; `main.ts` passes real ones, tests pass fakes. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = deps.logger ?? pino({ level: 'silent' });
  const app: FastifyInstance = Fastify({
    loggerInstance: logger,
    ...(deps.https === undefined ? {} : { https: deps.https }),
    bodyLimit: BODY_LIMIT,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });

  limitJsonDepth(app);
  const limits = deps.limits ?? DEFAULT_LIMITS;
  // Per bearer token, counted after authentication (onRequest) and before the body is read (preParsing);
  // anonymous calls (health probes) per client address.
  await app.register(rateLimit, {
    global: true,
    max: limits.rateLimitPerMinute,
    timeWindow: 60_000,
    hook: 'preParsing',
    keyGenerator: (request) =>
      request.principal === undefined ? `address:${request.ip}` : `token:${request.principal.tokenId}`,
    errorResponseBuilder: (_request, context) =>
      new ApiError(
        'RATE_LIMITED',
        `more than ${context.max} requests a minute with this token; retry in ${context.after}`,
      ),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'SME credit ledger gateway',
        version: '0.1.0',
        description:
          'Each caller acts as its own Fabric identity. Errors are RFC 9457 problem details whose `code` is the ' +
          'chaincode error code (or a gateway code). Writes accept an Idempotency-Key header.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', authenticate(deps));
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    deps.metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    deps.metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) {
      request.log.error({ err: error.cause ?? error, code: apiError.code }, 'request failed');
    } else {
      request.log.info({ code: apiError.code, detail: apiError.detail }, 'request refused');
    }
    deps.metrics.errors.inc({ code: apiError.code, status: String(apiError.status) });
    const retryAfter = RETRY_AFTER_SECONDS[apiError.code];
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    return reply.code(apiError.status).type('application/problem+json').send(apiError.toProblem());
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = new ApiError(
      'ROUTE_NOT_FOUND',
      `no endpoint ${request.method} ${request.url}; see /docs`,
    );
    return reply.code(404).type('application/problem+json').send(problem.toProblem());
  });

  await registerRoutes(app, deps, limits);
  await app.register(verifierRoutes, {
    profilePath: deps.profilePath,
    checkpointDir: path.join(deps.checkpointDir, 'verifier'),
  });
  const explorer = new BlockExplorer(deps.ledger);
  await app.register(blockRoutes, { explorer });
  await app.register(transactionRoutes, { explorer });
  const network = deps.network ?? { channel: '', orderers: [] };
  await app.register(networkRoutes, { health: new NetworkHealthProbe(deps.ledger, explorer, network) });
  if (deps.consoleDir !== undefined) {
    await app.register(consoleRoutes, { root: deps.consoleDir });
  }
  return app;
}

/** One plugin per resource, each given the services it calls. */
async function registerRoutes(
  app: FastifyInstance,
  deps: AppDependencies,
  limits: GatewayLimits,
): Promise<void> {
  const ledger = new CreditLedger(deps.ledger);
  const catalog = new CatalogCache(ledger);
  const attestations = new AttestationService(ledger, catalog, deps.salts);
  const audit = new AuditService(ledger);
  const objections = new ObjectionService(ledger);
  await app.register(adminRoutes, { tokens: deps.tokens });
  await app.register(systemRoutes, { ledger: deps.ledger, metrics: deps.metrics });
  await app.register(meRoutes);
  await app.register(catalogRoutes, { catalog });
  await app.register(companyRoutes, { attestations });
  await app.register(attestationRoutes, { attestations });
  await app.register(consentRoutes, { consents: new ConsentService(ledger, catalog) });
  await app.register(accessRoutes, { access: new AccessService(ledger, deps.ledger), audit });
  await app.register(auditRoutes, { audit });
  await app.register(objectionRoutes, { objections, audit });
  await app.register(erasureRoutes, { objections });
  await app.register(ownListRoutes, { own: new OwnListsService(ledger) });
  await app.register(productRoutes, { products: new ProductService(ledger) });
  await app.register(applicationRoutes, { applications: new ApplicationService(ledger, deps.salts) });
  await app.register(eventRoutes, {
    events: new EventService(deps.ledger, deps.checkpointDir, { ledger, catalog }),
    quota: new StreamQuota(limits),
  });
  if (deps.offline !== undefined) {
    await app.register(offlineRoutes, { offline: deps.offline });
  }
}

/** Fastify's own JSON parser (prototype-poisoning checks included), then a refusal of deep nesting. */
function limitJsonDepth(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    void parseJson(request, body.toString(), (error: Error | null, value?: unknown) => {
      if (error !== null) {
        done(error, undefined);
      } else if (exceedsDepth(value, MAX_JSON_DEPTH)) {
        done(
          new ApiError(
            'VALIDATION_FAILED',
            `JSON nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays`,
          ),
          undefined,
        );
      } else {
        done(null, value);
      }
    });
  });
}

function authenticate(deps: AppDependencies): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const path = request.url.split('?')[0] ?? '';
    const isPublic =
      request.routeOptions.config.public === true ||
      PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix));
    // Public routes serve anonymous callers, and tell a caller with a token more (health details).
    if (isPublic && request.headers.authorization === undefined) {
      return;
    }
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(request.headers.authorization ?? '');
    if (match?.[1] === undefined) {
      throw new ApiError(
        'UNAUTHENTICATED',
        'send Authorization: Bearer <token> (issue one with the CLI: token issue)',
      );
    }
    const { tokenId, operator, identity } = await holderOf(deps, match[1]);
    request.principal = { tokenId, operator };
    if (identity !== undefined) {
      request.caller = identity;
      request.log.debug({ identity: identity.key }, 'authenticated');
    }
    if (!isPublic) {
      authorize(request, path);
    }
  };
}

/**
 * Who holds a presented token: an operator, or a Fabric identity of the profile.
 * @throws ApiError UNAUTHENTICATED for an unknown, revoked or expired token, or an identity gone from the profile.
 */
async function holderOf(
  deps: AppDependencies,
  token: string,
): Promise<{ tokenId: string; operator: boolean; identity?: IdentityProfile }> {
  const check = await deps.tokens.check(token);
  if (check.status === 'expired') {
    throw new ApiError(
      'UNAUTHENTICATED',
      `the bearer token expired at ${check.expiresAt.toISOString()}; issue a new one with the CLI: token issue`,
    );
  }
  if (check.status === 'unknown') {
    throw new ApiError('UNAUTHENTICATED', 'the bearer token is unknown or revoked');
  }
  if (check.status === 'foreign') {
    throw new ApiError(
      'FORBIDDEN',
      `the bearer token belongs to ${check.org}'s gateway service; this service acts only for its own organization`,
    );
  }
  if (check.operator) {
    return { tokenId: check.tokenId, operator: true };
  }
  const identity = check.identity === undefined ? undefined : await deps.identities.resolve(check.identity);
  if (identity === undefined) {
    throw new ApiError('UNAUTHENTICATED', 'the bearer token is bound to no identity of the network profile');
  }
  return { tokenId: check.tokenId, operator: false, identity };
}

/**
 * Operator tokens reach only routes marked `operator: true`; identity tokens need one of the route's `roles`
 * (none listed: any identity; an empty list: operators only).
 * @throws ApiError FORBIDDEN
 */
function authorize(request: FastifyRequest, path: string): void {
  const { roles, operator } = request.routeOptions.config;
  const action = `call ${request.method} ${request.routeOptions.url ?? path}`;
  if (request.caller === undefined) {
    if (operator !== true) {
      throw new ApiError(
        'FORBIDDEN',
        `operator tokens only administer the gateway and cannot ${action}; use an identity token`,
      );
    }
    return;
  }
  if (roles?.length === 0) {
    throw new ApiError('FORBIDDEN', `only operator tokens may ${action} (CLI: token issue --operator)`);
  }
  if (roles !== undefined) {
    requireRole(request.caller, roles, action);
  }
}

/** A schema violation, naming the offending field as a JSON pointer; an oversized list is LIMIT_EXCEEDED. */
function validationError(first: FastifySchemaValidationError, context: string): ApiError {
  const missing = (first.params as { missingProperty?: string } | undefined)?.missingProperty;
  const field = `${first.instancePath}${missing === undefined ? '' : `/${missing}`}` || '/';
  const code = first.keyword === 'maxItems' ? 'LIMIT_EXCEEDED' : 'VALIDATION_FAILED';
  const what = missing === undefined ? (first.message ?? 'is invalid') : 'is required';
  return new ApiError(code, `${context}${field === '/' ? '' : field} ${what}`, { field });
}

/** One translation from anything thrown in a request to the problem model. */
function toApiError(error: FastifyError): ApiError {
  if (error instanceof ApiError) {
    return error;
  }
  if (error.validation?.[0] !== undefined) {
    return validationError(error.validation[0], error.validationContext ?? 'body');
  }
  if (error.statusCode === 413) {
    return new ApiError('LIMIT_EXCEEDED', 'request body is too large', { cause: error });
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new ApiError('BAD_REQUEST', error.message, { cause: error });
  }
  return new ApiError('INTERNAL', 'unexpected failure; see the service log', { cause: error });
}
