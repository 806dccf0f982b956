import type { Consent } from './types';

/**
 * Waits between re-reads of a list that should already show a change (≈ 20 s in all). The write committed on
 * one peer, and the event came from one, but the list is evaluated on whichever gov peer the service picks:
 * a peer that restarted or is catching up answers from an older block for a few seconds. One reload would
 * then show the old list until the next event, which may never come.
 */
export const SETTLE_DELAYS_MS = [250, 500, 1000, 1500, 2000, 3000, 4000, 4000, 4000];

/** True once the consent `consentId` is listed with the transaction `txId` in its history. */
export function showsConsentAt(
  consentId: string,
  txId: string | undefined,
): (consents: Consent[]) => boolean {
  return (consents) =>
    consents.some(
      (consent) =>
        consent.consentId === consentId &&
        (txId === undefined || consent.history.some((entry) => entry.txId === txId)),
    );
}

/** Consents ordered by their last change, newest first (ISO times sort as text). */
export function newestChangeFirst(consents: Consent[]): Consent[] {
  const changed = (consent: Consent) => consent.history.at(-1)?.at ?? '';
  return [...consents].sort((a, b) => changed(b).localeCompare(changed(a)));
}

/** The transaction that last changed `consent`, as its history records it. */
export function lastTxIdOf(consent: Consent): string | undefined {
  return consent.history.at(-1)?.txId;
}

/** `{consentId, txId}` of a ConsentChanged event's data, or undefined when it does not name one. */
export function consentChangeOf(data: string): { consentId: string; txId: string } | undefined {
  try {
    const event = JSON.parse(data) as { txId?: unknown; payload?: { consentId?: unknown } };
    const consentId = event.payload?.consentId;
    return typeof consentId === 'string' && typeof event.txId === 'string'
      ? { consentId, txId: event.txId }
      : undefined;
  } catch {
    return undefined;
  }
}
