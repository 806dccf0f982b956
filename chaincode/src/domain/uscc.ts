import { checkUscc } from '@sme-credit-ledger/contract';
import { fail } from './errors';

export { organizationCodeCheckCharacter, usccCheckCharacter } from '@sme-credit-ledger/contract';

/** A Unified Social Credit Code that passed both check characters, upper-case. */
export type Uscc = string & { readonly brand: 'Uscc' };

/** Parses a USCC (see `checkUscc` for the rules); throws INVALID_USCC naming what is wrong. */
export function parseUscc(input: unknown): Uscc {
  if (typeof input !== 'string') {
    return fail('INVALID_USCC', 'uscc must be a string of 18 characters');
  }
  const result = checkUscc(input);
  return result.ok ? (result.code as Uscc) : fail('INVALID_USCC', result.reason);
}
