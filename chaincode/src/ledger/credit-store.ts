import {
  LIMITS,
  rawRecordsCollectionOf,
  type Attestation,
  type Category,
  type CompanyRegistration,
  type ErasureRecord,
  type Objection,
} from '@sme-credit-ledger/contract';
import type { AttestationHead, RawRecordEntry } from '../domain/attestation-rules';
import { canonicalJson } from '../domain/canonical-json';
import { fail } from '../domain/errors';
import type { Heartbeat } from '../domain/heartbeat';
import { KEY_PREFIXES as K, versionKeyPart } from './keys';
import type { LedgerPort, StateWrite } from './ledger-port';

/** What the checks of one attestation read, besides its catalog entry and company. */
export interface AttestationTarget {
  uscc: string;
  category: string;
  saltFingerprint: string;
}

/** World state the checks of a list of attestations need: each category and company once. */
export interface AttestationState {
  categories: Map<string, Category | undefined>;
  companies: Map<string, CompanyRegistration | undefined>;
  /** Per target, in order. */
  saltUsed: boolean[];
  heads: (AttestationHead | undefined)[];
}

/** Everything one attestation writes. */
export interface AttestationWrite {
  attestation: Attestation;
  head: AttestationHead;
  saltFingerprint: string;
  raw: RawRecordEntry;
}

/** Typed reads and writes of the credit aggregates over a LedgerPort; all values are canonical JSON. */
export class CreditStore {
  constructor(readonly ledger: LedgerPort) {}

  private async read<T>(prefix: string, attributes: string[]): Promise<T | undefined> {
    const text = await this.ledger.get(this.ledger.compositeKey(prefix, attributes));
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  private async write(prefix: string, attributes: string[], value: unknown): Promise<void> {
    await this.ledger.put(this.ledger.compositeKey(prefix, attributes), canonicalJson(value));
  }

  getCategory(code: string): Promise<Category | undefined> {
    return this.read(K.category, [code]);
  }

  async requireCategory(code: string): Promise<Category> {
    return knownCategory(code, await this.getCategory(code));
  }

  putCategory(category: Category): Promise<void> {
    return this.write(K.category, [category.code], category);
  }

  async listCategories(): Promise<Category[]> {
    return (await this.ledger.listAll(K.category, [], 1000)).map(
      (entry) => JSON.parse(entry.value) as Category,
    );
  }

  getCompany(uscc: string): Promise<CompanyRegistration | undefined> {
    return this.read(K.company, [uscc]);
  }

  async requireCompany(uscc: string): Promise<CompanyRegistration> {
    return registeredCompany(uscc, await this.getCompany(uscc));
  }

  putCompany(company: CompanyRegistration): Promise<void> {
    return this.write(K.company, [company.uscc], company);
  }

  /** Registrations of `usccs` in one batched read; undefined where not registered. */
  async getCompanies(usccs: readonly string[]): Promise<(CompanyRegistration | undefined)[]> {
    const keys = usccs.map((uscc) => this.ledger.compositeKey(K.company, [uscc]));
    return (await this.ledger.getMany(keys)).map((text) =>
      text === undefined ? undefined : (JSON.parse(text) as CompanyRegistration),
    );
  }

  /** Writes registrations in one batched call. */
  putCompanies(companies: readonly CompanyRegistration[]): Promise<void> {
    return this.ledger.putMany(
      companies.map((company) => ({
        key: this.ledger.compositeKey(K.company, [company.uscc]),
        value: canonicalJson(company),
      })),
    );
  }

  getHead(uscc: string, category: string): Promise<AttestationHead | undefined> {
    return this.read(K.attestationHead, [uscc, category]);
  }

  /** Heads of (uscc, category) for each category, in one batched read; undefined where never attested. */
  async getHeads(uscc: string, categories: readonly string[]): Promise<(AttestationHead | undefined)[]> {
    const keys = categories.map((category) => this.ledger.compositeKey(K.attestationHead, [uscc, category]));
    return (await this.ledger.getMany(keys)).map((text) =>
      text === undefined ? undefined : (JSON.parse(text) as AttestationHead),
    );
  }

  async requireHead(uscc: string, category: string): Promise<AttestationHead> {
    return (
      (await this.getHead(uscc, category)) ??
      fail('NOT_FOUND', `no attestation of ${category} for company ${uscc}`)
    );
  }

  putHead(head: AttestationHead): Promise<void> {
    return this.write(K.attestationHead, [head.uscc, head.category], head);
  }

  getAttestation(uscc: string, category: string, version: number): Promise<Attestation | undefined> {
    return this.read(K.attestation, [uscc, category, versionKeyPart(version)]);
  }

  async requireAttestation(uscc: string, category: string, version: number): Promise<Attestation> {
    return (
      (await this.getAttestation(uscc, category, version)) ??
      fail('NOT_FOUND', `no attestation version ${version} of ${category} for company ${uscc}`)
    );
  }

  putAttestation(attestation: Attestation): Promise<void> {
    const { uscc, category, version } = attestation;
    return this.write(K.attestation, [uscc, category, versionKeyPart(version)], attestation);
  }

  async listAttestations(uscc: string, category?: string): Promise<Attestation[]> {
    const attributes = category === undefined ? [uscc] : [uscc, category];
    const entries = await this.ledger.listAll(K.attestation, attributes, 10_000);
    return entries.map((entry) => JSON.parse(entry.value) as Attestation);
  }

  /**
   * Reads, in one batched call, what the checks of `targets` need. A transaction never sees its own writes,
   * so each distinct category and company is read once however many targets name it.
   */
  async readAttestationState(targets: readonly AttestationTarget[]): Promise<AttestationState> {
    const codes = [...new Set(targets.map((target) => target.category))];
    const usccs = [...new Set(targets.map((target) => target.uscc))];
    const key = (prefix: string, attributes: string[]): string =>
      this.ledger.compositeKey(prefix, attributes);
    const values = await this.ledger.getMany([
      ...codes.map((code) => key(K.category, [code])),
      ...usccs.map((uscc) => key(K.company, [uscc])),
      ...targets.map((target) => key(K.saltUse, [target.saltFingerprint])),
      ...targets.map((target) => key(K.attestationHead, [target.uscc, target.category])),
    ]);
    const parse = <T>(text: string | undefined): T | undefined =>
      text === undefined ? undefined : (JSON.parse(text) as T);
    const take = (count: number): (string | undefined)[] => values.splice(0, count);
    return {
      categories: new Map(take(codes.length).map((text, i) => [codes[i] ?? '', parse<Category>(text)])),
      companies: new Map(
        take(usccs.length).map((text, i) => [usccs[i] ?? '', parse<CompanyRegistration>(text)]),
      ),
      saltUsed: take(targets.length).map((text) => text !== undefined),
      heads: take(targets.length).map((text) => parse<AttestationHead>(text)),
    };
  }
  /** Attestations at (uscc, category, version), in one batched read; undefined where absent. */
  async getAttestations(
    refs: readonly { uscc: string; category: string; version: number }[],
  ): Promise<(Attestation | undefined)[]> {
    const keys = refs.map((ref) =>
      this.ledger.compositeKey(K.attestation, [ref.uscc, ref.category, versionKeyPart(ref.version)]),
    );
    return (await this.ledger.getMany(keys)).map((text) =>
      text === undefined ? undefined : (JSON.parse(text) as Attestation),
    );
  }
  /** Writes attestations, heads, salt marks and raw records (private) in one batched call. */
  putAttestationBatch(entries: readonly AttestationWrite[]): Promise<void> {
    const key = (prefix: string, attributes: string[]): string =>
      this.ledger.compositeKey(prefix, attributes);
    const saltMark = canonicalJson({ txId: this.ledger.txId });
    const writes = entries.flatMap(({ attestation, head, saltFingerprint, raw }): StateWrite[] => [
      {
        key: key(K.attestation, [
          attestation.uscc,
          attestation.category,
          versionKeyPart(attestation.version),
        ]),
        value: canonicalJson(attestation),
      },
      { key: key(K.attestationHead, [head.uscc, head.category]), value: canonicalJson(head) },
      { key: key(K.saltUse, [saltFingerprint]), value: saltMark },
      {
        key: this.rawKey(raw.uscc, raw.category, raw.version),
        value: canonicalJson(raw),
        collection: rawRecordsCollectionOf(raw.category),
      },
    ]);
    return this.ledger.putMany(writes);
  }
  async isSaltUsed(fingerprint: string): Promise<boolean> {
    return (await this.ledger.get(this.ledger.compositeKey(K.saltUse, [fingerprint]))) !== undefined;
  }

  markSaltUsed(fingerprint: string): Promise<void> {
    return this.write(K.saltUse, [fingerprint], { txId: this.ledger.txId });
  }

  private rawKey(uscc: string, category: string, version: number): string {
    return this.ledger.compositeKey(K.rawRecord, [uscc, category, versionKeyPart(version)]);
  }

  async getRawRecord(uscc: string, category: string, version: number): Promise<RawRecordEntry | undefined> {
    const text = await this.ledger.getPrivate(
      rawRecordsCollectionOf(category),
      this.rawKey(uscc, category, version),
    );
    return text === undefined ? undefined : (JSON.parse(text) as RawRecordEntry);
  }

  putRawRecord(entry: RawRecordEntry): Promise<void> {
    const key = this.rawKey(entry.uscc, entry.category, entry.version);
    return this.ledger.putPrivate(rawRecordsCollectionOf(entry.category), key, canonicalJson(entry));
  }

  purgeRawRecord(uscc: string, category: string, version: number): Promise<void> {
    return this.ledger.purgePrivate(rawRecordsCollectionOf(category), this.rawKey(uscc, category, version));
  }

  putErasure(erasure: ErasureRecord): Promise<void> {
    return this.write(K.erasure, [erasure.uscc, erasure.erasureId], erasure);
  }

  async listErasures(uscc: string): Promise<ErasureRecord[]> {
    return (await this.ledger.listAll(K.erasure, [uscc], 10_000)).map(
      (e) => JSON.parse(e.value) as ErasureRecord,
    );
  }

  getObjection(objectionId: string): Promise<Objection | undefined> {
    return this.read(K.objection, [objectionId]);
  }

  async requireObjection(objectionId: string): Promise<Objection> {
    return (await this.getObjection(objectionId)) ?? fail('NOT_FOUND', `no objection ${objectionId}`);
  }

  /** A new objection, also listed under its company. */
  async addObjection(objection: Objection): Promise<void> {
    await this.updateObjection(objection);
    await this.write(K.objectionByCompany, [objection.uscc, objection.objectionId], objection.objectionId);
  }

  updateObjection(objection: Objection): Promise<void> {
    return this.write(K.objection, [objection.objectionId], objection);
  }

  getHeartbeat(heartbeatId: string): Promise<Heartbeat | undefined> {
    return this.read(K.heartbeat, [heartbeatId]);
  }

  putHeartbeat(heartbeat: Heartbeat): Promise<void> {
    return this.write(K.heartbeat, [heartbeat.heartbeatId], heartbeat);
  }

  /** Marks objections open for the head's record, each under its own key (values: the objection id). */
  async putOpenObjections(head: AttestationHead, objectionIds: readonly string[]): Promise<void> {
    for (const objectionId of objectionIds) {
      await this.write(K.openObjection, [head.uscc, head.category, objectionId], objectionId);
    }
  }

  deleteOpenObjection(head: AttestationHead, objectionId: string): Promise<void> {
    return this.ledger.delete(
      this.ledger.compositeKey(K.openObjection, [head.uscc, head.category, objectionId]),
    );
  }

  /** Ids of the record's open objections, sorted: their keys plus any a legacy head still lists. */
  async listOpenObjectionIds(head: AttestationHead): Promise<string[]> {
    const legacy = head.openObjectionIds ?? [];
    const max = Math.max(LIMITS.maxOpenObjectionsPerRecord, head.openObjectionCount ?? 0);
    const keyed = await this.ledger.listAll(K.openObjection, [head.uscc, head.category], max);
    return [...legacy, ...keyed.map((entry) => JSON.parse(entry.value) as string)].sort();
  }

  async listObjections(uscc: string): Promise<Objection[]> {
    const ids = await this.ledger.listAll(K.objectionByCompany, [uscc], 10_000);
    return Promise.all(ids.map((entry) => this.requireObjection(JSON.parse(entry.value) as string)));
  }
}

/** The category read for `code`, or UNKNOWN_CATEGORY. */
export function knownCategory(code: string, category: Category | undefined): Category {
  return (
    category ?? fail('UNKNOWN_CATEGORY', `category ${code} is not in the catalog; see catalog:ListCategories`)
  );
}

/** The registration read for `uscc`, or NOT_FOUND. */
export function registeredCompany(
  uscc: string,
  company: CompanyRegistration | undefined,
): CompanyRegistration {
  return (
    company ??
    fail('NOT_FOUND', `company ${uscc} is not registered; SAMR registers it with company:RegisterCompany`)
  );
}
