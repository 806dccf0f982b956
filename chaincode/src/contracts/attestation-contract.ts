import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
  EVENT_NAMES,
  TRANSIENT_FIELDS,
  type AttestBatchResponse,
  type AttestResponse,
  type AttestationView,
  type ErasureRecord,
} from '@sme-credit-ledger/contract';
import { parseAttestationFields, parseBatch, parseRecordText, parseSalt } from '../domain/attestation-rules';
import { canonicalJson } from '../domain/canonical-json';
import { fail } from '../domain/errors';
import { parseCategoryCode } from '../domain/catalog';
import { parseHashAlgorithm } from '../domain/hashing';
import { requireReason } from '../domain/input';
import { isDisputed } from '../domain/objection-rules';
import { parseCategoryList } from '../domain/consent-rules';
import { requireOwnCompany, requireRole } from '../domain/roles';
import { parseUscc } from '../domain/uscc';
import { CreditContext, CreditContract } from './credit-context';
import { persistAttestations, planAttestations } from './attestation-steps';
import { evaluate, submit } from './transaction';

/**
 * Department attestations: the salted hash goes on chain, the raw record and salt (transient only) go to
 * the GovMSP private collection. Responses and events carry hashes, never raw data.
 */
@Info({
  title: 'AttestationContract',
  description: 'Salted-hash attestations of company records by departments',
})
export class AttestationContract extends CreditContract {
  constructor() {
    super('attestation');
  }

  /** Transient: `record` (JSON object) and `salt`. */
  @Transaction()
  @Returns('string')
  public async Attest(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'attestation:Attest', request, async ({ caller, fields, store, ledger }) => {
      const department = requireRole(caller, ['department'], 'attest records');
      const algorithm = parseHashAlgorithm(fields.algorithm);
      const input = {
        ...parseAttestationFields(fields),
        canonicalRecord: parseRecordText(ledger.transient(TRANSIENT_FIELDS.record)),
        salt: parseSalt(ledger.transient(TRANSIENT_FIELDS.salt)),
      };
      const [plan] = await planAttestations(store, department, [input], algorithm);
      if (plan === undefined) {
        return fail('VALIDATION_FAILED', 'nothing to attest');
      }
      await persistAttestations(store, [plan]);
      ledger.setEvent(EVENT_NAMES.AttestationRecorded, canonicalJson(plan.attestation));
      const response: AttestResponse = { attestation: plan.attestation };
      return response;
    });
  }

  /** Transient: `batch` (array of BatchAttestationItem). All items are checked before anything is written. */
  @Transaction()
  @Returns('string')
  public async AttestBatch(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'attestation:AttestBatch', request, async ({ caller, fields, store, ledger }) => {
      const department = requireRole(caller, ['department'], 'attest records');
      const algorithm = parseHashAlgorithm(fields.algorithm);
      const inputs = parseBatch(ledger.transient(TRANSIENT_FIELDS.batch));
      const plans = await planAttestations(store, department, inputs, algorithm);
      await persistAttestations(store, plans);
      const summary = { count: plans.length, department: department.dept, txId: ledger.txId };
      ledger.setEvent(EVENT_NAMES.AttestationBatchRecorded, canonicalJson(summary));
      const response: AttestBatchResponse = {
        ...summary,
        attestedAt: ledger.txTime,
        algorithm,
        items: plans.map(({ attestation: { uscc, category, version, hash } }) => ({
          uscc,
          category,
          version,
          hash,
        })),
      };
      return response;
    });
  }

  /** The company erases its raw records (PurgePrivateData); hashes stay and an erasure record is written. */
  @Transaction()
  @Returns('string')
  public async EraseRawRecords(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'attestation:EraseRawRecords', request, async ({ caller, fields, store, ledger }) => {
      const company = requireRole(caller, ['company'], 'erase raw records');
      const uscc = parseUscc(fields.uscc);
      requireOwnCompany(company, uscc);
      const reason = requireReason(fields);
      const heads = await Promise.all(
        parseCategoryList(fields).map((category) => store.requireHead(uscc, category)),
      );
      const erasure: ErasureRecord = {
        erasureId: ledger.txId,
        uscc,
        purged: {},
        reason,
        txId: ledger.txId,
        erasedAt: ledger.txTime,
      };
      for (const head of heads) {
        for (let version = head.erasedThroughVersion + 1; version <= head.latestVersion; version += 1) {
          await store.purgeRawRecord(uscc, head.category, version);
        }
        await store.putHead({ ...head, erasedThroughVersion: head.latestVersion });
        erasure.purged[head.category] = head.latestVersion;
      }
      await store.putErasure(erasure);
      ledger.setEvent(EVENT_NAMES.RawRecordsErased, canonicalJson(erasure));
      return { erasure };
    });
  }

  /** Latest attestation with dispute state; for departments, the company itself and auditors. */
  @Transaction(false)
  @Returns('string')
  public async GetAttestation(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, store }) => {
        const reader = requireRole(caller, ['department', 'company', 'auditor'], 'read attestations');
        const uscc = parseUscc(fields.uscc);
        if (reader.role === 'company') {
          requireOwnCompany(reader, uscc);
        }
        const head = await store.requireHead(uscc, parseCategoryCode(fields.category));
        const view: AttestationView = {
          attestation: await store.requireAttestation(uscc, head.category, head.latestVersion),
          disputed: isDisputed(head),
          openObjectionIds: await store.listOpenObjectionIds(head),
          erasedThroughVersion: head.erasedThroughVersion,
        };
        return view;
      },
      'attestation:GetAttestation',
    );
  }
}
