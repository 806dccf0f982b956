import { createHmac } from 'node:crypto';
import {
  type Attestation,
  type AttestationView,
  type AttestBatchResponse,
  type AttestResponse,
  type BatchAttestationItem,
  type CompanyRegistration,
  type HashAlgorithm,
  invocationName,
  TRANSIENT_FIELDS,
} from '@sme-credit-ledger/chaincode/api';
import type { CatalogCache } from './catalog-cache';
import { type Caller, requireRole } from './caller';
import type { CreditLedger } from './credit-ledger';
import { parseUscc } from './uscc';

export interface AttestInput {
  uscc: string;
  category: string;
  /** Default: the category's current schema version. */
  schemaVersion?: number;
  effectiveDate: string;
  record: Record<string, unknown>;
  /** Default: derived per request (see deriveSalt), 64 hex characters. Returned so the department can keep it. */
  salt?: string;
  algorithm?: HashAlgorithm;
}

export interface AttestOutcome {
  attestation: Attestation;
  salt: string;
  txId: string;
  blockNumber: string;
}

export interface BatchOutcome {
  count: number;
  attestations: (Attestation & { salt: string })[];
  txId: string;
  blockNumber: string;
}

/**
 * Salt for a record the caller sent without one: HMAC-SHA256 under the gateway's 256-bit secret (from
 * crypto.randomBytes, see salt-key.ts) of the caller, request id and item index. As unpredictable as a fresh
 * random salt to anyone without the key, unique per request (the chaincode refuses reuse: SALT_REUSED), and
 * the same on a retry of the same request, so the chaincode's idempotency check sees an identical request
 * and returns the first result instead of CONFLICT.
 */
export function deriveSalt(key: Buffer, callerKey: string, requestId: string, index: number): string {
  return createHmac('sha256', key).update(`${callerKey}\n${requestId}\n${index}`).digest('hex');
}

/** Departments attest raw records: the record and salt travel as transient data, only the hash is on chain. */
export class AttestationService {
  constructor(
    private readonly ledger: CreditLedger,
    private readonly catalog: CatalogCache,
    private readonly saltKey: Buffer,
  ) {}

  /** @throws ApiError FORBIDDEN, INVALID_USCC, UNKNOWN_CATEGORY, NOT_AUTHORIZED, SALT_REUSED, LIMIT_EXCEEDED … */
  async attest(caller: Caller, input: AttestInput, requestId: string): Promise<AttestOutcome> {
    requireRole(caller, ['department'], 'attest records');
    const item = await this.prepare(caller, input, '', deriveSalt(this.saltKey, caller.key, requestId, 0));
    const { response, txId, blockNumber } = await this.ledger.submit<AttestResponse>(
      caller,
      invocationName('attestation', 'Attest'),
      {
        requestId,
        uscc: item.uscc,
        category: item.category,
        schemaVersion: item.schemaVersion,
        effectiveDate: item.effectiveDate,
        ...(input.algorithm === undefined ? {} : { algorithm: input.algorithm }),
      },
      { [TRANSIENT_FIELDS.record]: JSON.stringify(item.record), [TRANSIENT_FIELDS.salt]: item.salt },
    );
    return { attestation: response.attestation, salt: item.salt, txId, blockNumber };
  }

  /** One transaction for the whole batch: all items are recorded or none. */
  async attestBatch(
    caller: Caller,
    inputs: AttestInput[],
    requestId: string,
    algorithm?: HashAlgorithm,
  ): Promise<BatchOutcome> {
    requireRole(caller, ['department'], 'attest records');
    const items: BatchAttestationItem[] = [];
    for (const [index, input] of inputs.entries()) {
      items.push(
        await this.prepare(
          caller,
          input,
          `/items/${index}`,
          deriveSalt(this.saltKey, caller.key, requestId, index),
        ),
      );
    }
    const { response, txId, blockNumber } = await this.ledger.submit<AttestBatchResponse>(
      caller,
      invocationName('attestation', 'AttestBatch'),
      { requestId, ...(algorithm === undefined ? {} : { algorithm }) },
      { [TRANSIENT_FIELDS.batch]: JSON.stringify(items) },
    );
    // The chaincode answers with compact receipts in item order; the shared fields complete each one.
    const { txId: attestedTxId, attestedAt, department, algorithm: used } = response;
    return {
      count: response.count,
      attestations: items.map(({ schemaVersion, effectiveDate, salt }, index) => {
        const receipt = response.items[index];
        if (receipt === undefined) {
          throw new Error(`AttestBatch answered ${response.items.length} receipts for ${items.length} items`);
        }
        return {
          ...receipt,
          algorithm: used,
          schemaVersion,
          effectiveDate,
          department,
          txId: attestedTxId,
          attestedAt,
          salt,
        };
      }),
      txId,
      blockNumber,
    };
  }

  async registerCompany(caller: Caller, uscc: string, requestId: string): Promise<CompanyRegistration> {
    requireRole(caller, ['department'], 'register companies');
    const { response } = await this.ledger.submit<CompanyRegistration | { company: CompanyRegistration }>(
      caller,
      invocationName('company', 'RegisterCompany'),
      { requestId, uscc: parseUscc(uscc, '/uscc') },
    );
    return 'company' in response ? response.company : response;
  }

  async getCompany(caller: Caller, uscc: string): Promise<CompanyRegistration> {
    const response = await this.ledger.evaluate<CompanyRegistration | { company: CompanyRegistration }>(
      caller,
      invocationName('company', 'GetCompany'),
      { uscc: parseUscc(uscc, '/uscc') },
    );
    return 'company' in response ? response.company : response;
  }

  async getAttestation(caller: Caller, uscc: string, category: string): Promise<AttestationView> {
    return this.ledger.evaluate<AttestationView>(caller, invocationName('attestation', 'GetAttestation'), {
      uscc: parseUscc(uscc, '/uscc'),
      category,
    });
  }

  private async prepare(
    caller: Caller,
    input: AttestInput,
    at: string,
    fallbackSalt: string,
  ): Promise<BatchAttestationItem> {
    const uscc = parseUscc(input.uscc, `${at}/uscc`);
    const category = await this.catalog.require(caller, input.category, `${at}/category`);
    return {
      uscc,
      category: category.code,
      schemaVersion: input.schemaVersion ?? category.schemaVersion,
      effectiveDate: input.effectiveDate,
      record: input.record,
      salt: input.salt ?? fallbackSalt,
    };
  }
}
