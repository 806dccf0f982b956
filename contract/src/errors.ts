/**
 * Error codes the chaincode puts at the start of every error message (`CODE: what to fix`). Fabric passes
 * only the message text to clients, so this closed list is the whole error contract with the gateway.
 */
export const ERROR_CODES = [
  'INVALID_USCC',
  'UNKNOWN_CATEGORY',
  'NOT_AUTHORIZED',
  'CONSENT_REQUIRED',
  'CONSENT_REVOKED',
  'CONSENT_EXPIRED',
  'CONSENT_CONSUMED',
  'CONSENT_NOT_ACTIVE',
  'ACCESS_EXPIRED',
  'VALIDATION_FAILED',
  'LIMIT_EXCEEDED',
  'NOT_FOUND',
  'CONFLICT',
  'SALT_REUSED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The codes a consent check refuses an access with; access:RecordAccess records these instead of failing. */
export const ACCESS_REFUSAL_CODES: readonly ErrorCode[] = [
  'NOT_AUTHORIZED',
  'CONSENT_REQUIRED',
  'CONSENT_NOT_ACTIVE',
  'CONSENT_REVOKED',
  'CONSENT_EXPIRED',
  'CONSENT_CONSUMED',
];

/**
 * The two consent refusals that can mean "not on this peer yet": a consent request, or the company's
 * authorisation of it, committed through another organization's peer a block ago. The chaincode writes
 * these details and the gateway waits on them, both from this one definition.
 */
export const NO_SUCH_CONSENT_DETAIL = 'no such consent; request one from the company first';

export function consentNotAuthorisedDetail(consentId: string, status: string): string {
  return `consent ${consentId} is ${status}, not authorised`;
}

export function isConsentNotYetVisible(detail: string): boolean {
  return detail.includes(NO_SUCH_CONSENT_DETAIL) || detail.includes(' is requested, not authorised');
}

const CODE_AT_START = /^([A-Z][A-Z_]*[A-Z]): /;
const CODE_ANYWHERE = /\b([A-Z][A-Z_]*[A-Z]): /g;

export function isErrorCode(value: string): value is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Reads the error code back from a chaincode error message. Accepts the bare message (`CODE: detail`) and
 * messages that Fabric or the client library wrapped (`... chaincode response 500, CODE: detail`): the
 * first known code wins. Returns undefined when the message carries no known code.
 */
export function parseErrorCode(message: string): ErrorCode | undefined {
  const atStart = CODE_AT_START.exec(message)?.[1];
  if (atStart !== undefined && isErrorCode(atStart)) {
    return atStart;
  }
  for (const match of message.matchAll(CODE_ANYWHERE)) {
    const code = match[1];
    if (code !== undefined && isErrorCode(code)) {
      return code;
    }
  }
  return undefined;
}

/** The detail after `CODE: `, for display; the whole message when no known code is present. */
export function parseErrorDetail(message: string): string {
  const code = parseErrorCode(message);
  if (code === undefined) {
    return message;
  }
  const start = message.indexOf(`${code}: `);
  return message.slice(start + code.length + 2);
}
