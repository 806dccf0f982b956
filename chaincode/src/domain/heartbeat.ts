import { fail } from './errors';

const MAX_HEARTBEAT_ID_LENGTH = 64;
const HEARTBEAT_ID = /^[A-Za-z0-9._-]+$/;

/** A liveness mark: who recorded it through which organization, in which transaction. No company data. */
export interface Heartbeat {
  heartbeatId: string;
  mspId: string;
  txId: string;
  recordedAt: string;
}

export function checkHeartbeatId(heartbeatId: string): void {
  if (
    heartbeatId.length === 0 ||
    heartbeatId.length > MAX_HEARTBEAT_ID_LENGTH ||
    !HEARTBEAT_ID.test(heartbeatId)
  ) {
    fail(
      'VALIDATION_FAILED',
      `heartbeatId must be 1-${MAX_HEARTBEAT_ID_LENGTH} characters of A-Z a-z 0-9 . _ -`,
    );
  }
}
