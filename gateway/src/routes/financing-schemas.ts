import { TRANSACTIONS } from '@sme-credit-ledger/contract';
import { Type } from '@sinclair/typebox';

/*
 * Bodies and queries of the financing routes, made of the fields of the contract's own request schemas (rows
 * of TRANSACTIONS, financing-requests.ts in @sme-credit-ledger/contract): the request id comes from the
 * Idempotency-Key header and the ids from the path, the rest from here. Product terms and evaluations are
 * checked in depth by the chaincode, which names the faulty field.
 */
const publish = TRANSACTIONS['product:PublishProduct'].request.properties;
const withdraw = TRANSACTIONS['product:WithdrawProduct'].request.properties;
const profile = TRANSACTIONS['product:SetInstitutionProfile'].request.properties;
const get = TRANSACTIONS['product:GetProduct'].request.properties;
const list = TRANSACTIONS['product:ListProducts'].request.properties;
const { uscc: matchUscc, ...matchFields } = TRANSACTIONS['application:MatchProducts'].request.properties;
const applyFields = Type.Omit(TRANSACTIONS['application:Apply'].request, ['requestId']).properties;
const { applicationId, ...decisionFields } = Type.Omit(
  TRANSACTIONS['application:DecideApplication'].request,
  ['requestId'],
).properties;
const bankList = TRANSACTIONS['application:ListApplicationsByBank'].request.properties;

const strict = { additionalProperties: false };

export const mspIdSchema = get.bankMspId;
export const productIdSchema = get.productId;
export const applicationIdSchema = applicationId;
export const matchUsccSchema = matchUscc;
export const profileBody = Type.Object({ displayName: profile.displayName }, strict);
export const productBody: Record<string, unknown> = {
  ...publish.product,
  description:
    'Product terms: productId, name, type, amountYuan, termMonths, rateBps, rules, straightThrough?, consentDays?',
};
export const withdrawalBody = Type.Object({ reason: withdraw.reason }, strict);
export const productQuery = Type.Object({ version: get.version }, strict);
export const productListQuery = Type.Object(
  { bankMspId: list.bankMspId, pageSize: list.pageSize, bookmark: list.bookmark },
  strict,
);
export const matchBody = Type.Object(matchFields, strict);
export const applyBody = Type.Object(applyFields, strict);
export const decisionBody = Type.Object(decisionFields, strict);
export const bankApplicationsQuery = Type.Object(
  { pageSize: bankList.pageSize, bookmark: bankList.bookmark },
  strict,
);
export const loanOutcomeBody = Type.Object(
  {
    record: Type.Object(
      {},
      {
        additionalProperties: true,
        description:
          'The raw record of the bank’s LOAN_OUTCOMES_<BANK> category (status, amountYuan, outstandingYuan, overdueDays, asOf); the service salts it',
      },
    ),
  },
  strict,
);
