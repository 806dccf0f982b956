import {
  RAW_RECORDS_COLLECTION,
  type AccessRecord,
  type Attestation,
  type Category,
  type CompanyRegistration,
  type Consent,
  type ErasureRecord,
  type Objection,
} from '../api';
import type { AttestationHead, RawRecordEntry } from '../domain/attestation-rules';
import { canonicalJson } from '../domain/canonical-json';
import { fail } from '../domain/errors';
import type { PageOptions } from '../domain/input';
import { ACCESS_BY_TIME_PREFIX, KEY_PREFIXES as K, versionKeyPart } from './keys';
import type { KeyValuePage, LedgerPort } from './ledger-port';

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
    return (
      (await this.getCategory(code)) ??
      fail('UNKNOWN_CATEGORY', `category ${code} is not in the catalog; see catalog:ListCategories`)
    );
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
    return (
      (await this.getCompany(uscc)) ??
      fail('NOT_FOUND', `company ${uscc} is not registered; SAMR registers it with company:RegisterCompany`)
    );
  }

  putCompany(company: CompanyRegistration): Promise<void> {
    return this.write(K.company, [company.uscc], company);
  }

  getHead(uscc: string, category: string): Promise<AttestationHead | undefined> {
    return this.read(K.attestationHead, [uscc, category]);
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
    const text = await this.ledger.getPrivate(RAW_RECORDS_COLLECTION, this.rawKey(uscc, category, version));
    return text === undefined ? undefined : (JSON.parse(text) as RawRecordEntry);
  }

  putRawRecord(entry: RawRecordEntry): Promise<void> {
    const key = this.rawKey(entry.uscc, entry.category, entry.version);
    return this.ledger.putPrivate(RAW_RECORDS_COLLECTION, key, canonicalJson(entry));
  }

  purgeRawRecord(uscc: string, category: string, version: number): Promise<void> {
    return this.ledger.purgePrivate(RAW_RECORDS_COLLECTION, this.rawKey(uscc, category, version));
  }

  putErasure(erasure: ErasureRecord): Promise<void> {
    return this.write(K.erasure, [erasure.uscc, erasure.erasureId], erasure);
  }

  async listErasures(uscc: string): Promise<ErasureRecord[]> {
    return (await this.ledger.listAll(K.erasure, [uscc], 10_000)).map(
      (e) => JSON.parse(e.value) as ErasureRecord,
    );
  }

  getConsent(consentId: string): Promise<Consent | undefined> {
    return this.read(K.consent, [consentId]);
  }

  async requireConsent(consentId: string): Promise<Consent> {
    return (await this.getConsent(consentId)) ?? fail('NOT_FOUND', `no consent ${consentId}`);
  }

  /** Writes the consent; on creation also its company and bank index keys (values: the consent id). */
  async putConsent(consent: Consent, isNew: boolean): Promise<void> {
    await this.write(K.consent, [consent.consentId], consent);
    if (isNew) {
      await this.write(K.consentByCompany, [consent.uscc, consent.consentId], consent.consentId);
      await this.write(K.consentByBank, [consent.bankMspId, consent.consentId], consent.consentId);
    }
  }

  async pageConsents(
    index: 'byCompany' | 'byBank',
    owner: string,
    page: PageOptions,
  ): Promise<{ items: Consent[]; bookmark: string }> {
    const prefix = index === 'byCompany' ? K.consentByCompany : K.consentByBank;
    const ids = await this.ledger.listPage(prefix, [owner], page);
    const items = await Promise.all(
      ids.items.map((entry) => this.requireConsent(JSON.parse(entry.value) as string)),
    );
    return { items, bookmark: ids.bookmark };
  }

  async listConsents(uscc: string): Promise<Consent[]> {
    const ids = await this.ledger.listAll(K.consentByCompany, [uscc], 10_000);
    return Promise.all(ids.map((entry) => this.requireConsent(JSON.parse(entry.value) as string)));
  }

  getAccess(accessId: string): Promise<AccessRecord | undefined> {
    return this.read(K.access, [accessId]);
  }

  /** Appends the access record and its three indexes (company, bank, time); values are the full record. */
  async putAccess(access: AccessRecord): Promise<void> {
    await this.write(K.access, [access.accessId], access);
    await this.write(K.accessByCompany, [access.uscc, access.recordedAt, access.accessId], access);
    await this.write(K.accessByBank, [access.bankMspId, access.recordedAt, access.accessId], access);
    await this.ledger.put(
      `${ACCESS_BY_TIME_PREFIX}${access.recordedAt}|${access.accessId}`,
      canonicalJson(access),
    );
  }

  async pageAccess(
    index: 'byCompany' | 'byBank',
    owner: string,
    page: PageOptions,
  ): Promise<{ items: AccessRecord[]; bookmark: string }> {
    const prefix = index === 'byCompany' ? K.accessByCompany : K.accessByBank;
    return parsePage<AccessRecord>(await this.ledger.listPage(prefix, [owner], page));
  }

  async pageAccessByTime(
    from: string,
    to: string,
    page: PageOptions,
  ): Promise<{ items: AccessRecord[]; bookmark: string }> {
    const start = `${ACCESS_BY_TIME_PREFIX}${from}`;
    const end = `${ACCESS_BY_TIME_PREFIX}${to}`;
    return parsePage<AccessRecord>(await this.ledger.listRangePage(start, end, page));
  }

  getObjection(objectionId: string): Promise<Objection | undefined> {
    return this.read(K.objection, [objectionId]);
  }

  async requireObjection(objectionId: string): Promise<Objection> {
    return (await this.getObjection(objectionId)) ?? fail('NOT_FOUND', `no objection ${objectionId}`);
  }

  async putObjection(objection: Objection, isNew: boolean): Promise<void> {
    await this.write(K.objection, [objection.objectionId], objection);
    if (isNew) {
      await this.write(K.objectionByCompany, [objection.uscc, objection.objectionId], objection.objectionId);
    }
  }

  async listObjections(uscc: string): Promise<Objection[]> {
    const ids = await this.ledger.listAll(K.objectionByCompany, [uscc], 10_000);
    return Promise.all(ids.map((entry) => this.requireObjection(JSON.parse(entry.value) as string)));
  }
}

function parsePage<T>(page: KeyValuePage): { items: T[]; bookmark: string } {
  return { items: page.items.map((entry) => JSON.parse(entry.value) as T), bookmark: page.bookmark };
}
