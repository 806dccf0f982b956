import { KeyObject, X509Certificate, createHash, verify } from 'node:crypto';
import { decodeIdentity } from './block-decoder';
import type { ChannelTrust, MspTrust } from './channel-config';
import { isLowS } from '@sme-credit-ledger/network-profile/ecdsa';
import { certificateAttributes } from './der';

/** An identity whose certificate chains to its MSP's roots in the channel configuration. */
export interface TrustedIdentity {
  mspId: string;
  /** Orderer or application organization. */
  kind: 'application' | 'orderer';
  subject: string;
  /** The id fabric-shim's ClientIdentity.getID() gives the chaincode: `x509::<subject>::<issuer>`. */
  clientId: string;
  organizationalUnits: string[];
  /** Fabric CA attributes: `role`, `dept`, `uscc`. */
  attributes: Record<string, string>;
  isAdmin: boolean;
  validFromMs: number;
  validToMs: number;
  publicKey: KeyObject;
  keyBytes: number;
}

export type IdentityCheck = { ok: true; identity: TrustedIdentity } | { ok: false; reason: string };

/** `msp.MSPRole.MSPRoleType`. */
export const MSP_ROLE = { member: 0, admin: 1, client: 2, peer: 3, orderer: 4 } as const;

const organizationalUnits = (subject: string): string[] =>
  subject
    .split('\n')
    .flatMap((line) => line.split('+'))
    .filter((part) => part.startsWith('OU='))
    .map((part) => part.slice(3));

/**
 * A distinguished name as fabric-shim 2.5.8 prints it for getID() (lib/chaincode.js, ClientIdentity):
 * `/SHORT=value` per attribute in certificate order, the first `/` of a value escaped. Node prints one RDN per
 * line, multi-valued RDNs joined by ` + `, RFC 2253 specials backslash-escaped; both use OpenSSL short names
 * for the attributes Fabric CA writes (C, ST, L, O, OU, CN).
 */
function shimDn(name: string): string {
  return name
    .split('\n')
    .flatMap((rdn) => rdn.split(' + '))
    .map((attribute) => {
      const value = attribute.slice(attribute.indexOf('=') + 1).replace(/\\(.)/g, '$1');
      return `/${attribute.slice(0, attribute.indexOf('='))}=${value.replace('/', '\\/')}`;
    })
    .join('');
}

/**
 * Validates serialized identities against the channel's MSPs and verifies signatures with them. Results are
 * cached per identity bytes: a ledger repeats a few dozen certificates across thousands of transactions, and
 * chain validation is the expensive part (measured: the cache is what makes 1,000 tx/s possible).
 */
export class IdentityVerifier {
  private readonly cache = new Map<string, IdentityCheck>();
  private readonly roots = new Map<string, { roots: X509Certificate[]; intermediates: X509Certificate[] }>();

  constructor(private readonly trust: ChannelTrust) {
    for (const [kind, group] of [
      ['application', trust.applicationMsps],
      ['orderer', trust.ordererMsps],
    ] as const) {
      for (const msp of Object.values(group)) {
        this.roots.set(`${kind}:${msp.mspId}`, {
          roots: msp.rootCerts.map((pem) => new X509Certificate(pem)),
          intermediates: msp.intermediateCerts.map((pem) => new X509Certificate(pem)),
        });
      }
    }
  }

  check(serializedIdentity: Uint8Array): IdentityCheck {
    const key = createHash('sha256').update(serializedIdentity).digest('base64');
    let result = this.cache.get(key);
    if (result === undefined) {
      result = this.validate(serializedIdentity);
      this.cache.set(key, result);
    }
    return result;
  }

  private validate(serializedIdentity: Uint8Array): IdentityCheck {
    let mspId: string;
    let certificate: X509Certificate;
    try {
      const decoded = decodeIdentity(serializedIdentity);
      mspId = decoded.mspId;
      certificate = new X509Certificate(decoded.certificatePem);
    } catch (error) {
      return { ok: false, reason: `unreadable identity (${(error as Error).message})` };
    }
    const application = this.trust.applicationMsps[mspId];
    const orderer = this.trust.ordererMsps[mspId];
    const msp = application ?? orderer;
    const kind = application === undefined ? 'orderer' : 'application';
    const anchors = this.roots.get(`${kind}:${mspId}`);
    if (msp === undefined || anchors === undefined) {
      return { ok: false, reason: `MSP ${mspId} is not in the channel configuration` };
    }
    if (!chainsTo(certificate, anchors.roots, anchors.intermediates)) {
      return {
        ok: false,
        reason: `certificate ${certificate.subject.replace(/\n/g, ',')} is not issued by ${mspId}'s CA`,
      };
    }
    const details = certificate.publicKey.asymmetricKeyDetails;
    const ous = organizationalUnits(certificate.subject);
    return {
      ok: true,
      identity: {
        mspId,
        kind,
        subject: certificate.subject.replace(/\n/g, ','),
        clientId: `x509::${shimDn(certificate.subject)}::${shimDn(certificate.issuer)}`,
        organizationalUnits: ous,
        attributes: certificateAttributes(certificate.raw),
        isAdmin: isAdmin(msp, certificate, ous),
        validFromMs: Date.parse(certificate.validFrom),
        validToMs: Date.parse(certificate.validTo),
        publicKey: certificate.publicKey,
        keyBytes: details?.namedCurve === 'secp384r1' ? 48 : 32,
      },
    };
  }

  /** Whether the identity holds an MSP role (`MSP_ROLE`) of `mspId`, with NodeOUs as Fabric applies them. */
  hasRole(identity: TrustedIdentity, mspId: string, role: number): boolean {
    if (identity.mspId !== mspId) {
      return false;
    }
    const msp = this.trust.applicationMsps[mspId] ?? this.trust.ordererMsps[mspId];
    const ous = msp?.nodeOus;
    switch (role) {
      case MSP_ROLE.member:
        return true;
      case MSP_ROLE.admin:
        return identity.isAdmin;
      case MSP_ROLE.client:
        return ous?.client !== undefined && identity.organizationalUnits.includes(ous.client);
      case MSP_ROLE.peer:
        return ous?.peer !== undefined && identity.organizationalUnits.includes(ous.peer);
      case MSP_ROLE.orderer:
        return ous?.orderer !== undefined && identity.organizationalUnits.includes(ous.orderer);
      default:
        return false;
    }
  }
}

function chainsTo(
  certificate: X509Certificate,
  roots: X509Certificate[],
  intermediates: X509Certificate[],
): boolean {
  let current = certificate;
  for (let depth = 0; depth < 4; depth += 1) {
    const root = roots.find((candidate) => isIssuedBy(current, candidate));
    if (root !== undefined) {
      return true;
    }
    const intermediate = intermediates.find(
      (candidate) => candidate !== current && isIssuedBy(current, candidate),
    );
    if (intermediate === undefined) {
      return false;
    }
    current = intermediate;
  }
  return false;
}

const isIssuedBy = (certificate: X509Certificate, issuer: X509Certificate): boolean =>
  certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);

function isAdmin(msp: MspTrust, certificate: X509Certificate, ous: string[]): boolean {
  if (msp.nodeOus?.admin !== undefined && ous.includes(msp.nodeOus.admin)) {
    return true;
  }
  return msp.admins.some((pem) => new X509Certificate(pem).raw.equals(certificate.raw));
}

/** ECDSA over SHA-256 as Fabric's bccsp checks it, low-S included (a malleated signature is refused). */
export function verifySignature(identity: TrustedIdentity, data: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length === 0 || !isLowS(signature, identity.keyBytes)) {
    return false;
  }
  const hash = identity.keyBytes === 48 ? 'sha384' : 'sha256';
  try {
    return verify(hash, data, identity.publicKey, signature);
  } catch {
    return false;
  }
}

/**
 * `verifySignature` on libuv's thread pool: the verifier starts every signature check of a window of blocks
 * and awaits them together, so all cores verify (ECDSA verification is most of the CPU time).
 */
export function verifySignatureAsync(
  identity: TrustedIdentity,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  if (signature.length === 0 || !isLowS(signature, identity.keyBytes)) {
    return Promise.resolve(false);
  }
  const hash = identity.keyBytes === 48 ? 'sha384' : 'sha256';
  return new Promise((resolve) => {
    try {
      verify(hash, data, identity.publicKey, signature, (error, isValid) =>
        resolve(error === null && isValid),
      );
    } catch {
      resolve(false);
    }
  });
}
