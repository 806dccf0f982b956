import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { afterDeath, afterRestart, backoffMs, HEALTHY_AFTER_MS } from './supervision';

describe('supervisor back-off', () => {
  it('waits 1 s, then doubles for each quick death, up to the maximum', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7].map((streak) => backoffMs(streak, 30)),
      [1000, 2000, 4000, 8000, 16000, 30000, 30000],
    );
    assert.equal(backoffMs(1, 1), 1000);
  });

  it('restarts a process that died after running a long time after 1 s, and counts the restart', () => {
    const started = afterRestart(afterDeath(undefined, 0, 30), 1000);
    assert.equal(started.restarts, 1);
    const death = afterDeath(started, 1000 + HEALTHY_AFTER_MS, 30);
    assert.equal(death.streak, 1);
    assert.equal(death.nextStartAt, 1000 + HEALTHY_AFTER_MS + 1000);
    assert.equal(death.restarts, 1, 'a death is not a restart');
  });

  it('backs off a process that keeps dying right after its start, so it does not spin', () => {
    let record = afterDeath(undefined, 0, 30);
    let now = 0;
    const waits: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      now = record.nextStartAt ?? now;
      record = afterRestart(record, now);
      const died = afterDeath(record, now + 100, 30);
      waits.push((died.nextStartAt ?? 0) - (now + 100));
      record = died;
    }
    assert.deepEqual(waits, [2000, 4000, 8000, 16000, 30000, 30000]);
    assert.equal(record.restarts, 6);
  });
});
