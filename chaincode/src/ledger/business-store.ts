import {
  bankCollection,
  PLATFORM_INDEX_COLLECTION as INDEX,
  type AccessRecord,
  type Consent,
} from '@sme-credit-ledger/contract';
import { canonicalJson } from '../domain/canonical-json';
import { fail } from '../domain/errors';
import type { PageOptions } from '../domain/input';
import { BUSINESS_KEY_FAMILIES } from '@sme-credit-ledger/contract';
import { partialKeyRange, type KeyRange } from './key-range';
import type { KeyValuePage, LedgerPort } from './ledger-port';
import { Pseudonyms } from './pseudonyms';

/**
 * Private keys of a bank's business (the contract's BUSINESS_KEY_FAMILIES). In the bank's collection: its
 * consents and accesses and its quota keys. In the platform index (gov and auditor): where each record is
 * and the indexes across banks.
 */
export const BUSINESS_KEYS = BUSINESS_KEY_FAMILIES;
const K = BUSINESS_KEYS;

/** A bank's open consent request to one company, kept while the company has not decided on it. */
export interface PendingRequest {
  consentId: string;
  validUntil: string;
}

interface Located {
  bankMspId: string;
}

/** What a private value is stored as: the value with its salt, so its hash in the block cannot be guessed. */
interface Salted<T> {
  salt: string;
  value: T;
}

function timeKey(recordedAt: string, accessId: string): string {
  return `${K.accessByTime}${recordedAt}|${accessId}`;
}

/** Typed reads and writes of confidential bank business over a LedgerPort's private collections. */
export class BusinessStore {
  readonly pseudonyms: Pseudonyms;

  constructor(private readonly ledger: LedgerPort) {
    this.pseudonyms = new Pseudonyms(ledger);
  }

  private async read<T>(collection: string, key: string): Promise<T | undefined> {
    const text = await this.ledger.getPrivate(collection, key);
    return text === undefined ? undefined : (JSON.parse(text) as Salted<T>).value;
  }

  private async write(collection: string, key: string, value: unknown): Promise<void> {
    const stored: Salted<unknown> = { salt: await this.pseudonyms.salt(collection, key), value };
    await this.ledger.putPrivate(collection, key, canonicalJson(stored));
  }

  private key(prefix: string, attributes: string[]): string {
    return this.ledger.compositeKey(prefix, attributes);
  }

  /**
   * A bank is an organization with a business collection: network/topology.json gives each bank one, so a
   * bank added there is a bank here with no code change. `code` is what a caller who is not one gets.
   */
  async requireBank(mspId: string, code: 'NOT_AUTHORIZED' | 'VALIDATION_FAILED'): Promise<void> {
    if (!(await this.ledger.hasCollection(bankCollection(mspId)))) {
      fail(
        code,
        `${mspId} is not a bank of this platform: it has no business collection (network/topology.json)`,
      );
    }
  }

  /** Reads a private value this store wrote, as saved (for idempotency records). */
  readIndexed<T>(key: string): Promise<T | undefined> {
    return this.read<T>(INDEX, key);
  }

  writeIndexed(key: string, value: unknown): Promise<void> {
    return this.write(INDEX, key, value);
  }

  async markRegistered(uscc: string): Promise<void> {
    await this.markRegisteredMany([uscc]);
  }

  /** Registration marks of `usccs` in the index, in one batched call (SAMR's bulk registration). */
  async markRegisteredMany(usccs: readonly string[]): Promise<void> {
    const writes = await Promise.all(
      usccs.map(async (uscc) => {
        const key = this.key(K.registered, [await this.pseudonyms.of(uscc)]);
        const stored: Salted<unknown> = { salt: await this.pseudonyms.salt(INDEX, key), value: { uscc } };
        return { key, value: canonicalJson(stored), collection: INDEX };
      }),
    );
    await this.ledger.putMany(writes);
  }

  /** NOT_FOUND unless SAMR registered the company; read from the index, never from public state. */
  async requireRegistered(uscc: string): Promise<void> {
    const registered =
      (await this.pseudonyms.isReady()) &&
      (await this.read(INDEX, this.key(K.registered, [await this.pseudonyms.of(uscc)]))) !== undefined;
    if (!registered) {
      fail('NOT_FOUND', `company ${uscc} is not registered; SAMR registers it with company:RegisterCompany`);
    }
  }

  /** The consent, from its bank's collection; `bankMspId` skips the index when the caller is that bank. */
  async getConsent(consentId: string, bankMspId?: string): Promise<Consent | undefined> {
    const bank =
      bankMspId ?? (await this.read<Located>(INDEX, this.key(K.consentBank, [consentId])))?.bankMspId;
    return bank === undefined
      ? undefined
      : this.read<Consent>(bankCollection(bank), this.key(K.consent, [consentId]));
  }

  async requireConsent(consentId: string, bankMspId?: string): Promise<Consent> {
    return (await this.getConsent(consentId, bankMspId)) ?? fail('NOT_FOUND', `no consent ${consentId}`);
  }

  /** The bank that holds the consent, or undefined for an unknown id (no bank collection is read). */
  async consentBank(consentId: string): Promise<string | undefined> {
    return (await this.read<Located>(INDEX, this.key(K.consentBank, [consentId])))?.bankMspId;
  }

  putConsent(consent: Consent): Promise<void> {
    return this.write(bankCollection(consent.bankMspId), this.key(K.consent, [consent.consentId]), consent);
  }

  /** A new consent with its index entries; a request also joins the bank's pending requests to the company. */
  async putNewConsent(consent: Consent, pending: readonly PendingRequest[]): Promise<void> {
    const located: Located = { bankMspId: consent.bankMspId };
    const company = await this.pseudonyms.of(consent.uscc);
    await this.putConsent(consent);
    await this.write(INDEX, this.key(K.consentBank, [consent.consentId]), located);
    await this.write(INDEX, this.key(K.consentByCompany, [company, consent.consentId]), located);
    if (consent.status === 'requested') {
      await this.putPending(consent, [
        ...pending,
        { consentId: consent.consentId, validUntil: consent.validUntil },
      ]);
    }
  }

  /** A decision on a stored request: the request leaves the bank's pending requests to the company. */
  async putDecidedRequest(consent: Consent): Promise<void> {
    await this.putConsent(consent);
    const pending = await this.listPendingRequests(consent.bankMspId, consent.uscc);
    await this.putPending(
      consent,
      pending.filter((request) => request.consentId !== consent.consentId),
    );
  }

  /** The bank's pending requests to the company: one key, so concurrent requests conflict at commit. */
  async listPendingRequests(bankMspId: string, uscc: string): Promise<PendingRequest[]> {
    const key = this.key(K.pendingRequests, [await this.pseudonyms.of(uscc)]);
    return (await this.read<PendingRequest[]>(bankCollection(bankMspId), key)) ?? [];
  }

  private async putPending(consent: Consent, pending: readonly PendingRequest[]): Promise<void> {
    const collection = bankCollection(consent.bankMspId);
    const key = this.key(K.pendingRequests, [await this.pseudonyms.of(consent.uscc)]);
    await (pending.length === 0
      ? this.ledger.deletePrivate(collection, key)
      : this.write(collection, key, pending));
  }

  async pageConsentsByCompany(
    uscc: string,
    page: PageOptions,
  ): Promise<{ items: Consent[]; bookmark: string }> {
    if (!(await this.pseudonyms.isReady())) {
      return { items: [], bookmark: '' };
    }
    const range = partialKeyRange(this.key(K.consentByCompany, [await this.pseudonyms.of(uscc)]));
    const located = await this.ledger.listPrivatePage(INDEX, range, page);
    const items = await Promise.all(
      located.items.map((entry) => {
        const consentId = lastAttribute(entry.key);
        return this.requireConsent(consentId, (JSON.parse(entry.value) as Salted<Located>).value.bankMspId);
      }),
    );
    return { items, bookmark: located.bookmark };
  }

  async pageConsentsByBank(
    bankMspId: string,
    page: PageOptions,
  ): Promise<{ items: Consent[]; bookmark: string }> {
    const range = partialKeyRange(this.key(K.consent, []));
    return values<Consent>(await this.ledger.listPrivatePage(bankCollection(bankMspId), range, page));
  }

  async getAccess(accessId: string, bankMspId?: string): Promise<AccessRecord | undefined> {
    const bank =
      bankMspId ?? (await this.read<Located>(INDEX, this.key(K.accessBank, [accessId])))?.bankMspId;
    return bank === undefined
      ? undefined
      : this.read<AccessRecord>(bankCollection(bank), this.key(K.access, [accessId]));
  }

  /** Appends the access record to its bank's collection, and where to find it to the index. */
  async putAccess(access: AccessRecord): Promise<void> {
    const collection = bankCollection(access.bankMspId);
    const located: Located = { bankMspId: access.bankMspId };
    const company = await this.pseudonyms.of(access.uscc);
    await this.write(collection, this.key(K.access, [access.accessId]), access);
    await this.write(collection, timeKey(access.recordedAt, access.accessId), access);
    await this.write(INDEX, this.key(K.accessBank, [access.accessId]), located);
    await this.write(
      INDEX,
      this.key(K.accessByCompany, [company, access.recordedAt, access.accessId]),
      located,
    );
    await this.write(INDEX, timeKey(access.recordedAt, access.accessId), located);
  }

  /** Refused accesses of the bank to the company on `day`: one counter key per (company, day). */
  async countRefusedAccesses(bankMspId: string, uscc: string, day: string): Promise<number> {
    const key = this.key(K.refusedAccesses, [await this.pseudonyms.of(uscc), day]);
    return (await this.read<{ count: number }>(bankCollection(bankMspId), key))?.count ?? 0;
  }

  async putRefusedAccessCount(bankMspId: string, uscc: string, day: string, count: number): Promise<void> {
    const key = this.key(K.refusedAccesses, [await this.pseudonyms.of(uscc), day]);
    await this.write(bankCollection(bankMspId), key, { count });
  }

  async pageAccessByBank(
    bankMspId: string,
    page: PageOptions,
  ): Promise<{ items: AccessRecord[]; bookmark: string }> {
    const range: KeyRange = { start: K.accessByTime, end: `${K.accessByTime}\u{10FFFF}` };
    return values<AccessRecord>(await this.ledger.listPrivatePage(bankCollection(bankMspId), range, page));
  }

  async pageAccessByCompany(
    uscc: string,
    page: PageOptions,
  ): Promise<{ items: AccessRecord[]; bookmark: string }> {
    if (!(await this.pseudonyms.isReady())) {
      return { items: [], bookmark: '' };
    }
    const range = partialKeyRange(this.key(K.accessByCompany, [await this.pseudonyms.of(uscc)]));
    return this.located(await this.ledger.listPrivatePage(INDEX, range, page));
  }

  async pageAccessByTime(
    from: string,
    to: string,
    page: PageOptions,
  ): Promise<{ items: AccessRecord[]; bookmark: string }> {
    const range: KeyRange = { start: `${K.accessByTime}${from}`, end: `${K.accessByTime}${to}` };
    return this.located(await this.ledger.listPrivatePage(INDEX, range, page));
  }

  /** The access records an index page points to, each read from its bank's collection. */
  private async located(page: KeyValuePage): Promise<{ items: AccessRecord[]; bookmark: string }> {
    const items = await Promise.all(
      page.items.map(async (entry) => {
        const accessId = lastAttribute(entry.key);
        const { bankMspId } = (JSON.parse(entry.value) as Salted<Located>).value;
        return (await this.getAccess(accessId, bankMspId)) ?? fail('NOT_FOUND', `no access ${accessId}`);
      }),
    );
    return { items, bookmark: page.bookmark };
  }
}

/** The id at the end of an index key: the last attribute of a composite key, the last part of a time key. */
export function lastAttribute(key: string): string {
  const parts = key.startsWith('\u0000') ? key.split('\u0000').filter((part) => part !== '') : key.split('|');
  return parts[parts.length - 1] ?? '';
}

function values<T>(page: KeyValuePage): { items: T[]; bookmark: string } {
  return {
    items: page.items.map((entry) => (JSON.parse(entry.value) as Salted<T>).value),
    bookmark: page.bookmark,
  };
}
