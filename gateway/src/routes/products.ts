import type { ProductTerms } from '@sme-credit-ledger/contract';
import type { Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { ProductService } from '../services/product-service';
import {
  mspIdSchema,
  productBody,
  productIdSchema,
  productListQuery,
  productQuery,
  profileBody,
  withdrawalBody,
} from './financing-schemas';
import { callerOf, requestIdOf } from './http-support';
import { bearer, idempotencyHeader, ledgerObject, ledgerPage, problemResponses, txFields } from './schemas';

export interface ProductsOptions {
  products: ProductService;
}

const productOutcome = { type: 'object', properties: { product: ledgerObject, ...txFields } };
const productParams = {
  type: 'object',
  properties: { bankMspId: mspIdSchema, productId: productIdSchema },
  required: ['bankMspId', 'productId'],
};

const setProfileSchema = {
  tags: ['banks'],
  summary: 'Set the calling bank’s display name (ICBC, Ping An Bank, …) and define its loan-outcome category',
  security: bearer,
  headers: idempotencyHeader,
  body: profileBody,
  response: {
    200: { type: 'object', properties: { profile: ledgerObject, ...txFields } },
    ...problemResponses,
  },
};

const getProfileSchema = {
  tags: ['companies', 'banks', 'auditors'],
  summary: 'A bank’s institution profile',
  security: bearer,
  params: { type: 'object', properties: { mspId: mspIdSchema }, required: ['mspId'] },
  response: { 200: { type: 'object', properties: { profile: ledgerObject } }, ...problemResponses },
};

const publishSchema = {
  tags: ['banks'],
  summary: 'Publish a product of the calling bank, or its next version (rules checked against the catalog)',
  security: bearer,
  headers: idempotencyHeader,
  body: productBody,
  response: { 201: productOutcome, ...problemResponses },
};

const listSchema = {
  tags: ['companies', 'banks', 'auditors'],
  summary: 'Current products of one bank or of all banks, paged',
  security: bearer,
  querystring: productListQuery,
  response: { 200: ledgerPage, ...problemResponses },
};

const getSchema = {
  tags: ['companies', 'banks', 'auditors'],
  summary: 'A product: its current entry, or a version as published',
  security: bearer,
  params: productParams,
  querystring: productQuery,
  response: { 200: { type: 'object', properties: { product: ledgerObject } }, ...problemResponses },
};

const withdrawSchema = {
  tags: ['banks'],
  summary: 'Withdraw one of the calling bank’s products (published versions stay)',
  security: bearer,
  headers: idempotencyHeader,
  params: productParams,
  body: withdrawalBody,
  response: { 200: productOutcome, ...problemResponses },
};

interface ProductParams {
  bankMspId: string;
  productId: string;
}

/** Products and institution profiles: a bank writes its own, every signed-in identity reads them. */
export const productRoutes: FastifyPluginAsync<ProductsOptions> = (app, { products }) => {
  app.put<{ Body: Static<typeof profileBody> }>(
    '/v1/institutions/me',
    { config: { roles: ['bank'] }, schema: setProfileSchema },
    async (request) => products.setProfile(callerOf(request), request.body.displayName, requestIdOf(request)),
  );

  app.get<{ Params: { mspId: string } }>(
    '/v1/institutions/:mspId',
    { schema: getProfileSchema },
    async (request) => products.getProfile(callerOf(request), request.params.mspId),
  );

  app.post<{ Body: ProductTerms }>(
    '/v1/products',
    { config: { roles: ['bank'] }, schema: publishSchema },
    async (request, reply) =>
      reply.code(201).send(await products.publish(callerOf(request), request.body, requestIdOf(request))),
  );

  app.get<{ Querystring: Static<typeof productListQuery> }>(
    '/v1/products',
    { schema: listSchema },
    async (request) => products.list(callerOf(request), request.query),
  );

  app.get<{ Params: ProductParams; Querystring: Static<typeof productQuery> }>(
    '/v1/products/:bankMspId/:productId',
    { schema: getSchema },
    async (request) =>
      products.get(
        callerOf(request),
        request.params.bankMspId,
        request.params.productId,
        request.query.version,
      ),
  );

  app.post<{ Params: ProductParams; Body: Static<typeof withdrawalBody> | undefined }>(
    '/v1/products/:bankMspId/:productId/withdrawal',
    { config: { roles: ['bank'] }, schema: withdrawSchema },
    async (request) =>
      products.withdraw(
        callerOf(request),
        request.params.bankMspId,
        request.params.productId,
        requestIdOf(request),
        request.body?.reason,
      ),
  );
  return Promise.resolve();
};
