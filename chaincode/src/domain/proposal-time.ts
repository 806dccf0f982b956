import { LIMITS } from '@sme-credit-ledger/contract';

/**
 * The transaction time is the proposal timestamp, which the client chooses: the endorsing peer only refuses
 * one more than `peer.authentication.timewindow` away from its own clock (Fabric's TimeWindowCheck auth
 * filter, core/handlers/auth/filter/timewindow.go, validateTimewindowProposal). The real time of a
 * transaction is therefore anywhere in [txTime - tolerance, txTime + tolerance], and a time-based check that
 * must hold in real time has to hold at the unfavourable end of that interval.
 */
const TOLERANCE_MS = LIMITS.proposalTimeToleranceSeconds * 1000;

/** The latest real time a transaction with this timestamp may have run at. */
export function latestRealTime(txTime: string): string {
  return new Date(Date.parse(txTime) + TOLERANCE_MS).toISOString();
}

/** The UTC day of a transaction time (`YYYY-MM-DD`), for daily quotas. */
export function dayOf(txTime: string): string {
  return new Date(Date.parse(txTime)).toISOString().slice(0, 10);
}
