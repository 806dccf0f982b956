import { Type, type TProperties } from '@sinclair/typebox';
import {
  BookmarkField,
  CategoryListField,
  MspIdField,
  PageSizeField,
  RecordIdField,
  RequestIdField,
  UsccField,
} from './fields';
import type { ProductEvaluation, ProductTerms, ProductType } from './financing';

/*
 * Requests of the `product` and `application` contracts, as TypeBox schemas (rows in transactions.ts). The
 * product's terms and rules and a match's evaluation are typed here but checked in depth by the chaincode's
 * domain rules (products.ts, eligibility rules against the catalog, the evaluation's tag), which give the
 * coded reasons; their schemas below only require an object.
 */

const idempotent = <P extends TProperties>(properties: P) =>
  Type.Object({ requestId: RequestIdField, ...properties });
const paged = <P extends TProperties>(properties: P) =>
  Type.Object({
    ...properties,
    pageSize: Type.Optional(PageSizeField),
    bookmark: Type.Optional(BookmarkField),
  });
const anObject = <T>() => Type.Unsafe<T>(Type.Object({}, { additionalProperties: true }));
const Amount = Type.Integer({ minimum: 1 });

export const SetInstitutionProfileRequest = idempotent({
  displayName: Type.String({ minLength: 1, maxLength: 100 }),
});
export const GetInstitutionProfileRequest = Type.Object({ bankMspId: MspIdField });
export const PublishProductRequest = idempotent({ product: anObject<ProductTerms>() });
export const WithdrawProductRequest = idempotent({
  productId: RecordIdField,
  reason: Type.Optional(Type.String({ maxLength: 500 })),
});
export const GetProductRequest = Type.Object({
  bankMspId: MspIdField,
  productId: RecordIdField,
  version: Type.Optional(Type.Integer({ minimum: 1 })),
});
export const ListProductsRequest = paged({ bankMspId: Type.Optional(MspIdField) });
export const MatchProductsRequest = Type.Object({
  uscc: UsccField,
  categories: Type.Optional(CategoryListField),
  types: Type.Optional(Type.Array(Type.Unsafe<ProductType>(Type.String()))),
  bankMspId: Type.Optional(MspIdField),
  productIds: Type.Optional(Type.Array(RecordIdField, { maxItems: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1 })),
});
export const ApplyRequest = idempotent({
  evaluation: anObject<ProductEvaluation>(),
  evaluationTag: Type.String({ minLength: 1 }),
  amountYuan: Amount,
  termMonths: Type.Integer({ minimum: 1 }),
});
export const DecideApplicationRequest = idempotent({
  applicationId: RecordIdField,
  outcome: Type.Union([Type.Literal('approved'), Type.Literal('declined')]),
  amountYuan: Type.Optional(Amount),
  rateBps: Type.Optional(Type.Integer({ minimum: 0 })),
  termMonths: Type.Optional(Type.Integer({ minimum: 1 })),
  reasonCodes: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 10 })),
  accessIds: Type.Optional(Type.Array(RecordIdField)),
});
export const GetApplicationRequest = Type.Object({ applicationId: RecordIdField });
export const ReportLoanOutcomeRequest = idempotent({ applicationId: RecordIdField });
export const ListApplicationsByBankRequest = paged({ bankMspId: MspIdField });
