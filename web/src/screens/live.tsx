import { useEffect, useRef, useState } from 'preact/hooks';
import { followEvents } from '../api/follow-events';
import { blockOfEventId, type SseEvent } from '../api/sse';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/en';
import { isMessageKey } from '../i18n/i18n';
import { useSession } from '../session';

/** Follows the service's event stream while mounted; `onEvent` sees each event the caller may see. */
export function useLiveEvents(onEvent: (event: SseEvent) => void): {
  live: boolean;
  last: SseEvent | undefined;
} {
  const { client } = useSession();
  const [live, setLive] = useState(false);
  const [last, setLast] = useState<SseEvent | undefined>(undefined);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const stop = new AbortController();
    void followEvents(
      client,
      {
        onEvent: (event) => {
          if (event.event === 'error') {
            return;
          }
          setLast(event);
          handler.current(event);
        },
        onState: setLive,
      },
      stop.signal,
    );
    return () => stop.abort();
  }, [client]);
  return { live, last };
}

export function LiveStatus({ live, last }: { live: boolean; last: SseEvent | undefined }) {
  const i18n = useI18n();
  return (
    <p class={`live ${live ? 'live-on' : 'live-off'}`} role="status" aria-live="polite">
      <span class="dot" aria-hidden="true" /> {live ? i18n.t('common.liveOn') : i18n.t('common.liveOff')}
      {last === undefined ? null : (
        <span class="muted">
          {' · '}
          {i18n.t('common.newEvent', {
            name: eventName(i18n.t, last.event),
            block: i18n.number(blockOfEventId(last.id)),
          })}
        </span>
      )}
    </p>
  );
}

/** The event stream's names in the reader's language; a name the console does not know, as sent. */
function eventName(t: (key: MessageKey) => string, name: string): string {
  const key = `event.${name}`;
  return isMessageKey(key) ? t(key) : name;
}
