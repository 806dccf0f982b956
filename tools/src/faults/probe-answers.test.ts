import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { askUntilEqual, differingAnswers, oddOrganizations, type Answers } from './probe-answers';

/** A clock the pauses move, so the tests take no time. */
function fakeTime() {
  let now = 0;
  return {
    now: () => now,
    pause: (ms: number) => {
      now += ms;
      return Promise.resolve();
    },
  };
}

const answers = (entries: Record<string, string>): Answers => new Map(Object.entries(entries));

describe('comparing a state probe across peers', () => {
  it('asks once when every peer answers the same', async () => {
    let asked = 0;
    const settled = await askUntilEqual(
      () => {
        asked++;
        return Promise.resolve(answers({ gov: 'v2', bank1: 'v2', bank2: 'v2' }));
      },
      { limitMs: 10_000, pauseMs: 1_000, ...fakeTime() },
    );

    assert.equal(asked, 1);
    assert.equal(settled.rounds, 1);
    assert.equal(settled.waitedMs, 0);
  });

  it('asks again until a peer whose state was behind its blocks catches up', async () => {
    const rounds = [
      answers({ gov: 'v2', bank1: 'v2', bank2: 'v1' }),
      answers({ gov: 'v2', bank1: 'v2', bank2: 'error: timeout' }),
      answers({ gov: 'v2', bank1: 'v2', bank2: 'v2' }),
    ];
    let asked = 0;
    const settled = await askUntilEqual(() => Promise.resolve(rounds[asked++] ?? new Map()), {
      limitMs: 10_000,
      pauseMs: 1_000,
      ...fakeTime(),
    });

    assert.equal(settled.rounds, 3);
    assert.equal(settled.waitedMs, 2_000);
    assert.deepEqual(differingAnswers('probe', settled.answers), []);
    assert.deepEqual(oddOrganizations(settled.first), ['bank2']);
  });

  it('stops at the limit and keeps a difference that stays', async () => {
    let asked = 0;
    const settled = await askUntilEqual(
      () => {
        asked++;
        return Promise.resolve(answers({ gov: 'v2', bank1: 'v2', bank2: 'v1' }));
      },
      { limitMs: 5_000, pauseMs: 1_000, ...fakeTime() },
    );

    assert.equal(asked, 6);
    assert.equal(settled.waitedMs, 5_000);
    assert.deepEqual(differingAnswers('probe', settled.answers), ['probe on bank2: v1 (gov, bank1: v2)']);
  });

  it('asks once more only while time is left (a limit of 0 asks once)', async () => {
    let asked = 0;
    await askUntilEqual(
      () => {
        asked++;
        return Promise.resolve(answers({ gov: 'a', bank2: 'b' }));
      },
      { limitMs: 0, pauseMs: 1_000, ...fakeTime() },
    );

    assert.equal(asked, 1);
  });

  it('names the peer that differs from the majority, even when the first organization is the odd one', () => {
    const found = differingAnswers(
      'probe',
      answers({ gov: 'old', bank1: 'new', bank2: 'new', auditor: 'new' }),
    );

    assert.deepEqual(found, ['probe on gov: old (bank1, bank2, auditor: new)']);
  });

  it('falls back to the first organization on a tie and shortens long answers', () => {
    const found = differingAnswers('probe', answers({ gov: 'aaaa', bank2: 'bbbb' }), 2);

    assert.deepEqual(found, ['probe on bank2: bb (gov: aa)']);
  });
});
