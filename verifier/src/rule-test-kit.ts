import { checkAuthorization, type Catalog } from './authorization-rules';
import type { KvWrite } from './block-decoder';
import type { TrustedIdentity } from './identity-verifier';
import { TrackedState } from './tracked-state';

/** Test code for the verifier's rule tests: creators, raw writes and one call of the rules. */
export const creator = (mspId: string, attributes: Record<string, string>): TrustedIdentity =>
  ({
    mspId,
    attributes,
    clientId: `x509::/CN=${attributes.role ?? 'x'}::/CN=ca`,
    organizationalUnits: ['client'],
    isAdmin: false,
  }) as unknown as TrustedIdentity;

export const key = (...parts: string[]): string => `\u0000${parts.join('\u0000')}\u0000`;
export const write = (parts: string[], value: unknown): KvWrite => ({
  key: key(...parts),
  value: Buffer.from(JSON.stringify(value)),
  isDelete: false,
});
export const remove = (parts: string[]): KvWrite => ({
  key: key(...parts),
  value: new Uint8Array(),
  isDelete: true,
});

export const catalog = (): Catalog => ({
  TAX_PAYMENT: ['TAX'],
  ADMINISTRATIVE_PENALTIES: ['MEE', 'SAMR', 'TAX'],
});

export function check(
  writes: KvWrite[],
  options: {
    creator: TrustedIdentity;
    txId?: string;
    functionName?: string;
    state?: TrackedState;
    catalog?: Catalog;
  },
) {
  return checkAuthorization(writes, {
    txId: options.txId ?? 'tx1',
    functionName: options.functionName ?? 'attestation:Attest',
    creator: options.creator,
    catalog: options.catalog ?? catalog(),
    state: options.state ?? new TrackedState(),
    banks: new Set(['Bank1MSP', 'Bank2MSP']),
  });
}
export const codes = (findings: { code: string }[]): string[] => findings.map((finding) => finding.code);
