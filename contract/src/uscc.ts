/** GB 32100-2015 alphabet: digits and upper-case letters without I, O, S, V, Z. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_LENGTH = 18;
/** GB 11714 organization-code weights for its 8 body characters. */
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export type UsccCheck = { ok: true; code: string } | { ok: false; reason: string };

/**
 * Trims and upper-cases, then checks length, alphabet, the GB 32100 check character (position 18) and the
 * GB 11714 organization code embedded at positions 9-17. Shared by the chaincode and its clients so both
 * refuse the same codes with the same reason.
 */
export function checkUscc(input: string): UsccCheck {
  const code = input.trim().toUpperCase();
  if (code.length !== USCC_LENGTH) {
    return { ok: false, reason: `uscc must have 18 characters, got ${code.length}` };
  }
  for (const [index, char] of [...code].entries()) {
    if (!USCC_ALPHABET.includes(char)) {
      return {
        ok: false,
        reason: `character ${index + 1} '${char}' is not allowed (I, O, S, V, Z never occur)`,
      };
    }
  }
  const expectedCheck = usccCheckCharacter(code.slice(0, 17));
  if (code[17] !== expectedCheck) {
    return {
      ok: false,
      reason: `check character must be ${expectedCheck}, got ${code[17]}; re-type the code`,
    };
  }
  const orgCode = code.slice(8, 17);
  const expectedOrgCheck = organizationCodeCheckCharacter(orgCode.slice(0, 8));
  if (expectedOrgCheck === undefined || orgCode[8] !== expectedOrgCheck) {
    return {
      ok: false,
      reason: `embedded organization code ${orgCode} (positions 9-17) fails its GB 11714 check; re-type the code`,
    };
  }
  return { ok: true, code };
}

/** Check character over the first 17 characters: weights 3^(i-1) mod 31. */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (const char of first17) {
    sum += USCC_ALPHABET.indexOf(char) * weight;
    weight = (weight * 3) % 31;
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** GB 11714 check character for 8 body characters (digits, A=10..Z=35); undefined if a char is invalid. */
export function organizationCodeCheckCharacter(body: string): string | undefined {
  let sum = 0;
  for (const [index, char] of [...body].entries()) {
    const value = /[0-9]/.test(char) ? Number(char) : /[A-Z]/.test(char) ? char.charCodeAt(0) - 55 : -1;
    if (value < 0) {
      return undefined;
    }
    sum += value * (ORG_CODE_WEIGHTS[index] ?? 0);
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * A valid code from its first 8 characters (authority, type, division) and an 8-character organization-code
 * body: appends both check characters. For test and benchmark data; `lead8` and `body8` must use the
 * USCC alphabet.
 */
export function buildUscc(lead8: string, body8: string): string {
  const first17 = `${lead8}${body8}${organizationCodeCheckCharacter(body8) ?? '0'}`;
  return `${first17}${usccCheckCharacter(first17)}`;
}
