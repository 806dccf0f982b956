import { createHmac } from 'node:crypto';
import {
  type Attestation,
  type AttestationView,
  type AttestBatchResponse,
  type BatchAttestationItem,
  type CompanyRegistration,
  type HashAlgorithm,
  TRANSIENT_FIELDS,
} from '@sme-credit-ledger/contract';
import type { SaltKey } from '../auth/salt-key-ring';
import { ApiError } from '../errors/problem';
import type { CatalogCache } from './catalog-cache';
import { type Caller, requireRole } from './caller';
import type { CreditLedger, Submitted } from './credit-ledger';
import { KeyedQueue } from './keyed-queue';
import { parseUscc } from './uscc';

export interface AttestInput {
  uscc: string;
  category: string;
  /** Default: the category's current schema version. */
  schemaVersion?: number;
  effectiveDate: string;
  record: Record<string, unknown>;
  /**
   * Refused (VALIDATION_FAILED) unless the service runs with client salts allowed; by default the service
   * derives it (see deriveSalt), 64 hex characters, and returns it so the department can keep it.
   */
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
 * Salt for a record: HMAC-SHA256 under the gateway's current salt key (256 bits from crypto.randomBytes, see
 * auth/salt-key-ring.ts) of the caller, request id and item index. As unpredictable as a fresh random salt to
 * anyone without the key, unique per request (the chaincode refuses reuse: SALT_REUSED), and the same on a
 * retry of the same request, so the chaincode's idempotency check sees an identical request and returns the
 * first result instead of CONFLICT.
 */
export function deriveSalt(key: Buffer, callerKey: string, requestId: string, index: number): string {
  return createHmac('sha256', key).update(`${callerKey}\n${requestId}\n${index}`).digest('hex');
}

export interface SaltPolicy {
  /** Current key first, then the previous one still kept for retries. */
  keys(): Promise<readonly SaltKey[]>;
  /** Operators may let departments bring their own salts (SME_GATEWAY_ALLOW_CLIENT_SALT); off by default. */
  allowClientSalt: boolean;
}

/** Departments attest raw records: the record and salt travel as transient data, only the hash is on chain. */
export class AttestationService {
  /** Attestations of one company + category, one at a time (see KeyedQueue): each gets its own version. */
  private readonly sameTarget = new KeyedQueue();

  constructor(
    private readonly ledger: CreditLedger,
    private readonly catalog: CatalogCache,
    private readonly salts: SaltPolicy,
  ) {}

  /** @throws ApiError FORBIDDEN, INVALID_USCC, UNKNOWN_CATEGORY, NOT_AUTHORIZED, SALT_REUSED, LIMIT_EXCEEDED … */
  async attest(caller: Caller, input: AttestInput, requestId: string): Promise<AttestOutcome> {
    requireRole(caller, ['department'], 'attest records');
    this.checkClientSalt(input, '');
    const target = targetKey(parseUscc(input.uscc, '/uscc'), input.category);
    return this.sameTarget.run([target], () => this.attestOne(caller, input, requestId));
  }

  private attestOne(caller: Caller, input: AttestInput, requestId: string): Promise<AttestOutcome> {
    return this.withSaltKeys([input], async (key) => {
      const item = await this.prepare(caller, input, '', deriveSalt(key, caller.key, requestId, 0));
      const { response, txId, blockNumber } = await this.ledger.submit(
        caller,
        'attestation:Attest',
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
    });
  }

  /** One transaction for the whole batch: all items are recorded or none. */
  async attestBatch(
    caller: Caller,
    inputs: AttestInput[],
    requestId: string,
    algorithm?: HashAlgorithm,
  ): Promise<BatchOutcome> {
    requireRole(caller, ['department'], 'attest records');
    for (const [index, input] of inputs.entries()) {
      this.checkClientSalt(input, `/items/${index}`);
    }
    const targets = inputs.map((input, index) =>
      targetKey(parseUscc(input.uscc, `/items/${index}/uscc`), input.category),
    );
    return this.sameTarget.run(targets, () => this.attestMany(caller, inputs, requestId, algorithm));
  }

  private attestMany(
    caller: Caller,
    inputs: AttestInput[],
    requestId: string,
    algorithm?: HashAlgorithm,
  ): Promise<BatchOutcome> {
    return this.withSaltKeys(inputs, async (key) => {
      const items: BatchAttestationItem[] = [];
      for (const [index, input] of inputs.entries()) {
        items.push(
          await this.prepare(caller, input, `/items/${index}`, deriveSalt(key, caller.key, requestId, index)),
        );
      }
      const submitted = await this.ledger.submit(
        caller,
        'attestation:AttestBatch',
        { requestId, ...(algorithm === undefined ? {} : { algorithm }) },
        { [TRANSIENT_FIELDS.batch]: JSON.stringify(items) },
      );
      return batchOutcome(items, submitted);
    });
  }

  /**
   * Runs one attempt per salt key, newest first, while the chaincode answers CONFLICT: a client retry whose
   * first attempt was salted under the key before the last rotation is replayed only when it carries the same
   * salts, since the chaincode compares a digest of the transient data on a repeated requestId. A request id
   * reused for another request meets CONFLICT under every key, which is what the caller then gets.
   */
  private async withSaltKeys<T>(
    inputs: readonly AttestInput[],
    attempt: (key: Buffer) => Promise<T>,
  ): Promise<T> {
    const keys = await this.salts.keys();
    const derives = inputs.some((input) => input.salt === undefined);
    const candidates = derives ? keys : keys.slice(0, 1);
    for (const [index, { key }] of candidates.entries()) {
      try {
        return await attempt(key);
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'CONFLICT') || index === candidates.length - 1) {
          throw error;
        }
      }
    }
    throw new Error('the salt key ring is empty');
  }

  private checkClientSalt(input: AttestInput, at: string): void {
    if (input.salt !== undefined && !this.salts.allowClientSalt) {
      throw new ApiError(
        'VALIDATION_FAILED',
        'omit salt: the service generates every salt (client salts are off unless the operator enables them)',
        { field: `${at}/salt` },
      );
    }
  }
  async registerCompany(caller: Caller, uscc: string, requestId: string): Promise<CompanyRegistration> {
    requireRole(caller, ['department'], 'register companies');
    const { response } = await this.ledger.submit(caller, 'company:RegisterCompany', {
      requestId,
      uscc: parseUscc(uscc, '/uscc'),
    });
    return response.company;
  }

  async getCompany(caller: Caller, uscc: string): Promise<CompanyRegistration> {
    const { company } = await this.ledger.evaluate(caller, 'company:GetCompany', {
      uscc: parseUscc(uscc, '/uscc'),
    });
    return company;
  }

  async getAttestation(caller: Caller, uscc: string, category: string): Promise<AttestationView> {
    return this.ledger.evaluate(caller, 'attestation:GetAttestation', {
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

/** The ledger key an attestation writes: its company and category (the category as the caller named it). */
const targetKey = (uscc: string, category: string): string => `${uscc}\n${category}`;

// The chaincode answers with compact receipts in item order; the shared fields complete each one.
function batchOutcome(
  items: readonly BatchAttestationItem[],
  { response, txId, blockNumber }: Submitted<AttestBatchResponse>,
): BatchOutcome {
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
