import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { LedgerEventStream } from '../ledger/ledger-client';
import type { Caller } from '../services/caller';
import type { EventService, FollowRequest } from '../services/event-service';
import type { StreamQuota } from '../services/stream-quota';
import { callerOf } from './http-support';
import { bearer, problemResponses } from './schemas';

export interface EventsOptions {
  events: EventService;
  quota: StreamQuota;
}

type FollowQuery = Omit<FollowRequest, 'lastEventId'>;

const HEARTBEAT_MS = 15_000;

const followSchema = {
  tags: ['banks', 'auditors', 'companies', 'departments'],
  summary:
    'Server-Sent Events: each party’s consent, access, attestation, objection, erasure and financing events, resumable (Last-Event-ID or durable stream cursor)',
  description:
    'Each event has id `<block>:<txId>`. Reconnect with Last-Event-ID to resume right after it; without it ' +
    'the stream resumes from the server-side checkpoint of (identity, stream), else from startBlock or now. ' +
    'A bank receives only consent, access, product, application and loan-outcome events naming its MSP; ' +
    'a company its own attestations, objections, erasures, consents, accesses and applications; a ' +
    'department its own attestations and objections about the categories it attests. Each identity may hold a few streams at once, and fewer ' +
    'that replay from a startBlock (429 RATE_LIMITED beyond).',
  security: bearer,
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      startBlock: { type: 'string', pattern: '^\\d{1,19}$' },
      stream: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,40}$' },
    },
  },
  response: { 200: { type: 'string', description: 'text/event-stream' }, ...problemResponses },
};

/** Consent and access events as Server-Sent Events, within each identity's stream quota. */
export const eventRoutes: FastifyPluginAsync<EventsOptions> = (app, { events, quota }) => {
  // Open streams never finish on their own: end them when the service shuts down, so close() does not hang.
  const open = new Set<{ close(): void }>();
  app.addHook('preClose', (done) => {
    for (const stream of open) {
      stream.close();
    }
    done();
  });

  app.get<{ Querystring: FollowQuery }>(
    '/v1/events',
    { config: { roles: ['bank', 'auditor', 'company', 'department'] }, schema: followSchema },
    async (request, reply) => {
      const caller = callerOf(request);
      // A start block asks for history; resuming after Last-Event-ID or a checkpoint is not a replay.
      const release = quota.acquire(caller.key, request.query.startBlock !== undefined);
      let stream: LedgerEventStream;
      try {
        stream = await events.follow(caller, followRequest(request));
      } catch (error) {
        release();
        throw error;
      }
      open.add(stream);
      try {
        await sendEvents(request, reply, { events, caller, stream });
      } finally {
        release();
        open.delete(stream);
      }
    },
  );
  return Promise.resolve();
};

function followRequest(request: FastifyRequest<{ Querystring: FollowQuery }>): FollowRequest {
  const lastEventId = request.headers['last-event-id'];
  return { ...request.query, ...(typeof lastEventId === 'string' ? { lastEventId } : {}) };
}

/** Takes the response over and writes each event the caller may see until the stream or the client ends. */
async function sendEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  { events, caller, stream }: { events: EventService; caller: Caller; stream: LedgerEventStream },
): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write(': following consent and access events\n\n');
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const stop = (): void => stream.close();
  request.raw.on('close', stop);
  try {
    const audience = events.audienceFor(caller);
    for await (const event of stream) {
      const shown = await events.present(caller, event, audience);
      if (shown !== undefined) {
        const data = JSON.stringify(shown);
        // Acknowledge only after the write was handed to the socket: a crash in between resends, never skips.
        await new Promise<void>((resolve) =>
          raw.write(`id: ${shown.id}\nevent: ${shown.name}\ndata: ${data}\n\n`, () => resolve()),
        );
      }
      await stream.acknowledge(event);
      if (raw.destroyed) {
        break;
      }
    }
  } catch (error) {
    // The client leaving closes the stream, which ends the ledger's iterator with CANCELLED: not a fault.
    if (raw.destroyed) {
      request.log.debug({ err: error }, 'event stream closed by the client');
      return;
    }
    request.log.warn({ err: error }, 'event stream ended with an error');
    raw.write(
      `event: error\ndata: ${JSON.stringify({ detail: 'ledger event stream interrupted; reconnect' })}\n\n`,
    );
  } finally {
    clearInterval(heartbeat);
    request.raw.off('close', stop);
    stream.close();
    raw.end();
  }
}
