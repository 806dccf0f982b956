/**
 * Two server slots per peer (ports ccaasPort and ccaasPort + 1): an upgrade starts the new code in the free
 * slot and stops the old one only after the new definition is committed, so the peers always have a
 * server for the package they run, and a failed upgrade leaves the old chaincode serving.
 */
export type Slot = 'a' | 'b';
/**
 * A third port per peer (ccaasPort + 2) serves a chaincode deployed beside credit: the cost bench's
 * reference contract. It is never upgraded in place, so it needs no second slot.
 */
export type ServerSlot = Slot | 'reference';

export function otherSlot(slot: Slot): Slot {
  return slot === 'a' ? 'b' : 'a';
}

export function slotPort(peer: { ccaasPort: number }, slot: ServerSlot): number {
  return peer.ccaasPort + { a: 0, b: 1, reference: 2 }[slot];
}

/** What a package's connection.json names instead of a port; the builder's release step fills in the peer's. */
export function slotPortPlaceholder(slot: ServerSlot): string {
  return `{{ccaasPort.${slot}}}`;
}
