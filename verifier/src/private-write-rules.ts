import {
  bankOfCollection,
  CONFIDENTIAL_ARGUMENT,
  CONFIDENTIAL_TRANSACTIONS,
  EVALUATE_TRANSACTIONS,
  invocationName,
  LENDER_RAW_RECORDS_COLLECTION,
  PLATFORM_INDEX_COLLECTION,
  RAW_RECORDS_COLLECTION,
} from '@sme-credit-ledger/contract';
import type { NamespaceWrites } from './block-decoder';
import type { TrustedIdentity } from './identity-verifier';
import { callerRole, describe, type AuthorizationFinding } from './rule-context';

/**
 * What a block shows of a transaction's private data is the collections it wrote (with key and value
 * hashes), so the verifier checks who wrote which collection in which transaction; the content is checked by
 * the auditor through the chaincode on its own peer, which holds the bank collections and the index.
 */
export interface PrivateWriteContext {
  functionName: string;
  /** The invocation's arguments after the function name, as the block keeps them. */
  args: readonly string[];
  creator: TrustedIdentity;
  /** The banks of the chaincode definition in force (`banksOf`). */
  banks: ReadonlySet<string>;
}

const isConfidential = (functionName: string): boolean => CONFIDENTIAL_TRANSACTIONS.includes(functionName);

/** Confidential transactions the chaincode lets change state; the others are reads. */
const writesBusiness = (functionName: string): boolean =>
  isConfidential(functionName) && !EVALUATE_TRANSACTIONS.includes(functionName);

const RAW_RECORD_WRITERS: Readonly<Record<string, string>> = {
  [invocationName('attestation', 'Attest')]: 'department',
  [invocationName('attestation', 'AttestBatch')]: 'department',
  [invocationName('attestation', 'EraseRawRecords')]: 'company',
};

interface Writer {
  functionName: string;
  creator: TrustedIdentity;
  role: string | undefined;
  /** The creator and the transaction, as findings name them. */
  by: string;
}

function rawRecordsProblem({ functionName, role, by }: Writer): string | undefined {
  const writer = RAW_RECORD_WRITERS[functionName];
  return writer !== undefined && role === writer
    ? undefined
    : `raw records written by ${by}; only a department's attestation or its company's erasure writes them`;
}

/** A lending bank's loan-outcome report writes its raw record; the company's erasure purges it. */
function lenderRecordsProblem({ functionName, role, by }: Writer): string | undefined {
  const report = functionName === invocationName('application', 'ReportLoanOutcome') && role === 'bank';
  const erasure = functionName === invocationName('attestation', 'EraseRawRecords') && role === 'company';
  return report || erasure
    ? undefined
    : `lender raw records written by ${by}; only a bank's loan-outcome report or its company's erasure writes them`;
}

function platformIndexProblem({ functionName, creator, role, by }: Writer): string | undefined {
  const registration =
    (functionName === invocationName('company', 'RegisterCompany') ||
      functionName === invocationName('company', 'RegisterCompanies')) &&
    role === 'department' &&
    creator.attributes.dept === 'SAMR';
  const business = writesBusiness(functionName) && (role === 'bank' || role === 'company');
  return registration || business
    ? undefined
    : `platform index written by ${by}; only SAMR's registrations and confidential consent or access transactions write it`;
}

function bankCollectionProblem(collection: string, bank: string, writer: Writer): string | undefined {
  if (!writesBusiness(writer.functionName)) {
    return `${collection} written by ${writer.by}, not a confidential consent, access or application transaction`;
  }
  return writer.role === 'company' || (writer.role === 'bank' && writer.creator.mspId === bank)
    ? undefined
    : `${collection} written by ${writer.by}; only ${bank} and companies write its business`;
}

/** What is wrong with this transaction writing `collection`, if anything. */
function collectionProblem(collection: string, context: PrivateWriteContext): string | undefined {
  const { functionName, creator, banks } = context;
  const writer = {
    functionName,
    creator,
    role: callerRole(creator, banks),
    by: `${describe(creator)} (${functionName})`,
  };
  if (collection === RAW_RECORDS_COLLECTION) return rawRecordsProblem(writer);
  if (collection === PLATFORM_INDEX_COLLECTION) return platformIndexProblem(writer);
  if (collection === LENDER_RAW_RECORDS_COLLECTION) return lenderRecordsProblem(writer);
  const bank = bankOfCollection(collection);
  return bank === undefined || !banks.has(bank)
    ? `private collection ${collection}, not one of the chaincode's, written by ${writer.by}`
    : bankCollectionProblem(collection, bank, writer);
}

/**
 * Checks what the block shows of a valid transaction's private data and of a confidential transaction's
 * confidentiality: each collection written by whom it may be, a confidential request never in the
 * arguments, and no public write in a confidential transaction.
 */
export function checkPrivateWrites(
  namespace: NamespaceWrites | undefined,
  context: PrivateWriteContext,
): AuthorizationFinding[] {
  const findings: AuthorizationFinding[] = [];
  const { functionName, args, creator } = context;
  if (isConfidential(functionName)) {
    if (args.length !== 1 || args[0] !== CONFIDENTIAL_ARGUMENT) {
      findings.push({
        code: 'AUTHZ_CONFIDENTIAL_ARGUMENT',
        message: `${functionName} by ${describe(creator)} carries ${args.length} argument(s) other than ${CONFIDENTIAL_ARGUMENT}: its request is in every peer's block instead of transient data`,
      });
    }
    const publicWrites = namespace?.writes.length ?? 0;
    if (publicWrites > 0) {
      findings.push({
        code: 'AUTHZ_CONFIDENTIAL_IN_PUBLIC_STATE',
        message: `confidential ${functionName} by ${describe(creator)} writes ${publicWrites} public key(s); it writes private collections only`,
      });
    }
  }
  for (const collection of namespace?.collections ?? []) {
    const problem = collectionProblem(collection, context);
    if (problem !== undefined) findings.push({ code: 'AUTHZ_PRIVATE_WRITE', message: problem });
  }
  return findings;
}
