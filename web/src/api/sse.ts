/** One Server-Sent Event as the gateway sends them (`id: <block>:<txId>`, `event: <name>`, `data: <json>`). */
export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/**
 * Incremental parser of a text/event-stream (WHATWG HTML, "Interpreting an event stream"): feed chunks as they
 * arrive, get the complete events back. Comments (`: keep-alive`) are skipped; a field without a colon is a
 * name with an empty value; one leading space of a value is dropped.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private name = '';
  private id: string | undefined;

  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      // A lone \r at the end may be the first half of \r\n: wait for the next chunk.
      if (match === null || (match[0] === '\r' && match.index === this.buffer.length - 1)) {
        return events;
      }
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event !== undefined) {
        events.push(event);
      }
    }
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') {
      return this.dispatch();
    }
    if (line.startsWith(':')) {
      return undefined;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'data') {
      this.data.push(value);
    } else if (field === 'event') {
      this.name = value;
    } else if (field === 'id' && !value.includes('\0')) {
      this.id = value;
    }
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const data = this.data;
    const name = this.name;
    this.data = [];
    this.name = '';
    if (data.length === 0) {
      return undefined;
    }
    return {
      ...(this.id === undefined ? {} : { id: this.id }),
      event: name || 'message',
      data: data.join('\n'),
    };
  }
}

/** The block number of an event id `<block>:<txId>`, or undefined. */
export function blockOfEventId(id: string | undefined): string | undefined {
  return /^(\d+):/.exec(id ?? '')?.[1];
}
