/**
 * Two server slots per peer (ports ccaasPort and ccaasPort + 1): an upgrade starts the new code in the free
 * slot and stops the old one only after the new definition is committed, so the peers always have a
 * server for the package they run, and a failed upgrade leaves the old chaincode serving.
 */
export type Slot = 'a' | 'b';

export function otherSlot(slot: Slot): Slot {
  return slot === 'a' ? 'b' : 'a';
}

export function slotPort(peer: { ccaasPort: number }, slot: Slot): number {
  return slot === 'a' ? peer.ccaasPort : peer.ccaasPort + 1;
}

/** What a package's connection.json names instead of a port; the builder's release step fills in the peer's. */
export function slotPortPlaceholder(slot: Slot): string {
  return `{{ccaasPort.${slot}}}`;
}
