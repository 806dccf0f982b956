import {
  invocationName,
  type ApplicationResponse,
  type InstitutionProfileResponse,
  type ProductResponse,
} from '@sme-credit-ledger/contract';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { LedgerCaller } from './support/ledger-caller';
import { ensureNetwork, repoRoot } from './support/network-cli';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(1_200_000);

// `npm run demo` against the live network, twice: the launch day's three loans are approved by the bank the
// platform named, with the real amounts, and a second run on the same network publishes nothing new.
const DEMO = join(repoRoot, 'tools', 'dist', 'demo', 'main.js');

const LAUNCH_DAY = [
  {
    company: 'Huizhou Shenghua Industry',
    uscc: '91441300MA4UQ7R20Q',
    bank: 'bank1/officer',
    bankMspId: 'Bank1MSP',
    bankName: 'ICBC 工商银行',
    productId: 'supply-chain-loan',
    amountYuan: 1_120_000,
    decidedBy: 'straight-through',
  },
  {
    company: 'Guangdong Sunlux IOT Technology',
    uscc: '91440605MA53KJ1C4K',
    bank: 'bank2/officer',
    bankMspId: 'Bank2MSP',
    bankName: 'Ping An Bank 平安银行',
    productId: 'trade-loan',
    amountYuan: 500_000,
    decidedBy: 'straight-through',
  },
  {
    company: 'Corehelm Electronic Technology',
    uscc: '91440300MA5FT9WX61',
    bank: 'bank3/officer',
    bankMspId: 'Bank3MSP',
    bankName: 'China Construction Bank 建设银行',
    productId: 'ip-loan',
    amountYuan: 200_000,
    decidedBy: 'bank',
  },
] as const;

interface Outcome {
  company: string;
  applicationId: string;
  bankMspId: string;
  bankName: string;
  productId: string;
  status: string;
  decidedBy?: string;
  amountYuan?: number;
  applicationToDecisionMs: number;
}

/** Runs the demo (services in-process, on free ports) and returns its exit code, output and summary. */
function runDemo(): Promise<{ code: number; stdout: string; stderr: string; outcomes: Outcome[] }> {
  const summary = join(mkdtempSync(join(tmpdir(), 'launch-day-')), 'decisions.json');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [DEMO, '--summary', summary],
      { timeout: 540_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        const outcomes = code === 0 ? (JSON.parse(readFileSync(summary, 'utf8')) as Outcome[]) : [];
        resolve({ code, stdout, stderr, outcomes });
      },
    );
  });
}

describe('the launch-day demo on the live network', () => {
  let ledger: LedgerCaller;

  beforeAll(async () => {
    ledger = new LedgerCaller(await ensureNetwork());
  });
  afterAll(() => ledger?.close());

  /** The bank's own record of the application; its peer may commit the decision a moment after gov's. */
  async function applicationAsBank(bank: string, applicationId: string): Promise<ApplicationResponse> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const answer = await ledger.evaluate<ApplicationResponse>(
          bank,
          invocationName('application', 'GetApplication'),
          { applicationId },
        );
        if (answer.application.status !== 'submitted' || attempt >= 25) return answer;
      } catch (error) {
        if (attempt >= 25 || !/NOT_FOUND/.test(String(error))) throw error;
      }
      await sleep(200);
    }
  }

  async function productVersions(): Promise<number[]> {
    return Promise.all(
      LAUNCH_DAY.map(async (loan) => {
        const { product } = await ledger.evaluate<ProductResponse>(
          loan.bank,
          invocationName('product', 'GetProduct'),
          { bankMspId: loan.bankMspId, productId: loan.productId },
        );
        return product.version;
      }),
    );
  }

  async function assertApprovedAsNamed(outcomes: Outcome[]): Promise<void> {
    assert.deepEqual(
      outcomes.map((outcome) => [outcome.company, outcome.bankMspId, outcome.productId, outcome.status]),
      LAUNCH_DAY.map((loan) => [loan.company, loan.bankMspId, loan.productId, 'approved']),
    );
    for (const [index, loan] of LAUNCH_DAY.entries()) {
      const outcome = outcomes[index];
      assert.ok(outcome);
      const { application } = await applicationAsBank(loan.bank, outcome.applicationId);
      assert.equal(application.uscc, loan.uscc);
      assert.equal(application.bankMspId, loan.bankMspId);
      assert.equal(application.status, 'approved', `${loan.company}: ${JSON.stringify(application)}`);
      assert.equal(application.decision?.amountYuan, loan.amountYuan);
      assert.equal(application.decision?.decidedBy, loan.decidedBy);
      assert.equal(outcome.amountYuan, loan.amountYuan);
      console.log(
        `# ${loan.company}: ${loan.bankName}, ${loan.amountYuan} yuan, application → decision ${outcome.applicationToDecisionMs} ms`,
      );
    }
  }

  it('approves each company’s loan by the named bank with the real amount', async () => {
    const run = await runDemo();

    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    await assertApprovedAsNamed(run.outcomes);
    for (const loan of LAUNCH_DAY) {
      const { institution } = await ledger.evaluate<InstitutionProfileResponse>(
        loan.bank,
        invocationName('product', 'GetInstitutionProfile'),
        { bankMspId: loan.bankMspId },
      );
      assert.equal(institution.displayName, loan.bankName);
    }
    assert.match(run.stdout, /time from application to recorded decision: \d+\.\d\d s/);
  });

  it('runs again on the same network: new approvals, no new product versions', async () => {
    const versions = await productVersions();

    const run = await runDemo();

    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    await assertApprovedAsNamed(run.outcomes);
    assert.deepEqual(await productVersions(), versions);
    assert.match(run.stdout, /Supply-chain loan v\d+ \(unchanged\)/);
  });
});
