import { common, msp, peer } from '@hyperledger/fabric-protos';
import { MSP_ROLE, type TrustedIdentity } from './identity-verifier';

export type PolicyRule = { signedBy: number } | { nOutOf: { n: number; rules: PolicyRule[] } };

export interface Principal {
  mspId: string;
  /** `MSP_ROLE` value. */
  role: number;
}

/** A signature policy as plain data (kept in the checkpoint), e.g. OR('GovMSP.peer'). */
export interface SignaturePolicy {
  rule: PolicyRule;
  principals: Principal[];
}

const ROLE_NAMES: Record<string, number> = {
  member: MSP_ROLE.member,
  admin: MSP_ROLE.admin,
  client: MSP_ROLE.client,
  peer: MSP_ROLE.peer,
  orderer: MSP_ROLE.orderer,
};

function ruleFromProto(rule: common.SignaturePolicy | undefined): PolicyRule {
  const nOutOf = rule?.getNOutOf();
  if (rule === undefined || (nOutOf === undefined && !rule.hasSignedBy())) {
    throw new Error('empty signature policy rule');
  }
  return nOutOf === undefined
    ? { signedBy: rule.getSignedBy() }
    : { nOutOf: { n: nOutOf.getN(), rules: nOutOf.getRulesList().map(ruleFromProto) } };
}

/**
 * Decodes a chaincode's `peer.ApplicationPolicy` (the ValidationParameter of its definition). Returns
 * undefined for a channel policy reference, which this verifier does not resolve.
 */
export function policyFromApplicationPolicy(bytes: Uint8Array): SignaturePolicy | undefined {
  const applicationPolicy = peer.ApplicationPolicy.deserializeBinary(bytes);
  const envelope = applicationPolicy.getSignaturePolicy();
  if (envelope === undefined) {
    return undefined;
  }
  return {
    rule: ruleFromProto(envelope.getRule()),
    principals: envelope.getIdentitiesList().map((principal) => {
      if (principal.getPrincipalClassification() !== msp.MSPPrincipal.Classification.ROLE) {
        throw new Error('only role principals (MSP.peer, MSP.member, ...) are supported');
      }
      const role = msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8());
      return { mspId: role.getMspIdentifier(), role: role.getRole() };
    }),
  };
}

/** Parses Fabric's policy language for role principals: OR, AND, OutOf over 'MSP.role'. */
export function parsePolicy(text: string): SignaturePolicy {
  const principals: Principal[] = [];
  const tokens = text.match(/'[^']*'|[A-Za-z]+|\d+|[(),]/g) ?? [];
  let position = 0;
  const next = (): string => {
    const token = tokens[position];
    position += 1;
    if (token === undefined) {
      throw new Error(`policy ${text} ends early`);
    }
    return token;
  };
  const expect = (token: string): void => {
    if (next() !== token) {
      throw new Error(`policy ${text}: expected ${token}`);
    }
  };
  const parse = (): PolicyRule => {
    const token = next();
    if (token.startsWith("'")) {
      const [mspId = '', roleName = ''] = token.slice(1, -1).split('.');
      const role = ROLE_NAMES[roleName.toLowerCase()];
      if (role === undefined || mspId === '') {
        throw new Error(`policy ${text}: unknown principal ${token}`);
      }
      principals.push({ mspId, role });
      return { signedBy: principals.length - 1 };
    }
    const operator = token.toUpperCase();
    expect('(');
    let n = 0;
    if (operator === 'OUTOF') {
      n = Number(next());
      expect(',');
    }
    const rules: PolicyRule[] = [parse()];
    for (let separator = next(); separator === ','; separator = next()) {
      rules.push(parse());
    }
    if (operator === 'AND') n = rules.length;
    else if (operator === 'OR') n = 1;
    else if (operator !== 'OUTOF') throw new Error(`policy ${text}: unknown operator ${token}`);
    return { nOutOf: { n, rules } };
  };
  const rule = parse();
  return { rule, principals };
}

export function describePolicy(policy: SignaturePolicy): string {
  const roleName = (role: number): string =>
    Object.entries(ROLE_NAMES).find(([, value]) => value === role)?.[0] ?? String(role);
  const describe = (rule: PolicyRule): string => {
    if ('signedBy' in rule) {
      const principal = policy.principals[rule.signedBy];
      return principal === undefined ? '?' : `'${principal.mspId}.${roleName(principal.role)}'`;
    }
    const inner = rule.nOutOf.rules.map(describe).join(', ');
    if (rule.nOutOf.n === 1) return `OR(${inner})`;
    if (rule.nOutOf.n === rule.nOutOf.rules.length) return `AND(${inner})`;
    return `OutOf(${rule.nOutOf.n}, ${inner})`;
  };
  return describe(policy.rule);
}

/**
 * Evaluates a signature policy over identities whose signatures were already verified, as Fabric's
 * cauthdsl does: each identity satisfies at most one principal (no double counting one endorser).
 */
export function satisfiesPolicy(
  policy: SignaturePolicy,
  signers: readonly TrustedIdentity[],
  hasRole: (identity: TrustedIdentity, mspId: string, role: number) => boolean,
): boolean {
  const evaluate = (rule: PolicyRule, used: boolean[]): boolean => {
    if ('signedBy' in rule) {
      const principal = policy.principals[rule.signedBy];
      if (principal === undefined) {
        return false;
      }
      const index = signers.findIndex(
        (signer, i) => used[i] !== true && hasRole(signer, principal.mspId, principal.role),
      );
      if (index < 0) {
        return false;
      }
      used[index] = true;
      return true;
    }
    let satisfied = 0;
    for (const inner of rule.nOutOf.rules) {
      const attempt = [...used];
      if (evaluate(inner, attempt)) {
        satisfied += 1;
        attempt.forEach((value, i) => {
          used[i] = value;
        });
      }
    }
    return satisfied >= rule.nOutOf.n;
  };
  return evaluate(policy.rule, new Array<boolean>(signers.length).fill(false));
}
