import {
  ACCESS_REFUSAL_CODES,
  type AccessRecord,
  type Attestation,
  type ConsentPurpose,
  type ErrorCode,
  isConsentNotYetVisible,
  isErrorCode,
  newReaderKeyPair,
  openAuthorizedRecords,
  type OpenedAuthorizedRecords,
  SealingError,
} from '@sme-credit-ledger/contract';
import { ApiError } from '../errors/problem';
import type { LedgerClient } from '../ledger/ledger-client';
import { type Caller, requireRole } from './caller';
import type { CreditLedger } from './credit-ledger';
import { parseUscc } from './uscc';
import { COMMITTED_ELSEWHERE, isNotFound, readAfterCommit } from './read-after-commit';

/** What a bank needs to check a record itself: where the hash is on chain and what it is. */
export interface LedgerProof {
  txId: string;
  blockNumber: string;
  timestamp: string;
  hash: string;
  algorithm: string;
  version: number;
  schemaVersion: number;
  effectiveDate: string;
  department: string;
}

export interface ProfileCategory {
  category: string;
  available: boolean;
  disputed: boolean;
  record?: Record<string, unknown>;
  salt?: string;
  proof: LedgerProof;
}

export interface AuthorizedProfile {
  accessId: string;
  uscc: string;
  consentId: string;
  access: { txId: string; blockNumber: string; recordedAt: string };
  categories: ProfileCategory[];
  /** Consented categories with no attestation yet. */
  missingCategories: string[];
}

export interface ProfileReadInput {
  consentId: string;
  /** Default: every category of the consent. */
  categories?: string[];
  purpose: ConsentPurpose;
}

/**
 * A bank's authorized read: record the access on chain (refused attempts are recorded too), then read the
 * raw records by evaluation on the record-holding peer. The chaincode seals them to a one-time key made here
 * for this read, so even a response that ends up in a block holds only ciphertext; the key pair is never kept.
 */
export class AccessService {
  constructor(
    private readonly ledger: CreditLedger,
    private readonly client: LedgerClient,
  ) {}

  /** @throws ApiError FORBIDDEN, INVALID_USCC, CONSENT_REQUIRED / _REVOKED / _EXPIRED / _CONSUMED, NOT_FOUND … */
  async readProfile(
    caller: Caller,
    uscc: string,
    input: ProfileReadInput,
    requestId: string,
  ): Promise<AuthorizedProfile> {
    requireRole(caller, ['bank'], 'read company profiles');
    const company = parseUscc(uscc, '/uscc');
    const categories = input.categories ?? (await this.consentCategories(caller, input.consentId));
    const terms = { consentId: input.consentId, uscc: company, categories, purpose: input.purpose };
    const versions = await this.currentVersions(caller, terms);
    const recorded = await this.ledger.submit(caller, 'access:RecordAccess', {
      requestId,
      ...terms,
      ...(versions === undefined ? {} : { versions }),
    });
    const { access } = recorded.response;
    if (access.outcome !== 'granted') {
      const code: ErrorCode =
        access.refusalCode !== undefined && isErrorCode(access.refusalCode)
          ? access.refusalCode
          : 'NOT_AUTHORIZED';
      throw new ApiError(code, access.refusalDetail ?? 'access refused; the attempt is in the access log', {
        txId: recorded.txId,
      });
    }
    // The access just committed; a gov peer that has not seen its block yet answers NOT_FOUND for it.
    const read = await readAfterCommit(() => this.readSealed(caller, access.accessId));
    const records = await Promise.all(
      read.records.map(async (item) => ({
        category: item.category,
        available: item.available,
        disputed: item.disputed,
        ...(item.record === undefined ? {} : { record: item.record }),
        ...(item.salt === undefined ? {} : { salt: item.salt }),
        proof: await this.proof(caller, item.attestation),
      })),
    );
    return {
      accessId: access.accessId,
      uscc: read.uscc,
      consentId: read.consentId,
      access: { txId: recorded.txId, blockNumber: recorded.blockNumber, recordedAt: access.recordedAt },
      categories: records,
      missingCategories: read.missingCategories,
    };
  }

  /**
   * The versions the consent lets the bank read. When the consent refuses, none: the access is still
   * recorded, refused, so auditors see the attempt.
   */
  private async currentVersions(
    caller: Caller,
    terms: { consentId: string; uscc: string; categories: string[]; purpose: ConsentPurpose },
  ): Promise<Record<string, number> | undefined> {
    try {
      // A consent requested or authorised a moment ago may not be on the bank's own peer yet; taking that
      // for a refusal would record a granted access that names no versions, and spend a use on nothing.
      const current = await readAfterCommit(
        () => this.ledger.evaluate(caller, 'access:CurrentVersions', terms),
        COMMITTED_ELSEWHERE,
        isConsentNotYetHere,
      );
      return current.versions;
    } catch (error) {
      if (error instanceof ApiError && (ACCESS_REFUSAL_CODES as readonly string[]).includes(error.code)) {
        return undefined;
      }
      throw error;
    }
  }

  /** @throws ApiError LEDGER_ERROR when the answer does not open with this read's key. */
  private async readSealed(caller: Caller, accessId: string): Promise<OpenedAuthorizedRecords> {
    const reader = newReaderKeyPair();
    const sealed = await this.ledger.evaluate(
      caller,
      'access:ReadAuthorizedRecords',
      { accessId },
      { onRecordHolders: true, readerKey: reader },
    );
    try {
      return openAuthorizedRecords(sealed, reader.privateKey);
    } catch (error) {
      if (error instanceof SealingError || error instanceof SyntaxError) {
        throw new ApiError('LEDGER_ERROR', `the sealed records of access ${accessId} do not open`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async getAccess(caller: Caller, accessId: string): Promise<AccessRecord> {
    const { access } = await this.ledger.evaluate(caller, 'access:GetAccess', { accessId });
    return access;
  }

  private async consentCategories(caller: Caller, consentId: string): Promise<string[]> {
    const { consent } = await readAfterCommit(
      () => this.ledger.evaluate(caller, 'consent:GetConsent', { consentId }),
      COMMITTED_ELSEWHERE,
      isNotFound,
    );
    return consent.categories;
  }

  private async proof(caller: Caller, attestation: Attestation): Promise<LedgerProof> {
    const blockNumber = await this.client.blockNumberOf(caller.key, attestation.txId);
    return {
      txId: attestation.txId,
      blockNumber: blockNumber.toString(),
      timestamp: attestation.attestedAt,
      hash: attestation.hash,
      algorithm: attestation.algorithm,
      version: attestation.version,
      schemaVersion: attestation.schemaVersion,
      effectiveDate: attestation.effectiveDate,
      department: attestation.department,
    };
  }
}

/**
 * "No such consent" and a consent still "requested" can be the company's request or answer committed on a
 * gov peer and not on the bank's peer yet; other refusals are final. Recording the access at once on the
 * second would grant it on the endorsing peers that have the authorisation, naming no versions: a use
 * spent on no records.
 */
function isConsentNotYetHere(error: unknown): boolean {
  return (
    error instanceof ApiError && error.code === 'CONSENT_REQUIRED' && isConsentNotYetVisible(error.detail)
  );
}
