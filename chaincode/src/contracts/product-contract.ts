import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
  EVENT_NAMES,
  type InstitutionProfile,
  type Product,
  type ProductResponse,
} from '@sme-credit-ledger/contract';
import { canonicalJson } from '../domain/canonical-json';
import { isSameCategory } from '../domain/catalog';
import { parseBankMspId } from '../domain/consent-rules';
import { loanCategory } from '../domain/loan-outcomes';
import { fail } from '../domain/errors';
import { optionalInteger, optionalString, parsePage, requireString } from '../domain/input';
import { parseProductId, parseProductTerms, publishProduct, withdrawProduct } from '../domain/product-rules';
import { requireRole } from '../domain/roles';
import { FinancingStore } from '../ledger/financing-store';
import type { LedgerPort } from '../ledger/ledger-port';
import { CreditContext, CreditContract } from './credit-context';
import { evaluate, submit, type Call } from './transaction';

/**
 * Banks' financial products and their institution profiles. Both are public on purpose: a product is an
 * offer every company may read and match against, and its rules are what makes matching explainable.
 * Every version is kept under its own key; a withdrawal changes only the current entry.
 */
@Info({ title: 'ProductContract', description: 'Banks publish, version and withdraw financial products' })
export class ProductContract extends CreditContract {
  constructor() {
    super('product');
  }

  /** A bank sets the name companies see (e.g. ICBC): data on the ledger, not code. */
  @Transaction()
  @Returns('string')
  public async SetInstitutionProfile(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'product:SetInstitutionProfile', request, async (call) => {
      const bank = requireRole(call.caller, ['bank'], 'set an institution profile');
      const profile: InstitutionProfile = {
        mspId: bank.mspId,
        displayName: requireString(call.fields, 'displayName', 100),
        txId: call.ledger.txId,
        updatedAt: call.ledger.txTime,
      };
      await financing(call).putInstitution(profile);
      // The bank's own loan-outcome category, so its reports join companies' profiles like department data.
      const category = loanCategory(bank.mspId);
      const existing = await call.store.getCategory(category.code);
      if (existing === undefined || !isSameCategory(existing, category)) {
        await call.store.putCategory(category);
      }
      call.ledger.setEvent(
        EVENT_NAMES.InstitutionProfileSet,
        canonicalJson({ mspId: bank.mspId, txId: call.ledger.txId }),
      );
      return { institution: profile };
    });
  }

  @Transaction(false)
  @Returns('string')
  public async GetInstitutionProfile(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async (call) => {
        const mspId = parseBankMspId(call.fields.bankMspId);
        const institution =
          (await financing(call).getInstitution(mspId)) ??
          fail('NOT_FOUND', `${mspId} has no institution profile`);
        return { institution };
      },
      'product:GetInstitutionProfile',
    );
  }

  /** Publishes a product, or its next version; rules are checked against the catalog first. */
  @Transaction()
  @Returns('string')
  public async PublishProduct(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'product:PublishProduct', request, async (call) => {
      const bank = requireRole(call.caller, ['bank'], 'publish products');
      const catalog = new Map(
        (await call.store.listCategories()).map((category) => [category.code, category]),
      );
      const terms = parseProductTerms(call.fields.product, catalog);
      const store = financing(call);
      const product = publishProduct(
        terms,
        bank.mspId,
        await store.getProduct(bank.mspId, terms.productId),
        call.ledger,
      );
      await store.putPublished(product);
      return changed(call.ledger, product);
    });
  }

  @Transaction()
  @Returns('string')
  public async WithdrawProduct(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'product:WithdrawProduct', request, async (call) => {
      const bank = requireRole(call.caller, ['bank'], 'withdraw products');
      const productId = parseProductId(call.fields.productId);
      const store = financing(call);
      const current =
        (await store.getProduct(bank.mspId, productId)) ??
        fail('NOT_FOUND', `${bank.mspId} has no product ${productId}`);
      const product = withdrawProduct(current, call.ledger, optionalString(call.fields, 'reason', 1000));
      await store.putWithdrawn(product);
      return changed(call.ledger, product);
    });
  }

  /** The current version (with its status), or a given published version. Open to every member. */
  @Transaction(false)
  @Returns('string')
  public async GetProduct(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async (call) => {
        const bankMspId = parseBankMspId(call.fields.bankMspId);
        const productId = parseProductId(call.fields.productId);
        const version = optionalInteger(call.fields, 'version', 1, 1_000_000);
        const store = financing(call);
        const product =
          version === undefined
            ? await store.getProduct(bankMspId, productId)
            : await store.getProductVersion(bankMspId, productId, version);
        const response: ProductResponse = {
          product:
            product ??
            fail(
              'NOT_FOUND',
              `${bankMspId} has no product ${productId}${version === undefined ? '' : ` version ${version}`}`,
            ),
        };
        return response;
      },
      'product:GetProduct',
    );
  }

  /** Current products of one bank, or of every bank, a page at a time. */
  @Transaction(false)
  @Returns('string')
  public async ListProducts(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async (call) => {
        const bankMspId =
          call.fields.bankMspId === undefined ? undefined : parseBankMspId(call.fields.bankMspId);
        return financing(call).pageProducts(bankMspId, parsePage(call.fields));
      },
      'product:ListProducts',
    );
  }
}

function financing(call: Call): FinancingStore {
  return new FinancingStore(call.ledger, call.business);
}

function changed(ledger: LedgerPort, product: Product): ProductResponse {
  const { bankMspId, productId, version, status } = product;
  ledger.setEvent(
    EVENT_NAMES.ProductChanged,
    canonicalJson({ bankMspId, productId, version, status, txId: ledger.txId }),
  );
  return { product };
}
