import { type KeyObject, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ApiError } from '../errors/problem';
import type { OrgProfile } from './profile';

/** A caller's certificate that chains to the service organization's CA. */
export interface OrgCertificate {
  mspId: string;
  /** The PEM as presented: Fabric puts these bytes in the transaction as the creator. */
  credentials: Uint8Array;
  publicKey: KeyObject;
}

/**
 * Checks that certificates belong to one organization: issued and signed by its MSP root CA, within their
 * validity. This is the same test the peer's MSP applies to the creator of a proposal; doing it first lets
 * a service refuse at once, with a reason, a caller of another organization.
 */
export class OrgCertificateCheck {
  private constructor(
    private readonly org: OrgProfile,
    private readonly ca: X509Certificate,
    private readonly now: () => number,
  ) {}

  static async open(org: OrgProfile, now: () => number = Date.now): Promise<OrgCertificateCheck> {
    const caPath = org.caCertPath ?? org.tlsRootCertPath;
    return new OrgCertificateCheck(org, new X509Certificate(await readFile(caPath)), now);
  }

  /**
   * @throws ApiError BAD_REQUEST for text that is no PEM certificate, FORBIDDEN for a certificate of another
   * organization, an expired one or one without a P-256 key.
   */
  check(pem: string): OrgCertificate {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(pem);
    } catch {
      throw new ApiError('BAD_REQUEST', 'certificate is not a PEM X.509 certificate', {
        field: '/certificate',
      });
    }
    const issuedHere = certificate.checkIssued(this.ca) && certificate.verify(this.ca.publicKey);
    if (!issuedHere) {
      throw new ApiError(
        'FORBIDDEN',
        `the certificate of ${certificate.subject.replace(/\n/g, ', ')} is not issued by ${this.org.key}'s CA ` +
          `(${this.org.mspId}); this service prepares transactions only for its own organization's identities`,
      );
    }
    const now = this.now();
    if (now < Date.parse(certificate.validFrom) || now > Date.parse(certificate.validTo)) {
      throw new ApiError(
        'FORBIDDEN',
        `the certificate is not valid now (valid ${certificate.validFrom} to ${certificate.validTo})`,
      );
    }
    const publicKey = certificate.publicKey;
    if (publicKey.asymmetricKeyType !== 'ec' || publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new ApiError('FORBIDDEN', 'the certificate must carry a P-256 EC key, as the Fabric CA issues');
    }
    return { mspId: this.org.mspId, credentials: Buffer.from(pem), publicKey };
  }
}
