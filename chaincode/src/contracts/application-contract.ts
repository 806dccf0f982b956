import { timingSafeEqual } from 'node:crypto';
import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
  EVENT_NAMES,
  type Application,
  type ApplicationResponse,
  type MatchProductsResponse,
  type ProductEvaluation,
  type ProductMatch,
  type ProductType,
  type AttestResponse,
  TRANSIENT_FIELDS,
} from '@sme-credit-ledger/contract';
import { parseRecordText, parseSalt } from '../domain/attestation-rules';
import { lenderCode, loanCategoryCode, parseLoanOutcome } from '../domain/loan-outcomes';
import { persistAttestations, planAttestations } from './attestation-steps';
import {
  decide,
  newApplication,
  parseDecision,
  parseEvaluation,
  requireApplicable,
} from '../domain/application-rules';
import { canonicalJson } from '../domain/canonical-json';
import { parseCategoryCode } from '../domain/catalog';
import { grant, newConsent, parseBankMspId } from '../domain/consent-rules';
import { fail } from '../domain/errors';
import { optionalInteger, parsePage, requireInteger, requireList, requireString } from '../domain/input';
import { CompanyMatcher, matchOf, rankSummaries, type AttestedRecord } from '../domain/matching';
import { consentDaysOf, parseProductId, parseProductType } from '../domain/product-rules';
import { requireOwnCompany, requireRole } from '../domain/roles';
import { parseUscc } from '../domain/uscc';
import type { BusinessStore } from '../ledger/business-store';
import type { CreditStore } from '../ledger/credit-store';
import { FinancingStore } from '../ledger/financing-store';
import type { LedgerPort } from '../ledger/ledger-port';
import { CreditContext, CreditContract } from './credit-context';
import { evaluate, submit } from './transaction';

const EVALUATION_TAG = 'evaluation';
const DEFAULT_MATCH_LIMIT = 100;
// ~1.5 KB per item: 1,000 items stay well under gRPC's default 4 MiB message limit of a client.
const MAX_MATCH_LIMIT = 1_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Matching, applications and decisions; all confidential (api/confidential.ts). MatchProducts runs as an
 * evaluation on the gov peer, the custodian of the raw records, over the company's own records, and answers
 * sealed to the company: no bank's peer sees the proposal and nothing is written, so no bank learns that a
 * company asked, its data or its result. Apply grants the product's consent and records the application in
 * the bank's collection; it re-reads no attested data (the evaluation comes back tagged under the platform
 * key) so its block names no category of the company. See chaincode/README.md, "Financing".
 */
@Info({ title: 'ApplicationContract', description: 'Consent-scoped matching, applications and decisions' })
export class ApplicationContract extends CreditContract {
  constructor() {
    super('application');
  }

  @Transaction(false)
  @Returns('string')
  public async MatchProducts(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async (call) => {
        const company = requireRole(call.caller, ['company'], 'match products');
        const uscc = parseUscc(call.fields.uscc);
        requireOwnCompany(company, uscc);
        await call.business.requireRegistered(uscc);
        const allowed = parseAllowed(call.fields.categories);
        const types = parseTypes(call.fields.types);
        const limit = optionalInteger(call.fields, 'limit', 1, MAX_MATCH_LIMIT) ?? DEFAULT_MATCH_LIMIT;
        const store = new FinancingStore(call.ledger, call.business);
        const bankMspId =
          call.fields.bankMspId === undefined ? undefined : parseBankMspId(call.fields.bankMspId);
        const ids = parseProductIds(call.fields.productIds);
        const products = (await store.listMatchable(bankMspId)).filter(
          (product) =>
            (types === undefined || types.has(product.type)) &&
            (ids === undefined || ids.has(product.productId)),
        );
        const catalog = new Map(
          (await call.store.listCategories()).map((category) => [category.code, category]),
        );
        const names = new Map(
          (await store.listInstitutions()).map((profile) => [profile.mspId, profile.displayName]),
        );
        const wanted = [...new Set(products.flatMap((product) => product.categories))].filter(allowed).sort();
        const records = await latestRecords(call.store, uscc, wanted);
        const matcher = new CompanyMatcher(uscc, catalog, records, allowed, call.ledger.txTime);
        // Ranked on summaries (each distinct rule evaluated once); explained and tagged only when answered:
        // the tag is one HMAC over canonical JSON per item, the main cost per answered product.
        const ranked = rankSummaries(products.map((product) => matcher.summarize(product))).slice(0, limit);
        const items: ProductMatch[] = [];
        for (const [index, { product }] of ranked.entries()) {
          const match = matchOf(product, matcher.evaluate(product), names.get(product.bankMspId), index + 1);
          const evaluationTag = await call.business.pseudonyms.tag(
            EVALUATION_TAG,
            canonicalJson(match.evaluation),
          );
          items.push({ ...match, evaluationTag });
        }
        const response: MatchProductsResponse = {
          uscc,
          evaluatedAt: call.ledger.txTime,
          total: products.length,
          items,
        };
        return response;
      },
      'application:MatchProducts',
    );
  }

  /**
   * The company applies with an evaluation from MatchProducts: the product's consent is granted in the same
   * transaction, and a straight-through product decides at once.
   */
  @Transaction()
  @Returns('string')
  public async Apply(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'application:Apply', request, async (call) => {
      const company = requireRole(call.caller, ['company'], 'apply for financing');
      const { ledger, business } = call;
      const evaluation = parseEvaluation(call.fields.evaluation, company.uscc, ledger.txTime);
      await requireTag(business, evaluation, call.fields.evaluationTag);
      await business.requireBank(evaluation.bankMspId, 'VALIDATION_FAILED');
      await business.requireRegistered(company.uscc);
      const store = new FinancingStore(ledger, business);
      // From the bank's matching view, whose read set does not single out the product applied to.
      const product = requireApplicable(
        await store.getApplicable(evaluation.bankMspId, evaluation.productId),
        evaluation,
      );
      const validUntil = new Date(Date.parse(ledger.txTime) + consentDaysOf(product) * DAY_MS).toISOString();
      const terms = {
        uscc: company.uscc,
        categories: product.categories,
        purpose: product.purpose,
        validFrom: ledger.txTime,
        validUntil,
      };
      const { consent } = grant(newConsent(terms, product.bankMspId, 'authorised', ledger), ledger);
      const application = newApplication(
        product,
        evaluation,
        {
          amountYuan: requireInteger(call.fields, 'amountYuan', 1, Number.MAX_SAFE_INTEGER),
          termMonths: requireInteger(call.fields, 'termMonths', 1, Number.MAX_SAFE_INTEGER),
        },
        consent.consentId,
        ledger,
      );
      await business.putNewConsent(consent, []);
      await store.putNewApplication(application);
      return changed(ledger, application);
    });
  }

  /** Only the bank applied to decides, once, while the application's consent stands. */
  @Transaction()
  @Returns('string')
  public async DecideApplication(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'application:DecideApplication', request, async (call) => {
      const bank = requireRole(call.caller, ['bank'], 'decide applications');
      const store = new FinancingStore(call.ledger, call.business);
      const application = await ownApplication(
        store,
        requireString(call.fields, 'applicationId', 128),
        bank.mspId,
      );
      const input = parseDecision(call.fields);
      const consent = await call.business.getConsent(application.consentId, bank.mspId);
      const accesses = await Promise.all(
        input.accessIds.map((id) => call.business.getAccess(id, bank.mspId)),
      );
      const decided = decide(application, consent, accesses, input, call.ledger);
      await store.putApplication(decided);
      return changed(call.ledger, decided);
    });
  }

  /** For the company applying, the bank applied to and auditors. */
  @Transaction(false)
  @Returns('string')
  public async GetApplication(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async (call) => {
        const reader = requireRole(call.caller, ['company', 'bank', 'auditor'], 'read applications');
        const applicationId = requireString(call.fields, 'applicationId', 128);
        const store = new FinancingStore(call.ledger, call.business);
        const bankMspId = reader.role === 'bank' ? reader.mspId : await located(store, applicationId);
        const application = await ownApplication(store, applicationId, bankMspId);
        if (reader.role === 'company' && reader.uscc !== application.uscc) {
          fail('NOT_AUTHORIZED', `application ${applicationId} is another company's`);
        }
        const response: ApplicationResponse = { application };
        return response;
      },
      'application:GetApplication',
    );
  }

  /**
   * The lending bank reports a loan's outcome as a record of its own category (transient `record`, `salt`),
   * attested like a department's: hash on chain, raw record in the custodian's collection.
   */
  @Transaction()
  @Returns('string')
  public async ReportLoanOutcome(ctx: CreditContext, request: string): Promise<string> {
    return submit(ctx, 'application:ReportLoanOutcome', request, async (call) => {
      const bank = requireRole(call.caller, ['bank'], 'report loan outcomes');
      const { ledger, store } = call;
      const financing = new FinancingStore(ledger, call.business);
      const application = await ownApplication(
        financing,
        requireString(call.fields, 'applicationId', 128),
        bank.mspId,
      );
      const recordText = parseRecordText(ledger.transient(TRANSIENT_FIELDS.record));
      const outcome = parseLoanOutcome(JSON.parse(recordText) as unknown, application);
      const input = {
        uscc: parseUscc(application.uscc),
        category: loanCategoryCode(bank.mspId),
        schemaVersion: 1,
        effectiveDate: outcome.effectiveDate,
        canonicalRecord: outcome.canonicalRecord,
        salt: parseSalt(ledger.transient(TRANSIENT_FIELDS.salt)),
      };
      const lender = { role: 'department' as const, mspId: bank.mspId, dept: lenderCode(bank.mspId) };
      const plans = await planAttestations(store, lender, [input], 'sha256');
      await persistAttestations(store, plans);
      ledger.setEvent(
        EVENT_NAMES.LoanOutcomeRecorded,
        canonicalJson({ bankMspId: bank.mspId, txId: ledger.txId }),
      );
      const response: AttestResponse = {
        attestation: (plans[0] ?? fail('VALIDATION_FAILED', 'nothing to report')).attestation,
      };
      return response;
    });
  }

  @Transaction(false)
  @Returns('string')
  public async ListApplicationsByBank(ctx: CreditContext, request: string): Promise<string> {
    return evaluate(
      ctx,
      request,
      async (call) => {
        const reader = requireRole(call.caller, ['bank', 'auditor'], 'list a bank’s applications');
        const bankMspId = parseBankMspId(call.fields.bankMspId);
        if (reader.role === 'bank' && reader.mspId !== bankMspId) {
          fail('NOT_AUTHORIZED', `a bank lists only its own applications (${reader.mspId})`);
        }
        await call.business.requireBank(bankMspId, 'VALIDATION_FAILED');
        return new FinancingStore(call.ledger, call.business).pageApplicationsByBank(
          bankMspId,
          parsePage(call.fields),
        );
      },
      'application:ListApplicationsByBank',
    );
  }
}

/** The categories matching may read: all when omitted, else exactly the list the company gave. */
function parseAllowed(value: unknown): (category: string) => boolean {
  if (value === undefined) {
    return () => true;
  }
  const allowed = new Set(requireList({ categories: value }, 'categories', 100, parseCategoryCode));
  return (category) => allowed.has(category);
}

function parseProductIds(value: unknown): Set<string> | undefined {
  return value === undefined
    ? undefined
    : new Set(requireList({ productIds: value }, 'productIds', 100, parseProductId));
}

function parseTypes(value: unknown): Set<ProductType> | undefined {
  return value === undefined
    ? undefined
    : new Set(requireList({ types: value }, 'types', 10, parseProductType));
}

/**
 * The latest attested record of each category, with its raw record from the custodian's collection unless
 * erased; read on the gov peer only (an evaluation elsewhere finds no raw records and fails closed).
 */
async function latestRecords(
  store: CreditStore,
  uscc: string,
  categories: readonly string[],
): Promise<Map<string, AttestedRecord>> {
  const heads = await store.getHeads(uscc, categories);
  const present = heads.flatMap((head) => (head === undefined ? [] : [head]));
  const attestations = await store.getAttestations(
    present.map((head) => ({ uscc, category: head.category, version: head.latestVersion })),
  );
  const records = new Map<string, AttestedRecord>();
  for (const [index, head] of present.entries()) {
    const attestation = attestations[index];
    if (attestation === undefined) continue;
    const base = {
      version: attestation.version,
      hash: attestation.hash,
      effectiveDate: attestation.effectiveDate,
    };
    if (head.erasedThroughVersion >= head.latestVersion) {
      records.set(head.category, base);
      continue;
    }
    const raw =
      (await store.getRawRecord(uscc, head.category, head.latestVersion)) ??
      fail(
        'NOT_FOUND',
        `raw ${head.category} is not held by this peer; evaluate MatchProducts on a GovMSP peer`,
      );
    records.set(head.category, { ...base, record: JSON.parse(raw.record) as Record<string, unknown> });
  }
  return records;
}

/** VALIDATION_FAILED unless the tag is gov's peer's MAC of exactly this evaluation. */
async function requireTag(
  business: BusinessStore,
  evaluation: ProductEvaluation,
  tag: unknown,
): Promise<void> {
  const expected = Buffer.from(
    await business.pseudonyms.tag(EVALUATION_TAG, canonicalJson(evaluation)),
    'hex',
  );
  const given = typeof tag === 'string' && /^[0-9a-f]{64}$/.test(tag) ? Buffer.from(tag, 'hex') : undefined;
  if (given === undefined || !timingSafeEqual(given, expected)) {
    fail(
      'VALIDATION_FAILED',
      'evaluationTag does not match the evaluation; send a MatchProducts item unchanged',
    );
  }
}

async function located(store: FinancingStore, applicationId: string): Promise<string> {
  return (await store.applicationBank(applicationId)) ?? fail('NOT_FOUND', `no application ${applicationId}`);
}

/** The application, which must be `bankMspId`'s: another bank's is NOT_AUTHORIZED (the index says whose). */
async function ownApplication(
  store: FinancingStore,
  applicationId: string,
  bankMspId: string,
): Promise<Application> {
  const holder = await located(store, applicationId);
  if (holder !== bankMspId) {
    fail('NOT_AUTHORIZED', `application ${applicationId} was made to another bank`);
  }
  return (
    (await store.getApplication(applicationId, bankMspId)) ??
    fail('NOT_FOUND', `no application ${applicationId}`)
  );
}

/** The event names the application and its bank only: every peer's block keeps it. */
function changed(ledger: LedgerPort, application: Application): ApplicationResponse {
  const event = {
    applicationId: application.applicationId,
    bankMspId: application.bankMspId,
    txId: ledger.txId,
  };
  ledger.setEvent(EVENT_NAMES.ApplicationChanged, canonicalJson(event));
  return { application };
}
