import type { ApiClient } from './client';
import { type SseEvent, SseParser } from './sse';

export interface FollowHandlers {
  onEvent(event: SseEvent): void;
  onState(live: boolean): void;
}

const RETRY_MS = [1_000, 2_000, 5_000, 10_000];

/**
 * Follows `GET /v1/events` until `signal` aborts, reconnecting with Last-Event-ID so nothing is missed or
 * repeated. fetch instead of EventSource, which cannot send the Authorization header.
 */
export async function followEvents(
  client: ApiClient,
  handlers: FollowHandlers,
  signal: AbortSignal,
): Promise<void> {
  let lastId: string | undefined;
  let failures = 0;
  while (!signal.aborted) {
    try {
      const response = await client.stream(
        '/v1/events?stream=console',
        lastId === undefined ? {} : { 'last-event-id': lastId },
        signal,
      );
      if (!response.ok || response.body === null) {
        throw new Error(`HTTP ${response.status}`);
      }
      handlers.onState(true);
      failures = 0;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        for (const event of parser.push(value)) {
          if (event.id !== undefined) {
            lastId = event.id;
          }
          handlers.onEvent(event);
        }
      }
    } catch {
      if (signal.aborted) {
        return;
      }
    }
    handlers.onState(false);
    const wait = RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)] ?? 10_000;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
