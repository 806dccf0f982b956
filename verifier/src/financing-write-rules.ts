import { isDeepStrictEqual } from 'node:util';
import { isLoanCategory, lenderCodeOf, loanCategoryOf } from '@sme-credit-ledger/contract';
import { describe, text, type Fields, type ParsedWrite, type TxView } from './rule-context';

/*
 * Financing writes in public state, mirrored from chaincode/src/contracts/product-contract.ts and the
 * loan-outcome report of application-contract.ts: a bank writes only its own profile, products and loan
 * category, and attests only in that category.
 */

const isBankCreator = (tx: TxView, mspId: string): boolean =>
  tx.role === 'bank' && tx.creator.mspId === mspId;

/** The bank's own loan category as SetInstitutionProfile defines it: attested by that bank's code only. */
export function isOwnLoanCategory(tx: TxView, value: Fields): boolean {
  const mspId = tx.creator.mspId;
  return (
    tx.role === 'bank' &&
    tx.functionName === 'product:SetInstitutionProfile' &&
    text(value, 'code') === loanCategoryOf(mspId) &&
    isDeepStrictEqual(value.departments, [lenderCodeOf(mspId)])
  );
}

/** A bank's loan-outcome report attests in its own loan category. */
export function isLenderReport(tx: TxView, category: string): boolean {
  return (
    tx.role === 'bank' &&
    tx.functionName === 'application:ReportLoanOutcome' &&
    category === loanCategoryOf(tx.creator.mspId)
  );
}

export function categoryRule(value: Fields, tx: TxView): string | undefined {
  return definesCategory(tx, value)
    ? undefined
    : `category ${text(value, 'code')} defined by ${describe(tx.creator)}`;
}

/** The catalog admin defines categories outside the lenders' namespace; a bank its own loan category. */
export function definesCategory(tx: TxView, value: Fields): boolean {
  return (
    (tx.role === 'catalog-admin' && !isLoanCategory(text(value, 'code'))) || isOwnLoanCategory(tx, value)
  );
}

const VIEW_WRITERS = ['product:PublishProduct', 'product:WithdrawProduct'];

/** A shard of the matching view: the bank's own, written with its products, holding its products only. */
export function matchingShardRule(value: Fields, tx: TxView): string | undefined {
  const bank = text(value, 'bankMspId');
  const where = `matching view shard ${bank}/${text(value, 'shard')}`;
  if (!isBankCreator(tx, bank) || !VIEW_WRITERS.includes(tx.functionName)) {
    return `${where} written by ${describe(tx.creator)} (${tx.functionName})`;
  }
  const products = Array.isArray(value.products) ? (value.products as Fields[]) : undefined;
  return products !== undefined && products.every((entry) => text(entry, 'bankMspId') === bank)
    ? undefined
    : `${where} holds products of another bank`;
}

/** A shard emptied by its bank's withdrawal of the last product in it. */
export function matchingShardDeleteProblem(tx: TxView, write: ParsedWrite): string | undefined {
  return isBankCreator(tx, write.attributes[0] ?? '') && tx.functionName === 'product:WithdrawProduct'
    ? undefined
    : `matching view shard ${write.attributes.join('/')} deleted by ${describe(tx.creator)} (${tx.functionName})`;
}

export function institutionRule(value: Fields, tx: TxView): string | undefined {
  return isBankCreator(tx, text(value, 'mspId')) &&
    tx.functionName === 'product:SetInstitutionProfile' &&
    text(value, 'txId') === tx.txId
    ? undefined
    : `institution profile of ${text(value, 'mspId')} set by ${describe(tx.creator)} (${tx.functionName})`;
}

/** Published (active, this transaction) or withdrawn (withdrawal in this transaction) by the bank itself. */
export function productRule(value: Fields, tx: TxView): string | undefined {
  const bank = text(value, 'bankMspId');
  const where = `product ${bank}/${text(value, 'productId')}`;
  if (!isBankCreator(tx, bank)) return `${where} written by ${describe(tx.creator)}`;
  if (tx.functionName === 'product:PublishProduct') {
    return text(value, 'status') === 'active' && text(value, 'txId') === tx.txId
      ? undefined
      : `${where} published with status ${text(value, 'status')} in ${text(value, 'txId')}`;
  }
  if (tx.functionName === 'product:WithdrawProduct') {
    return text(value, 'status') === 'withdrawn' && text(value.withdrawal, 'txId') === tx.txId
      ? undefined
      : `${where} withdrawn without a withdrawal in this transaction`;
  }
  return `${where} written by ${tx.functionName}`;
}
