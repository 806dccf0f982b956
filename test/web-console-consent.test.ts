import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import {
  COMPANY,
  COMPANY_USCC,
  ConsoleBrowser,
  open,
  overflow,
  skipWithoutChromium,
} from './support/console-browser';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(900_000);

// The consent journey in the web console (department, company, bank), in a real browser against the live
// network: a department attests and uploads a file, the company grants a consent that reaches the bank's
// screen live, the bank reads and sees the verified badge, asks and is authorised, and the company follows
// who read its data, revokes and erases. The harness: support/console-browser.ts.
const ORGS = ['gov', 'bank1'];

(skipWithoutChromium('web-console') ? describe.skip : describe)('web console: the consent journey', () => {
  const ui = new ConsoleBrowser('web-console-consent');
  const pages = new Map<string, Page>();
  let consentId = '';

  beforeAll(() => ui.start(ORGS));
  afterAll(() => ui.close());

  it('a department attests a record, and a refusal reads in Chinese and in English', async () => {
    const page = await ui.signedIn('gov/tax-officer');
    pages.set('department', page);
    await page.getByLabel('统一社会信用代码').fill(COMPANY_USCC);
    await page.getByLabel('数据类别').selectOption('TAX_PAYMENT');
    await page.getByLabel('记录（JSON 对象）').fill('{"taxPaidYuan": "86000.00", "quarter": "2026Q3"}');
    await page.getByRole('button', { name: '上链', exact: true }).click();
    await page.getByText(/已上链：第 \d+ 版，区块 [\d,]+。/).waitFor();
    await ui.axeScan(page, 'department attest');
    await ui.shot(page, 'department-attest');

    // TAX may not attest court judgements: the chaincode refuses with NOT_AUTHORIZED, shown translated.
    await page.getByLabel('数据类别').selectOption('COURT_JUDGEMENTS');
    await page.getByRole('button', { name: '上链', exact: true }).click();
    const error = page.getByRole('alert');
    await error.waitFor();
    assert.equal(await error.getAttribute('data-code'), 'NOT_AUTHORIZED');
    assert.match((await error.locator('p').first().textContent()) ?? '', /^您的身份无权执行此操作。$/);
    await ui.shot(page, 'error-zh');
    await page.getByRole('button', { name: 'English' }).click();
    assert.equal(await error.locator('p').first().textContent(), 'Your identity is not allowed to do this.');
    assert.equal(await error.locator('strong').textContent(), 'The request did not succeed');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await ui.shot(page, 'error-en');
    await page.getByRole('button', { name: '中文' }).click();
  });

  it('a department uploads a CSV file and downloads its receipts', async () => {
    const page = pages.get('department') as Page;
    await open(page, 'bulk');
    const run = String(Date.now());
    const csv = [
      'uscc,category,effectiveDate,taxPaidYuan,quarter,run',
      `${COMPANY_USCC},TAX_PAYMENT,2026-06-30,51000.00,2026Q2,${run}`,
      `${COMPANY_USCC},TAX_PAYMENT,2026-03-31,47000.00,2026Q1,${run}`,
      `${COMPANY_USCC},TAX_PAYMENT,31/03/2026,1.00,bad-date,${run}`,
    ].join('\n');
    await page.getByLabel('CSV 或 JSON Lines 文件').setInputFiles({
      name: 'tax-q1-q2.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${csv}\n`),
    });
    await page.getByRole('button', { name: '上传并上链' }).click();
    await page.getByText('成功上链 2 条，失败 1 条。').waitFor();
    assert.equal(await page.locator('progress').getAttribute('value'), '3');
    await page.getByText('第 4 行：effectiveDate 应写作 YYYY-MM-DD').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /下载回执/ }).click(),
    ]);
    const receipts = readFileSync((await download.path()) ?? '', 'utf8')
      .trim()
      .split('\n');
    assert.equal(receipts.length, 2);
    for (const [index, line] of receipts.entries()) {
      const receipt = JSON.parse(line) as {
        line: number;
        uscc: string;
        salt: string;
        hash: string;
        txId: string;
      };
      assert.equal(receipt.line, index + 2);
      assert.equal(receipt.uscc, COMPANY_USCC);
      assert.ok(receipt.salt.length > 0 && /^[0-9a-f]{64}$/.test(receipt.hash) && receipt.txId.length > 0);
    }
    await ui.shot(page, 'department-bulk');
    await open(page, 'mine');
    // The list comes from the ledger now (GET /v1/attestations), not from what this tab attested.
    await page.locator('tr[data-attestation]').nth(2).waitFor();
  });

  it('the company grants a consent, which reaches the bank’s screen without a reload', async () => {
    const bank = await ui.signedIn('bank1/officer');
    pages.set('bank', bank);
    await bank.getByText('实时更新已开启').waitFor();

    const company = await ui.signedIn(COMPANY);
    pages.set('company', company);
    await company
      .getByRole('row', { name: /TAX_PAYMENT/ })
      .getByRole('cell', { name: 'TAX', exact: true })
      .waitFor();
    await ui.shot(company, 'company-profile');
    await open(company, 'consents');
    await company.getByLabel('银行').selectOption('Bank1MSP');
    await company.getByRole('group', { name: '数据类别' }).getByLabel('TAX_PAYMENT').check();
    await company.getByLabel('用途').selectOption('credit-review');
    await company.getByRole('button', { name: '授予授权' }).click();
    const done = await company.getByText(/^已授予授权 .+。$/).textContent();
    consentId = /已授予授权 (.+)。/.exec(done ?? '')?.[1] ?? '';
    assert.notEqual(consentId, '');
    await company.locator(`tr[data-consent="${consentId}"]`).first().waitFor();
    await ui.axeScan(company, 'company consents');
    await ui.shot(company, 'company-consents');

    await bank.locator(`tr[data-consent="${consentId}"]`).waitFor({ timeout: 30_000 });
    assert.match((await bank.locator(`tr[data-consent="${consentId}"]`).textContent()) ?? '', /已同意/);
    await ui.shot(bank, 'bank-consents-live');
  });

  it('the bank reads the profile and sees each record verified against its ledger proof', async () => {
    const bank = pages.get('bank') as Page;
    await open(bank, 'read');
    await bank.getByLabel('选择一项已同意的授权').selectOption(consentId);
    await bank.getByRole('button', { name: '查阅档案' }).click();
    const badge = bank.locator('.record[data-category="TAX_PAYMENT"] [data-verified]');
    await badge.waitFor();
    assert.equal(await badge.getAttribute('data-verified'), 'true');
    assert.match((await badge.textContent()) ?? '', /已验证/);
    assert.match(
      (await bank.locator('.record[data-category="TAX_PAYMENT"]').textContent()) ?? '',
      /账本证明/,
    );
    await ui.axeScan(bank, 'bank read');
    await ui.shot(bank, 'bank-read-verified');
  });

  it('the bank asks for consent and the company authorises it from its pending requests', async () => {
    const bank = pages.get('bank') as Page;
    const company = pages.get('company') as Page;
    await open(bank, 'consents');
    await bank.getByLabel('统一社会信用代码').fill(COMPANY_USCC);
    await bank.getByRole('group', { name: '数据类别' }).getByLabel('TAX_PAYMENT').check();
    await bank.getByRole('button', { name: '发送申请' }).click();
    const sent = await bank.getByText(/^已发送授权申请 .+。$/).textContent();
    const requestId = /已发送授权申请 (.+)。/.exec(sent ?? '')?.[1] ?? '';
    const bankRow = bank.locator(`tr[data-consent="${requestId}"]`);
    await bankRow.getByText('待同意').waitFor();

    await open(company, 'profile');
    await open(company, 'consents');
    const pending = company
      .locator('.card', { hasText: '待您决定的授权申请' })
      .locator(`tr[data-consent="${requestId}"]`);
    await pending.getByRole('button', { name: '同意' }).click();
    await company.getByText('操作成功。').waitFor();
    await company.locator(`tr[data-consent="${requestId}"]`).getByText('已同意').first().waitFor();
    // The bank's screen follows the decision from the event stream.
    await bankRow.getByText('已同意').waitFor({ timeout: 30_000 });
  });

  it('the company sees who read its data', async () => {
    const company = pages.get('company') as Page;
    await open(company, 'access');
    await company.getByRole('rowheader', { name: 'Bank1MSP' }).first().waitFor();
    await ui.shot(company, 'company-who-read');
  });

  it('the bank’s access log lists its own accesses, and the department lists its attestations from the ledger', async () => {
    const bank = pages.get('bank') as Page;
    await open(bank, 'log');
    const rows = bank.locator('tr[data-access]');
    await rows.first().waitFor();
    const texts = await rows.allTextContents();
    assert.ok(
      texts.every((text) => text.includes('Bank1MSP') && !/Bank[2-9]MSP/.test(text)),
      texts.join('\n'),
    );
    await ui.axeScan(bank, 'bank access log');
    await ui.shot(bank, 'bank-access-log');

    const department = pages.get('department') as Page;
    await open(department, 'mine');
    const listed = department.locator('tr[data-attestation]');
    await listed.first().waitFor();
    // The first page as the ledger gives it to this department: which records fill it depends on what the
    // earlier suites attested, so compare with the service's own answer rather than expect a category.
    const answer = await ui.request('gov/tax-officer', 'GET', '/v1/attestations?pageSize=50');
    assert.equal(answer.status, 200);
    const page = JSON.parse(await answer.text()) as { items: { txId: string; category: string }[] };
    assert.ok(page.items.length > 0);
    const shown = await Promise.all(
      Array.from({ length: await listed.count() }, (_, i) => listed.nth(i).getAttribute('data-attestation')),
    );
    assert.deepEqual(shown.sort(), page.items.map((item) => item.txId).sort());
    const categories = await department.locator('tr[data-attestation] td:nth-of-type(1)').allTextContents();
    assert.deepEqual(categories.sort(), page.items.map((item) => item.category).sort());
    await ui.axeScan(department, 'department attestations');
    await ui.shot(department, 'department-mine');
  });

  it('the company revokes the consent, and sees the bank’s refused attempt with its reason', async () => {
    const company = pages.get('company') as Page;
    await open(company, 'consents');
    const row = company.locator(`tr[data-consent="${consentId}"]`);
    await row.getByRole('button', { name: '撤销' }).click();
    await row.getByText('已撤销').waitFor();

    const refused = await fetch(`${ui.gateways.url('bank1')}/v1/companies/${COMPANY_USCC}/profile-reads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await ui.gateways.tokenFor('bank1/officer')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ consentId, purpose: 'credit-review', categories: ['TAX_PAYMENT'] }),
    });
    assert.equal(refused.status, 403);
    assert.equal((JSON.parse(await refused.text()) as { code: string }).code, 'CONSENT_REVOKED');

    await open(company, 'profile');
    await open(company, 'access');
    const attempt = company.locator('tr[data-access]', { hasText: '已拒绝' }).first();
    await attempt.getByText('该企业已撤销此授权。').waitFor();
    await ui.shot(company, 'company-who-read-refused');
  });

  it('the company erases a raw record and sees it in its erasure history', async () => {
    const company = pages.get('company') as Page;
    const rating = await ui.post('gov/tax-officer', '/v1/attestations', {
      uscc: COMPANY_USCC,
      category: 'TAX_CREDIT_RATING',
      effectiveDate: '2026-06-30',
      record: { year: 2026, rating: 'A' },
    });
    assert.equal(rating.status, 201);
    await open(company, 'erasure');
    await company.getByRole('group', { name: '数据类别' }).getByLabel('TAX_CREDIT_RATING').check();
    await company.getByLabel('原因').fill('网页控制台测试');
    await company.getByRole('button', { name: /删除原始记录/ }).click();
    const done = await company.getByText(/^已记录删除 .+。$/).textContent();
    const erasureId = /已记录删除 (\S+)。/.exec(done ?? '')?.[1] ?? '';
    const row = company.locator(`tr[data-erasure="${erasureId}"]`);
    await row.waitFor({ timeout: 30_000 });
    assert.match((await row.textContent()) ?? '', /TAX_CREDIT_RATING（至第 \d+ 版）/);
    await ui.axeScan(company, 'company erasure history');
    await ui.shot(company, 'company-erasures');
  });

  it('fits a phone screen', async () => {
    const page = await ui.signedIn(COMPANY, { width: 390, height: 844 });
    await open(page, 'consents');
    await page.getByRole('group', { name: '数据类别' }).getByLabel('TAX_PAYMENT').waitFor();
    await page.locator('tr[data-consent]').first().waitFor();
    const wider = await overflow(page);
    assert.ok(wider <= 0, `page is ${String(wider)} px wider than the phone`);
    await ui.shot(page, 'company-consents-phone');
  });

  it('asked nothing of any host but the organizations’ own services', () => {
    assert.ok(ui.requested.length > 20);
    assert.deepEqual(ui.outside(ORGS), []);
  });
});
