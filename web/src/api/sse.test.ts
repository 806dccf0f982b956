import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { blockOfEventId, SseParser } from './sse';

describe('Server-Sent Events parser', () => {
  it('reads the gateway events, skipping comments', () => {
    const parser = new SseParser();
    const events = parser.push(
      ': following consent and access events\n\nid: 12:abc\nevent: ConsentChanged\ndata: {"consentId":"c1"}\n\n: keep-alive\n\n',
    );
    assert.deepEqual(events, [{ id: '12:abc', event: 'ConsentChanged', data: '{"consentId":"c1"}' }]);
    assert.equal(blockOfEventId(events[0]?.id), '12');
  });

  it('joins an event split across chunks at any byte, CRLF included', () => {
    const text = 'id: 3:t\r\nevent: AccessRecorded\r\ndata: {"a":1}\r\ndata: second\r\n\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = new SseParser();
      const events = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      assert.deepEqual(
        events,
        [{ id: '3:t', event: 'AccessRecorded', data: '{"a":1}\nsecond' }],
        `cut at ${cut}`,
      );
    }
  });

  it('names an unnamed event "message", keeps the last id, and ignores events without data', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('id: 1:x\n\ndata:plain\n\n'), [
      { id: '1:x', event: 'message', data: 'plain' },
    ]);
    assert.equal(blockOfEventId('nonsense'), undefined);
  });
});
