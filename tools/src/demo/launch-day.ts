// The launch day's financing through the typed client: the three banks name themselves and publish their
// products, each company is matched against them, applies, and the bank it applied to approves it, straight
// through or by an officer who reads the consented records first.
import { allPages, LedgerApiError, ok, type LedgerClient } from '@sme-credit-ledger/client';
import type { Application, MatchProductsResponse, Product, ProductMatch } from '@sme-credit-ledger/contract';
import { verifyRecordProof } from '@sme-credit-ledger/gateway/record-proof';
import { setTimeout as sleep } from 'node:timers/promises';
import { BANK_IDENTITY, type Company } from './demo-companies';
import { INSTITUTIONS, OFFERS, type Offer } from './launch-day-offers';

export type As = (identity: string) => Promise<LedgerClient>;

/** One company's outcome, as `--summary` writes it for the live test. */
export interface LaunchDayOutcome {
  company: string;
  uscc: string;
  applicationId: string;
  bankMspId: string;
  bankName: string;
  productId: string;
  status: string;
  decidedBy?: string;
  amountYuan?: number;
  rateBps?: number;
  termMonths?: number;
  /** From sending the application to the recorded decision. */
  applicationToDecisionMs: number;
}

const step = (text: string): void => console.log(`\n== ${text}`);
const info = (text: string): void => console.log(`   ${text}`);
const yuan = (amount: number | undefined): string => `${(amount ?? 0).toLocaleString('en-US')} yuan`;
const percent = (bps: number | undefined): string => `${((bps ?? 0) / 100).toFixed(2)} %`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
/** `padEnd` by terminal columns: the banks' Chinese names take two columns a character. */
const column = (text: string, width: number): string => {
  const wide = [...text].filter((char) => /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uff60]/.test(char)).length;
  return text.padEnd(width - wide);
};

export async function launchDay(as: As, companies: readonly Company[]): Promise<LaunchDayOutcome[]> {
  await nameInstitutions(as);
  const products = await publishProducts(as);
  const outcomes: LaunchDayOutcome[] = [];
  for (const company of companies) {
    const item = await matchCompany(as, company);
    outcomes.push(await applyAndDecide(as, company, item, products));
  }
  step('Launch day: every loan decided on the ledger');
  for (const outcome of outcomes) {
    info(
      `${outcome.company.padEnd(32)} ${column(outcome.bankName, 34)} ${outcome.status.padEnd(9)} ${yuan(outcome.amountYuan).padStart(16)}  ${seconds(outcome.applicationToDecisionMs)} application → decision (${outcome.decidedBy ?? 'undecided'})`,
    );
  }
  return outcomes;
}

/** Each bank's display name is data on the ledger, set through its own service (only when it changed). */
async function nameInstitutions(as: As): Promise<void> {
  step('The three lending banks publish their institution profiles');
  for (const [mspId, displayName] of Object.entries(INSTITUTIONS)) {
    const bank = await as(BANK_IDENTITY[mspId as keyof typeof INSTITUTIONS]);
    const current = await ok(bank.GET('/v1/institutions/{mspId}', { params: { path: { mspId } } })).catch(
      (error: unknown) => notFoundAs(error, undefined),
    );
    if (current?.profile?.displayName === displayName) {
      info(`${mspId.padEnd(9)} ${displayName} (unchanged)`);
      continue;
    }
    const set = await ok(bank.PUT('/v1/institutions/me', { body: { displayName } }));
    info(`${mspId.padEnd(9)} ${displayName} (block ${set.blockNumber})`);
  }
}

/**
 * Each bank publishes its product through its own service; a product already active with the same terms is
 * left as it is, so the demo runs again on the same network without new versions.
 */
async function publishProducts(as: As): Promise<Map<string, Product>> {
  step('Each bank publishes its product, eligibility rules as data');
  const published = new Map<string, Product>();
  for (const offer of OFFERS) {
    const bank = await as(BANK_IDENTITY[offer.bankMspId]);
    const path = { bankMspId: offer.bankMspId, productId: offer.product.productId };
    const current = await ok(bank.GET('/v1/products/{bankMspId}/{productId}', { params: { path } }))
      .then((answer) => answer.product as unknown as Product)
      .catch((error: unknown) => notFoundAs(error, undefined));
    let product = current;
    if (current === undefined || current.status !== 'active' || !sameTerms(current, offer.product)) {
      const answer = await ok(bank.POST('/v1/products', { body: offer.product }));
      product = answer.product as unknown as Product;
    }
    if (product === undefined) {
      throw new Error(`${offer.bankMspId} has no product ${offer.product.productId}`);
    }
    published.set(keyOf(offer.bankMspId, product.productId), product);
    const rules = product.rules.map((rule) => `${rule.id}`).join(', ');
    info(
      `${column(INSTITUTIONS[offer.bankMspId], 34)} ${product.name} v${product.version}${product === current ? ' (unchanged)' : ''}: ${yuan(product.amountYuan.min)}-${yuan(product.amountYuan.max)}, rules ${rules}${product.straightThrough === undefined ? ', officer decides' : `, straight-through at score ≥ ${product.straightThrough.minScore}`}`,
    );
  }
  return published;
}

/** The company ranks the launch day's offers on the gov peer; no bank learns that it asked. */
async function matchCompany(as: As, company: Company): Promise<ProductMatch> {
  step(`${company.name} is matched against the launch day's products`);
  const client = await as(company.identity);
  const wanted = new Set(OFFERS.map((offer) => keyOf(offer.bankMspId, offer.product.productId)));
  // A product is committed on its bank's peer first; the gov peer, which evaluates, may be a block behind.
  let items: ProductMatch[] = [];
  for (let attempt = 1; attempt <= 25 && items.length < wanted.size; attempt += 1) {
    if (attempt > 1) await sleep(200);
    const answer = (await ok(
      client.POST('/v1/companies/{uscc}/matches', {
        params: { path: { uscc: company.uscc } },
        body: { productIds: OFFERS.map((offer) => offer.product.productId) },
      }),
    )) as unknown as MatchProductsResponse;
    items = answer.items.filter((item) => wanted.has(keyOf(item.bankMspId, item.productId)));
  }
  for (const [index, item] of items.entries()) {
    const rules = item.evaluation.rules.map((rule) => `${rule.ruleId} ${rule.outcome}`).join(', ');
    info(
      `${index + 1}. ${column(item.bankName ?? item.bankMspId, 34)} ${item.name.padEnd(18)} ${item.eligible ? 'eligible' : 'not eligible'}${item.straightThrough ? ', straight-through' : ''}; score ${item.evaluation.score.score}/${item.evaluation.score.maxScore}; ${rules}`,
    );
  }
  const chosen = items.find(
    (item) => item.bankMspId === company.bank && item.productId === company.loan.productId,
  );
  if (chosen === undefined || !chosen.eligible) {
    throw new Error(`${company.name} is not eligible for ${company.bank}'s ${company.loan.productId}`);
  }
  return chosen;
}

async function applyAndDecide(
  as: As,
  company: Company,
  item: ProductMatch,
  products: Map<string, Product>,
): Promise<LaunchDayOutcome> {
  const bankName = INSTITUTIONS[company.bank];
  step(`${company.name} applies to ${bankName} for ${yuan(company.loan.amountYuan)} (${item.name})`);
  const started = performance.now();
  const applied = await ok(
    (await as(company.identity)).POST('/v1/applications', {
      body: {
        evaluation: item.evaluation as unknown as Record<string, unknown>,
        evaluationTag: item.evaluationTag,
        amountYuan: company.loan.amountYuan,
        termMonths: company.loan.termMonths,
      },
    }),
  );
  let application = applied.application as unknown as Application;
  info(
    `application ${application.applicationId} ${application.status} in block ${applied.blockNumber}, consent ${application.consentId}`,
  );
  if (application.status === 'submitted') {
    const offer = OFFERS.find(
      (candidate) =>
        candidate.bankMspId === company.bank && candidate.product.productId === company.loan.productId,
    );
    const product = products.get(keyOf(company.bank, company.loan.productId));
    if (offer === undefined || product === undefined) {
      throw new Error(`no launch-day offer ${company.bank} ${company.loan.productId}`);
    }
    application = await officerApproves(as, company, application, product, offer);
  }
  const elapsedMs = Math.round(performance.now() - started);
  const decision = application.decision;
  info(
    `${decision?.outcome ?? application.status} by ${bankName}${decision?.decidedBy === 'straight-through' ? ' (straight-through)' : ''}: ${yuan(decision?.amountYuan)} at ${percent(decision?.rateBps)} for ${decision?.termMonths ?? '?'} months, tx ${decision?.txId.slice(0, 12) ?? '?'}…`,
  );
  info(`time from application to recorded decision: ${seconds(elapsedMs)}`);
  return {
    company: company.name,
    uscc: company.uscc,
    applicationId: application.applicationId,
    bankMspId: application.bankMspId,
    bankName,
    productId: application.productId,
    status: application.status,
    applicationToDecisionMs: elapsedMs,
    ...(decision === undefined
      ? {}
      : {
          decidedBy: decision.decidedBy,
          amountYuan: decision.amountYuan,
          rateBps: decision.rateBps,
          termMonths: decision.termMonths,
        }),
  };
}

/**
 * The bank's officer finds the application among its own, reads the records the application consented to
 * (the access is logged and verified against the ledger), and approves the amount applied for, citing the
 * access so an auditor sees what the decision relied on.
 */
async function officerApproves(
  as: As,
  company: Company,
  application: Application,
  product: Product,
  offer: Offer,
): Promise<Application> {
  const officer = await as(BANK_IDENTITY[company.bank]);
  const pending = (await allPages((bookmark) =>
    ok(
      officer.GET('/v1/banks/{mspId}/applications', {
        params: { path: { mspId: company.bank }, query: { bookmark } },
      }),
    ),
  )) as unknown as Application[];
  if (!pending.some((each) => each.applicationId === application.applicationId)) {
    throw new Error(`${company.bank} does not see application ${application.applicationId}`);
  }
  const read = await ok(
    officer.POST('/v1/companies/{uscc}/profile-reads', {
      params: { path: { uscc: company.uscc } },
      body: { consentId: application.consentId, purpose: product.purpose, categories: product.categories },
    }),
  );
  const verified = (read.categories ?? []).filter(
    (entry) =>
      entry.record !== undefined &&
      entry.salt !== undefined &&
      verifyRecordProof(entry.record, entry.salt, entry.proof as Parameters<typeof verifyRecordProof>[2]),
  );
  info(
    `${BANK_IDENTITY[company.bank]} reads ${verified.map((entry) => entry.category).join(', ')} under the application's consent: ${verified.length}/${read.categories?.length ?? 0} verified, access ${read.accessId}`,
  );
  const decided = await ok(
    officer.POST('/v1/applications/{applicationId}/decision', {
      params: { path: { applicationId: application.applicationId } },
      body: {
        outcome: 'approved',
        amountYuan: application.amountYuan,
        rateBps: offer.officerRateBps ?? product.rateBps.min,
        termMonths: application.termMonths,
        ...(read.accessId === undefined ? {} : { accessIds: [read.accessId] }),
      },
    }),
  );
  return decided.application as unknown as Application;
}

function keyOf(bankMspId: string, productId: string): string {
  return `${bankMspId}/${productId}`;
}

/** The published terms equal the offer's, whatever the key order. */
function sameTerms(product: Product, terms: Record<string, unknown>): boolean {
  const published = product as unknown as Record<string, unknown>;
  return Object.keys(terms).every((key) => canonical(published[key]) === canonical(terms[key]));
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

function notFoundAs<T>(error: unknown, value: T): T {
  if (error instanceof LedgerApiError && error.status === 404) {
    return value;
  }
  throw error;
}
