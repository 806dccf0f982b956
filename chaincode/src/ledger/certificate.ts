import { X509Certificate } from 'node:crypto';

/**
 * The subject's OU values of the caller's certificate (the creator's `idBytes`, PEM). Fabric's NodeOUs put
 * the identity's class (client, peer, admin, orderer) there. An unreadable certificate has none, so every
 * check built on it fails closed.
 */
export function subjectOrganizationalUnits(idBytes: Uint8Array): string[] {
  try {
    const subject = new X509Certificate(Buffer.from(idBytes)).subject;
    return subject
      .split('\n')
      .filter((line) => line.startsWith('OU='))
      .map((line) => line.slice(3));
  } catch {
    return [];
  }
}
