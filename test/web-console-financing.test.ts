import assert from 'node:assert/strict';
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

// Financing in the web console, in a real browser against the live network: a bank publishes a product, a
// department's attestation reaches the company's open profile live, the company matches (each rule's outcome
// and what it means) and applies, the bank approves, and the company finds the decision among its
// applications. A second bank sees none of the first bank's applications through the same route.
const ORGS = ['gov', 'bank1', 'bank2'];

interface ApplicationItem {
  applicationId: string;
  bankMspId: string;
}

(skipWithoutChromium('web-console') ? describe.skip : describe)('web console: financing', () => {
  const ui = new ConsoleBrowser('web-console-financing');
  const pages = new Map<string, Page>();
  let applicationId = '';

  beforeAll(() => ui.start(ORGS));
  afterAll(() => ui.close());

  it('the bank publishes a product; the company, updated live, matches with per-rule reasons and applies; the bank approves', async () => {
    const bank = await ui.signedIn('bank1/officer');
    const company = await ui.signedIn(COMPANY);
    const department = await ui.signedIn('gov/tax-officer');
    pages.set('bank', bank);
    pages.set('company', company);
    const productId = `web-${String(Date.now()).slice(-8)}`;

    await open(bank, 'products');
    await bank.getByLabel('产品编号').fill(productId);
    await bank.getByLabel('产品名称').fill('网页测试贸易贷');
    await bank.getByLabel('产品类型').selectOption('trade');
    await bank.getByRole('button', { name: '发布产品' }).click();
    await bank.getByText(`产品 ${productId} 第 1 版已发布。`).waitFor();
    await bank.locator(`tr[data-product="${productId}"]`).getByText('在售').waitFor();
    await ui.axeScan(bank, 'bank products');
    await ui.shot(bank, 'bank-products');

    // The department attests the rating the product's rule asks for; the company's open profile follows.
    await open(company, 'profile');
    await open(department, 'attest');
    await department.getByLabel('统一社会信用代码').fill(COMPANY_USCC);
    await department.getByLabel('数据类别').selectOption('TAX_CREDIT_RATING');
    await department.getByLabel('记录（JSON 对象）').fill('{"year": 2026, "rating": "A"}');
    await department.getByRole('button', { name: '上链', exact: true }).click();
    await department.getByText(/已上链：第 \d+ 版，区块 [\d,]+。/).waitFor();
    await company
      .getByRole('row', { name: /TAX_CREDIT_RATING/ })
      .getByRole('cell', { name: 'TAX', exact: true })
      .waitFor({ timeout: 30_000 });

    await open(company, 'financing');
    const card = company.locator(`section.match[data-product="${productId}"]`);
    // The gov peer may commit Bank1's product a moment after Bank1's own peer: ask again until it is matched.
    for (let attempt = 1; (await card.count()) === 0; attempt += 1) {
      assert.ok(attempt <= 20, `${productId} is matched`);
      await company.getByRole('button', { name: '查找匹配产品' }).click();
      await company.getByRole('button', { name: '查找匹配产品' }).waitFor();
      await company.waitForTimeout(500);
    }
    const rule = card.locator('tr[data-rule="tax-rating"]');
    await rule.getByText('通过', { exact: true }).waitFor();
    assert.match((await rule.textContent()) ?? '', /已核验记录满足条件。/);
    await card.getByText('全部规则通过').first().waitFor();
    await ui.axeScan(company, 'company matches');
    await ui.shot(company, 'company-matches');
    await card.getByRole('button', { name: '提交申请' }).click();
    const applied = await card.getByText(/^申请 .+ 已提交，状态：已提交。/).textContent();
    applicationId = /申请 (\S+) 已提交/.exec(applied ?? '')?.[1] ?? '';
    assert.notEqual(applicationId, '');
    await ui.shot(company, 'company-applied');

    await open(bank, 'applications');
    const application = bank.locator(`article[data-application="${applicationId}"]`);
    await application.waitFor({ timeout: 30_000 });
    await application.locator('summary').click();
    await application.locator('tr[data-rule="tax-rating"]').getByText('通过', { exact: true }).waitFor();
    await ui.shot(bank, 'bank-application-decide');
    await application.getByRole('button', { name: '批准' }).click();
    await bank.getByText(`申请 ${applicationId}：已批准。`).waitFor();
    await bank
      .locator(`article[data-application="${applicationId}"]`)
      .getByText(/已批准 · 金额（元） [\d,]+ · 年利率 3\.5%/)
      .waitFor();
    await ui.axeScan(bank, 'bank applications');
    await ui.shot(bank, 'bank-applications');
  });

  it('the company sees its applications: the bank, the product and the decision, in both languages', async () => {
    const company = pages.get('company') as Page;
    await open(company, 'applications');
    const row = company.locator(`tr[data-application="${applicationId}"]`);
    await row.waitFor({ timeout: 30_000 });
    const text = (await row.textContent()) ?? '';
    assert.match(text, /网页测试贸易贷/);
    assert.match(text, /已批准/);
    assert.match(text, /年利率 3\.5%/);
    await ui.axeScan(company, 'company applications');
    await ui.shot(company, 'company-applications');
    await company.getByRole('button', { name: 'English' }).click();
    await row.getByText('Approved', { exact: true }).waitFor();
    await company.getByRole('columnheader', { name: 'Decision' }).waitFor();
    await ui.shot(company, 'company-applications-en');
    await company.getByRole('button', { name: '中文' }).click();
  });

  it('a second bank lists none of the first bank’s applications, and cannot name it', async () => {
    const mine = await ui.request('bank2/officer', 'GET', '/v1/applications?pageSize=100');
    assert.equal(mine.status, 200);
    const items = (JSON.parse(await mine.text()) as { items: ApplicationItem[] }).items;
    assert.ok(
      items.every((item) => item.bankMspId === 'Bank2MSP'),
      JSON.stringify(items),
    );
    assert.ok(!items.some((item) => item.applicationId === applicationId));
    const named = await ui.request('bank2/officer', 'GET', '/v1/applications?bankMspId=Bank1MSP');
    assert.equal(named.status, 400);
    const other = await ui.request('bank2/officer', 'GET', '/v1/banks/Bank1MSP/applications');
    assert.equal(other.status, 403);
    const own = await ui.request('bank1/officer', 'GET', '/v1/applications?pageSize=100');
    const bank1Items = (JSON.parse(await own.text()) as { items: ApplicationItem[] }).items;
    assert.ok(bank1Items.some((item) => item.applicationId === applicationId));
    assert.ok(bank1Items.every((item) => item.bankMspId === 'Bank1MSP'));
  });

  it('fits a phone screen: matches and applications', async () => {
    const page = await ui.signedIn(COMPANY, { width: 390, height: 844 });
    await open(page, 'financing');
    await page.getByRole('button', { name: '查找匹配产品' }).click();
    await page.locator('section.match').first().waitFor();
    const matches = await overflow(page);
    assert.ok(matches <= 0, `matches are ${String(matches)} px wider than the phone`);
    await ui.axeScan(page, 'company matches on a phone');
    await ui.shot(page, 'company-matches-phone');
    await open(page, 'applications');
    await page.locator(`tr[data-application="${applicationId}"]`).waitFor();
    const applications = await overflow(page);
    assert.ok(applications <= 0, `applications are ${String(applications)} px wider than the phone`);
    await ui.axeScan(page, 'company applications on a phone');
    await ui.shot(page, 'company-applications-phone');
  });

  it('asked nothing of any host but the organizations’ own services', () => {
    assert.deepEqual(ui.outside(ORGS), []);
  });
});
