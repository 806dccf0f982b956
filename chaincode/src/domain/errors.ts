import type { ErrorCode } from '@sme-credit-ledger/contract';

/** An error whose message is `CODE: what to fix`, the only part Fabric passes on to clients. */
export class ChaincodeError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

export function fail(code: ErrorCode, detail: string): never {
  throw new ChaincodeError(code, detail);
}
