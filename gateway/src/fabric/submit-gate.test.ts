import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { SubmitGate } from './submit-gate';

/** An endorsement the test finishes by hand. */
function pendingEndorsement(): { promise: Promise<string>; finish(): void; fail(): void } {
  let finish = (): void => undefined;
  let fail = (): void => undefined;
  const promise = new Promise<string>((resolve, reject) => {
    finish = () => resolve('endorsed');
    fail = () => reject(new Error('endorsement failed'));
  });
  return { promise, finish, fail };
}

const settledWithin = async (promise: Promise<void>, ms: number): Promise<boolean> =>
  Promise.race([promise.then(() => true), sleep(ms).then(() => false)]);

describe('SubmitGate', () => {
  it('lets a lone transaction through at once', async () => {
    const gate = new SubmitGate(10_000);
    await gate.endorsing(() => Promise.resolve('endorsed'));

    assert.equal(await settledWithin(gate.ready(), 50), true);
  });

  it('holds an endorsed transaction until the endorsement beside it finishes', async () => {
    const gate = new SubmitGate(10_000);
    const other = pendingEndorsement();
    const running = gate.endorsing(() => other.promise);

    const ready = gate.ready();
    assert.equal(await settledWithin(ready, 30), false);
    other.finish();
    await running;

    assert.equal(await settledWithin(ready, 50), true);
  });

  it('releases after its longest wait even while endorsements are still in flight', async () => {
    const gate = new SubmitGate(20);
    const other = pendingEndorsement();
    void gate.endorsing(() => other.promise);
    const started = Date.now();

    await gate.ready();

    assert.ok(Date.now() - started >= 15, 'waited about maxWaitMs');
    other.finish();
  });

  it('counts a failed endorsement as finished', async () => {
    const gate = new SubmitGate(10_000);
    const other = pendingEndorsement();
    const running = gate.endorsing(() => other.promise);
    const ready = gate.ready();

    other.fail();
    await assert.rejects(running, /endorsement failed/);

    assert.equal(await settledWithin(ready, 50), true);
  });

  it('never waits with a longest wait of 0', async () => {
    const gate = new SubmitGate(0);
    const other = pendingEndorsement();
    void gate.endorsing(() => other.promise);

    assert.equal(await settledWithin(gate.ready(), 20), true);
    other.finish();
  });
});
