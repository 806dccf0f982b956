// The end-to-end story through the HTTP services and the typed client (@sme-credit-ledger/client):
// departments attest and companies consent through gov's service, each bank reads and verifies through its
// own, another bank is refused, the auditor checks the trail through the auditor's; then the launch day's
// financing (launch-day.ts): products, matching, applications and decisions. Each actor's token is issued by
// its own organization's service. Safe to run again on the same network. Against the live network:
//   node tools/dist/demo/main.js             (starts one service per organization in-process, free ports)
//   node tools/dist/demo/main.js --running   (uses the services `npm start` runs, on their ports)
//   ... --summary <file>                     (also writes the launch day's decisions as JSON)
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  allPages,
  createLedgerClient,
  LedgerApiError,
  ok,
  type LedgerClient,
} from '@sme-credit-ledger/client';
import { TokenStore } from '@sme-credit-ledger/gateway/token-store';
import { loadConfig, REPO_ROOT } from '@sme-credit-ledger/gateway/config';
import { serviceOrgs } from '@sme-credit-ledger/gateway/org-ports';
import { startGateway, type RunningGateway } from '@sme-credit-ledger/gateway/server';
import { verifyRecordProof } from '@sme-credit-ledger/gateway/record-proof';
import { pino } from 'pino';
import { BANK_IDENTITY, COMPANIES, type Company, OTHER_BANK } from './demo-companies';
import { type As, launchDay } from './launch-day';

const step = (text: string): void => console.log(`\n== ${text}`);
const info = (text: string): void => console.log(`   ${text}`);
const ms = (start: number): string => `${(performance.now() - start).toFixed(0)} ms`;

interface OrgService {
  url: string;
  tokens: TokenStore;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { running: { type: 'boolean' }, summary: { type: 'string' } } });
  const running = values.running === true;
  const started: RunningGateway[] = [];
  const services = new Map<string, OrgService>();
  const issued: { tokens: TokenStore; token: string }[] = [];
  try {
    for (const org of serviceOrgs(REPO_ROOT)) {
      const config = loadConfig({
        ...process.env,
        SME_GATEWAY_ORG: org,
        ...(running ? {} : { SME_GATEWAY_PORT: '0' }),
      });
      if (running) {
        const tokens = await TokenStore.open(config.tokensPath, { org });
        services.set(org, { url: `http://${config.host}:${config.port}`, tokens });
      } else {
        const gateway = await startGateway(config, pino({ level: 'warn' }));
        started.push(gateway);
        services.set(org, { url: gateway.url, tokens: gateway.tokens });
      }
    }
    const clients = new Map<string, LedgerClient>();
    const as = async (identity: string): Promise<LedgerClient> => {
      let client = clients.get(identity);
      if (client === undefined) {
        const service = services.get(identity.split('/')[0] ?? '');
        if (service === undefined) {
          throw new Error(`no service for ${identity}`);
        }
        const token = await service.tokens.issue(identity, 'demo');
        issued.push({ tokens: service.tokens, token });
        client = createLedgerClient({ baseUrl: service.url, token });
        clients.set(identity, client);
      }
      return client;
    };
    console.log('SME credit ledger demo through one gateway service per organization:');
    for (const [org, service] of services) {
      console.log(`   ${org.padEnd(8)} ${service.url}`);
    }
    await run(as);
    const outcomes = await launchDay(as, COMPANIES);
    if (values.summary !== undefined) {
      await writeFile(values.summary, `${JSON.stringify(outcomes, null, 2)}\n`);
    }
    console.log('\nDemo complete.');
  } finally {
    for (const { tokens, token } of issued) {
      await tokens.revoke(token);
    }
    for (const gateway of started) {
      await gateway.close();
    }
  }
}

type Consents = Map<string, { consentId: string; grantedAt: number }>;
interface Received {
  company: Company;
  record: Record<string, unknown>;
  salt: string;
  category: string;
}
interface ProfileAnswer {
  accessId: string;
  access: { blockNumber: string };
  categories: {
    category: string;
    record?: Record<string, unknown>;
    salt?: string;
    proof: { hash: string; algorithm: string; blockNumber: string; txId: string };
  }[];
}

async function run(as: As): Promise<void> {
  await loadCatalog(as);
  await registerCompanies(as);
  for (const company of COMPANIES) {
    await attestCompany(as, company);
  }
  const consents: Consents = new Map();
  for (const company of COMPANIES) {
    await grantConsent(as, company, consents);
  }
  const received: Received[] = [];
  for (const company of COMPANIES) {
    await readProfile(as, company, consents, received);
  }
  const first = COMPANIES[0];
  const consent = first === undefined ? undefined : consents.get(first.uscc);
  if (first !== undefined && consent !== undefined) {
    await intruderIsRefused(as, first, consent.consentId);
    await auditTrail(as, first, received);
  }
}

async function loadCatalog(as: As): Promise<void> {
  step('Catalog admin loads the starter catalog');
  const catalog = (await ok((await as('gov/catalog-admin')).POST('/v1/catalog/starter'))) as {
    defined: string[];
    unchanged: string[];
  };
  info(`defined ${catalog.defined.length}, already present ${catalog.unchanged.length}`);
}

async function registerCompanies(as: As): Promise<void> {
  step('Market regulation (SAMR) registers the companies');
  for (const company of COMPANIES) {
    try {
      await ok((await as('gov/samr-officer')).POST('/v1/companies', { body: { uscc: company.uscc } }));
      info(`${company.name} (${company.uscc}) registered`);
    } catch (error) {
      if (!(error instanceof LedgerApiError && error.code === 'CONFLICT')) {
        throw error;
      }
      info(`${company.name} (${company.uscc}) already registered`);
    }
  }
}

async function attestCompany(as: As, company: Company): Promise<void> {
  step(`Departments attest data of ${company.name} for ${company.financing}`);
  for (const item of company.records) {
    const start = performance.now();
    const result = await ok(
      (await as(item.department)).POST('/v1/attestations', {
        params: { header: { 'idempotency-key': `demo-${randomBytes(8).toString('hex')}` } },
        body: {
          uscc: company.uscc,
          category: item.category,
          effectiveDate: '2026-10-01',
          record: item.record,
        },
      }),
    );
    const attestation = result.attestation as { version: number; hash: string };
    info(
      `${item.department.padEnd(20)} ${item.category.padEnd(22)} v${attestation.version} block ${result.blockNumber} hash ${attestation.hash.slice(0, 12)}… (${ms(start)})`,
    );
  }
}

async function grantConsent(as: As, company: Company, consents: Consents): Promise<void> {
  step(`${company.name} consents to ${company.bank} (${company.purpose})`);
  const grantedAt = performance.now();
  const granted = await ok(
    (await as(company.identity)).POST('/v1/consents', {
      body: {
        bankMspId: company.bank,
        categories: [...new Set(company.records.map((record) => record.category))],
        purpose: company.purpose,
        validFrom: new Date(Date.now() - 60_000).toISOString(),
        validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      },
    }),
  );
  const consent = granted.consent as { consentId: string; status: string };
  consents.set(company.uscc, { consentId: consent.consentId, grantedAt });
  info(`consent ${consent.consentId} ${consent.status} in block ${granted.blockNumber} (${ms(grantedAt)})`);
}

async function readProfile(
  as: As,
  company: Company,
  consents: Consents,
  received: Received[],
): Promise<void> {
  const consent = consents.get(company.uscc);
  if (consent === undefined) {
    return;
  }
  step(`${company.bank} reads and verifies the authorized profile of ${company.name}`);
  const profile = (await ok(
    (await as(BANK_IDENTITY[company.bank])).POST('/v1/companies/{uscc}/profile-reads', {
      params: { path: { uscc: company.uscc } },
      body: {
        consentId: consent.consentId,
        purpose: company.purpose,
        categories: [...new Set(company.records.map((record) => record.category))],
      },
    }),
  )) as ProfileAnswer;
  for (const item of profile.categories) {
    const verified =
      item.record !== undefined &&
      item.salt !== undefined &&
      verifyRecordProof(item.record, item.salt, item.proof);
    if (!verified) {
      process.exitCode = 1;
    }
    info(
      `${verified ? 'VERIFIED' : 'MISMATCH'}  ${item.category.padEnd(22)} block ${item.proof.blockNumber} tx ${item.proof.txId.slice(0, 12)}…`,
    );
    if (item.record !== undefined && item.salt !== undefined) {
      received.push({ company, record: item.record, salt: item.salt, category: item.category });
    }
  }
  info(`access ${profile.accessId} logged in block ${profile.access.blockNumber}`);
  info(`time from consent to authorized, verified read: ${ms(consent.grantedAt)}`);
}

async function intruderIsRefused(as: As, company: Company, consentId: string): Promise<void> {
  const intruder = OTHER_BANK[company.bank];
  step(`${intruder} tries to read ${company.name} with a consent given to ${company.bank}`);
  try {
    await ok(
      (await as(BANK_IDENTITY[intruder])).POST('/v1/companies/{uscc}/profile-reads', {
        params: { path: { uscc: company.uscc } },
        body: {
          consentId,
          purpose: company.purpose,
          categories: [...new Set(company.records.map((record) => record.category))],
        },
      }),
    );
    info('UNEXPECTED: the read was allowed');
    process.exitCode = 1;
  } catch (error) {
    if (!(error instanceof LedgerApiError)) {
      throw error;
    }
    info(
      `refused: ${error.status} ${error.code ?? ''} — ${error.problem.detail ?? ''} (attempt logged in tx ${error.problem.txId?.slice(0, 12) ?? '?'}…)`,
    );
  }
}

async function auditTrail(as: As, company: Company, received: Received[]): Promise<void> {
  step(`Auditor checks the access trail of ${company.name}`);
  const auditor = await as('auditor/auditor');
  // The log is in time order: the newest entries, this run's, are on its last page.
  const trail = (await allPages((bookmark) =>
    ok(auditor.GET('/v1/access', { params: { query: { uscc: company.uscc, pageSize: 100, bookmark } } })),
  )) as unknown as {
    bankMspId: string;
    outcome: string;
    refusalCode?: string;
    txId: string;
    recordedAt: string;
  }[];
  for (const entry of trail.slice(-10)) {
    info(
      `${entry.recordedAt}  ${entry.bankMspId.padEnd(9)} ${entry.outcome.padEnd(8)} ${entry.refusalCode ?? ''} tx ${entry.txId.slice(0, 12)}…`,
    );
  }
  info(`(${trail.length} entries in the access log; the newest ${Math.min(10, trail.length)} shown)`);
  const sample = received.find((item) => item.company === company);
  if (sample !== undefined) {
    const check = (await ok(
      auditor.POST('/v1/verifications', {
        body: { uscc: company.uscc, category: sample.category, record: sample.record, salt: sample.salt },
      }),
    )) as { match: boolean; isLatest: boolean };
    info(
      `record ${sample.category} as the bank received it matches the ledger: ${check.match} (latest: ${check.isLatest})`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
