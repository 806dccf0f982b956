import type {
  InstitutionProfile,
  Page,
  Product,
  ProductResponse,
  ProductTerms,
} from '@sme-credit-ledger/contract';
import { ApiError } from '../errors/problem';
import { type Caller, requireRole } from './caller';
import type { CreditLedger, Submitted } from './credit-ledger';

export interface Recorded {
  txId: string;
  blockNumber: string;
}

/** Banks' public offers: institution profiles and products, written by their bank, read by everyone. */
export class ProductService {
  constructor(private readonly ledger: CreditLedger) {}

  /** The calling bank's display name. @throws FORBIDDEN, VALIDATION_FAILED */
  async setProfile(
    caller: Caller,
    displayName: string,
    requestId: string,
  ): Promise<{ profile: InstitutionProfile } & Recorded> {
    requireRole(caller, ['bank'], 'set an institution profile');
    return recorded(
      await this.ledger.submit(caller, 'product:SetInstitutionProfile', { requestId, displayName }),
      ({ institution }) => ({ profile: institution }),
    );
  }

  async getProfile(caller: Caller, bankMspId: string): Promise<{ profile: InstitutionProfile }> {
    const { institution } = await this.ledger.evaluate(caller, 'product:GetInstitutionProfile', {
      bankMspId,
    });
    return { profile: institution };
  }

  /** A product of the calling bank, or its next version. @throws FORBIDDEN, UNKNOWN_CATEGORY, VALIDATION_FAILED */
  async publish(
    caller: Caller,
    product: ProductTerms,
    requestId: string,
  ): Promise<ProductResponse & Recorded> {
    requireRole(caller, ['bank'], 'publish products');
    return recorded(
      await this.ledger.submit(caller, 'product:PublishProduct', { requestId, product }),
      (response) => response,
    );
  }

  /** Only the bank's own products: the path names the bank so a URL cannot mean another bank's product. */
  async withdraw(
    caller: Caller,
    bankMspId: string,
    productId: string,
    requestId: string,
    reason?: string,
  ): Promise<ProductResponse & Recorded> {
    requireRole(caller, ['bank'], 'withdraw products');
    requireOwnBank(caller, bankMspId, 'withdraw');
    return recorded(
      await this.ledger.submit(caller, 'product:WithdrawProduct', {
        requestId,
        productId,
        ...(reason === undefined ? {} : { reason }),
      }),
      (response) => response,
    );
  }

  async get(
    caller: Caller,
    bankMspId: string,
    productId: string,
    version?: number,
  ): Promise<ProductResponse> {
    return this.ledger.evaluate(caller, 'product:GetProduct', {
      bankMspId,
      productId,
      ...(version === undefined ? {} : { version }),
    });
  }

  async list(
    caller: Caller,
    filter: { bankMspId?: string; pageSize?: number; bookmark?: string },
  ): Promise<Page<Product>> {
    return this.ledger.evaluate(caller, 'product:ListProducts', {
      ...(filter.bankMspId === undefined ? {} : { bankMspId: filter.bankMspId }),
      ...(filter.pageSize === undefined ? {} : { pageSize: filter.pageSize }),
      ...(filter.bookmark === undefined ? {} : { bookmark: filter.bookmark }),
    });
  }
}

/** A bank acts on its own products and applications only; the chaincode checks again (NOT_AUTHORIZED). */
export function requireOwnBank(caller: Caller, bankMspId: string, action: string): void {
  if (caller.role === 'bank' && caller.mspId !== bankMspId) {
    throw new ApiError('NOT_AUTHORIZED', `${caller.mspId} cannot ${action} for ${bankMspId}`);
  }
}

function recorded<T, R>(
  { response, txId, blockNumber }: Submitted<T>,
  shape: (response: T) => R,
): R & Recorded {
  return { ...shape(response), txId, blockNumber };
}
