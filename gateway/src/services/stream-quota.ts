import { ApiError } from '../errors/problem';

/**
 * Open event streams per identity. Each stream holds a peer event subscription and a socket, and a replay
 * from an early block makes the peer read its block files from there, so one identity gets a few streams
 * and fewer replays, whoever else is connected.
 */
export class StreamQuota {
  private readonly open = new Map<string, { streams: number; replays: number }>();

  constructor(private readonly limits: { maxStreamsPerIdentity: number; maxReplaysPerIdentity: number }) {}

  /**
   * Takes one stream (a replay when `replay`) for `identity`; call the returned function once it ends.
   * @throws ApiError RATE_LIMITED over either cap.
   */
  acquire(identity: string, replay: boolean): () => void {
    const held = this.open.get(identity) ?? { streams: 0, replays: 0 };
    if (held.streams >= this.limits.maxStreamsPerIdentity) {
      throw new ApiError(
        'RATE_LIMITED',
        `${identity} already has ${held.streams} open event streams, the most allowed; close one first`,
      );
    }
    if (replay && held.replays >= this.limits.maxReplaysPerIdentity) {
      throw new ApiError(
        'RATE_LIMITED',
        `${identity} already replays history on ${held.replays} stream(s), the most allowed; ` +
          'resume with Last-Event-ID or wait for the replay to end',
      );
    }
    held.streams += 1;
    held.replays += replay ? 1 : 0;
    this.open.set(identity, held);
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      held.streams -= 1;
      held.replays -= replay ? 1 : 0;
      if (held.streams === 0) {
        this.open.delete(identity);
      }
    };
  }
}
