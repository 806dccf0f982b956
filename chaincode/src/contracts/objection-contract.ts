import { Info, Returns, Transaction } from 'fabric-contract-api';
import { EVENT_NAMES, type Objection, type ObjectionResponse } from '@sme-credit-ledger/contract';
import { parseCategoryCode } from '../domain/catalog';
import { canonicalJson } from '../domain/canonical-json';
import { fail } from '../domain/errors';
import { optionalInteger, requireReason, requireSha256Hex, requireString } from '../domain/input';
import {
  newObjection,
  resolveObjection,
  withOpenObjection,
  withoutOpenObjection,
} from '../domain/objection-rules';
import { requireOwnCompany, requireRole } from '../domain/roles';
import { parseUscc } from '../domain/uscc';
import type { LedgerPort } from '../ledger/ledger-port';
import { CreditContext, CreditContract } from './credit-context';
import { evaluate, submit } from './transaction';

/** A company disputes an attestation; the attesting department corrects it or rejects the objection. */
@Info({ title: 'ObjectionContract', description: 'Company objections to attestations and their resolution' })
export class ObjectionContract extends CreditContract {
  constructor() {
    super('objection');
  }

  @Transaction()
  @Returns('string')
  public async RaiseObjection(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'objection:RaiseObjection', request, async ({ caller, fields, store, ledger }) => {
      const company = requireRole(caller, ['company'], 'raise objections');
      const uscc = parseUscc(fields.uscc);
      requireOwnCompany(company, uscc);
      const head = await store.requireHead(uscc, parseCategoryCode(fields.category));
      const version = optionalInteger(fields, 'version', 1, head.latestVersion) ?? head.latestVersion;
      const attestation = await store.requireAttestation(uscc, head.category, version);
      const input = { reason: requireReason(fields), evidenceHash: requireSha256Hex(fields, 'evidenceHash') };
      const objection = newObjection(attestation, input, ledger);
      const opened = withOpenObjection(head);
      await store.addObjection(objection);
      await store.putOpenObjections(head, [...(head.openObjectionIds ?? []), objection.objectionId]);
      await store.putHead(opened);
      return changed(ledger, objection);
    });
  }

  @Transaction()
  @Returns('string')
  public async ResolveObjection(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'objection:ResolveObjection', request, async ({ caller, fields, store, ledger }) => {
      const department = requireRole(caller, ['department'], 'resolve objections');
      const objection = await store.requireObjection(requireString(fields, 'objectionId', 128));
      const head = await store.requireHead(objection.uscc, objection.category);
      const correctedVersion = optionalInteger(fields, 'correctedVersion', 1, 1_000_000);
      const resolution = {
        outcome: parseOutcome(fields.outcome),
        reason: requireReason(fields),
        ...(correctedVersion === undefined ? {} : { correctedVersion }),
      };
      const resolved = resolveObjection(objection, department, resolution, head, ledger);
      await store.updateObjection(resolved);
      const legacy = head.openObjectionIds ?? [];
      if (legacy.includes(objection.objectionId)) {
        await store.putOpenObjections(
          head,
          legacy.filter((id) => id !== objection.objectionId),
        );
      } else {
        await store.putOpenObjections(head, legacy);
        await store.deleteOpenObjection(head, objection.objectionId);
      }
      await store.putHead(withoutOpenObjection(head));
      return changed(ledger, resolved);
    });
  }

  /** For the company concerned, the attesting department and auditors. */
  @Transaction(false)
  @Returns('string')
  public async GetObjection(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async ({ caller, fields, store }) => {
        const reader = requireRole(caller, ['company', 'department', 'auditor'], 'read objections');
        const objection = await store.requireObjection(requireString(fields, 'objectionId', 128));
        const isOwner =
          reader.role === 'auditor' ||
          (reader.role === 'company' && reader.uscc === objection.uscc) ||
          (reader.role === 'department' && reader.dept === objection.department);
        return isOwner
          ? { objection }
          : fail('NOT_AUTHORIZED', `objection ${objection.objectionId} is not yours to read`);
      },
      'objection:GetObjection',
    );
  }
}

function parseOutcome(value: unknown): 'corrected' | 'rejected' {
  return value === 'corrected' || value === 'rejected'
    ? value
    : fail('VALIDATION_FAILED', 'outcome must be corrected or rejected');
}

function changed(ledger: LedgerPort, objection: Objection): ObjectionResponse {
  const { objectionId, uscc, category, version, status } = objection;
  ledger.setEvent(
    EVENT_NAMES.ObjectionChanged,
    canonicalJson({ objectionId, uscc, category, version, status, txId: ledger.txId }),
  );
  return { objection };
}
