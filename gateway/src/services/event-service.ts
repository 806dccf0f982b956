import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { EVENT_NAMES } from '@sme-credit-ledger/contract';
import { ApiError } from '../errors/problem';
import type { EventStart, LedgerClient, LedgerEvent, LedgerEventStream } from '../ledger/ledger-client';
import type { CatalogCache } from './catalog-cache';
import { type Caller, requireRole } from './caller';
import type { CreditLedger } from './credit-ledger';
import { EventAudience, PARTY_EVENTS } from './event-audience';

/**
 * The chaincode events banks and auditors follow; each payload names the one bank it concerns (`bankMspId`):
 * an application's event the bank applied to, a product's or loan outcome's the bank that wrote it.
 */
export const FOLLOWED_EVENTS: readonly string[] = [
  EVENT_NAMES.ConsentChanged,
  EVENT_NAMES.AccessRecorded,
  EVENT_NAMES.ProductChanged,
  EVENT_NAMES.ApplicationChanged,
  EVENT_NAMES.LoanOutcomeRecorded,
];

export interface FollowRequest {
  /** SSE `Last-Event-ID`: `<blockNumber>:<txId>` of the last event the client received. */
  lastEventId?: string;
  /** Where a new follower starts (default: the next block). */
  startBlock?: string;
  /** Names a durable cursor, so one identity can run several independent followers. */
  stream?: string;
}

export interface DeliveredEvent {
  id: string;
  name: string;
  blockNumber: string;
  txId: string;
  payload: unknown;
}

/**
 * Live consent, access and financing events, resumable without gaps or duplicates: the position is block number plus
 * the last delivered transaction in it (fabric-gateway's checkpoint), sent as the SSE event id and stored in
 * a file checkpointer per identity and stream, acknowledged only after the event was written to the client.
 */
export class EventService {
  constructor(
    private readonly ledger: LedgerClient,
    private readonly checkpointDir: string,
    private readonly parties?: { ledger: CreditLedger; catalog: CatalogCache },
  ) {}

  async follow(caller: Caller, request: FollowRequest): Promise<LedgerEventStream> {
    requireRole(caller, ['bank', 'auditor', 'company', 'department'], 'follow ledger events');
    const stream = request.stream ?? 'default';
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(stream)) {
      throw new ApiError('VALIDATION_FAILED', 'stream: 1-40 characters of A-Z a-z 0-9 _ -', {
        field: '/stream',
      });
    }
    await mkdir(this.checkpointDir, { recursive: true, mode: 0o700 });
    const checkpointFile = path.join(this.checkpointDir, `${caller.key.replace('/', '--')}--${stream}.json`);
    let start: EventStart = { checkpointFile };
    if (request.lastEventId !== undefined && request.lastEventId !== '') {
      start = { after: parseEventId(request.lastEventId), checkpointFile };
    } else if (request.startBlock !== undefined) {
      start = { checkpointFile, startBlock: BigInt(request.startBlock) };
    }
    return this.ledger.followEvents(caller.key, start);
  }

  /** Decides, for one company's or department's stream, which events are its own (undefined otherwise). */
  audienceFor(caller: Caller): EventAudience | undefined {
    return this.parties === undefined || (caller.role !== 'company' && caller.role !== 'department')
      ? undefined
      : new EventAudience(caller, this.parties.ledger, this.parties.catalog);
  }

  /**
   * The event as the caller may see it, or undefined when it is not for them. Deny by default: only the
   * followed event names, only JSON objects; a bank sees those naming it as a string, an auditor all, and a
   * company or department what its `audience` (from `audienceFor`) says is its own.
   */
  async present(
    caller: Caller,
    event: LedgerEvent,
    audience?: EventAudience,
  ): Promise<DeliveredEvent | undefined> {
    const payload = parseObject(Buffer.from(event.payload).toString('utf8'));
    if (payload === undefined || !(await this.entitled(caller, event.name, payload, audience))) {
      return undefined;
    }
    const blockNumber = event.blockNumber.toString();
    return { id: `${blockNumber}:${event.txId}`, name: event.name, blockNumber, txId: event.txId, payload };
  }

  private async entitled(
    caller: Caller,
    name: string,
    payload: Record<string, unknown>,
    audience: EventAudience | undefined,
  ): Promise<boolean> {
    if (caller.role === 'company' || caller.role === 'department') {
      return PARTY_EVENTS.includes(name) && audience !== undefined && audience.includes(name, payload);
    }
    if (!FOLLOWED_EVENTS.includes(name) || typeof payload.bankMspId !== 'string') {
      return false;
    }
    return caller.role === 'auditor' || (caller.role === 'bank' && payload.bankMspId === caller.mspId);
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function parseEventId(id: string): { blockNumber: bigint; txId: string } {
  const match = /^(\d{1,19}):([0-9a-f]{1,128})$/.exec(id);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new ApiError(
      'VALIDATION_FAILED',
      'Last-Event-ID must be <blockNumber>:<txId> as sent in an event id',
      {
        field: '/headers/last-event-id',
      },
    );
  }
  return { blockNumber: BigInt(match[1]), txId: match[2] };
}
