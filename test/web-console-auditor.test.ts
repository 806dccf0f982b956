import assert from 'node:assert/strict';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { peerOrgs } from './support/topology';
import {
  COMPANY,
  COMPANY_USCC,
  ConsoleBrowser,
  LONG,
  open,
  skipWithoutChromium,
} from './support/console-browser';

// The limit the whole suite had before; Jest applies it to each test and hook.
jest.setTimeout(900_000);

// The auditor's console in a real browser against the live network: sign-in from the keyboard under a
// strict CSP, the access trail, a consent's history linked to the block explorer, the ledger verification,
// network health, and the language switch. A consent and a bank's read of it are set up over the API.
const ORGS = ['gov', 'bank1', 'auditor'];

(skipWithoutChromium('web-console') ? describe.skip : describe)('web console: the auditor', () => {
  const ui = new ConsoleBrowser('web-console-auditor');
  const pages = new Map<string, Page>();
  let consentId = '';

  beforeAll(async () => {
    await ui.start(ORGS);
    const attested = await ui.post('gov/tax-officer', '/v1/attestations', {
      uscc: COMPANY_USCC,
      category: 'TAX_PAYMENT',
      effectiveDate: '2026-09-30',
      record: { taxPaidYuan: '86000.00', quarter: '2026Q3' },
    });
    assert.equal(attested.status, 201, await attested.text());
    const now = Date.now();
    const granted = await ui.post(COMPANY, '/v1/consents', {
      bankMspId: 'Bank1MSP',
      categories: ['TAX_PAYMENT'],
      purpose: 'credit-review',
      validFrom: new Date(now - 60_000).toISOString(),
      validUntil: new Date(now + 7 * 86_400_000).toISOString(),
    });
    assert.equal(granted.status, 201, await granted.clone().text());
    consentId = (JSON.parse(await granted.text()) as { consent: { consentId: string } }).consent.consentId;
    const read = await ui.post('bank1/officer', `/v1/companies/${COMPANY_USCC}/profile-reads`, {
      consentId,
      purpose: 'credit-review',
      categories: ['TAX_PAYMENT'],
    });
    assert.equal(read.status, 200, await read.text());
  });
  afterAll(() => ui.close());

  it('serves the sign-in page in Chinese with a strict CSP, usable from the keyboard alone', async () => {
    const page = await ui.newPage({ width: 1280, height: 720 });
    const response = await page.goto(`${ui.gateways.url('auditor')}/`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.equal(await page.locator('h1').textContent(), '中小企业信用账本控制台');
    await ui.axeScan(page, 'sign-in');
    await ui.shot(page, 'sign-in');

    // Tab order: skip link, the two languages, the token field; Enter submits.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.id'), 'token');
    await page.keyboard.type(await ui.gateways.tokenFor('auditor/auditor'));
    await page.keyboard.press('Enter');
    await page.getByText('当前身份：auditor/auditor（审计）').waitFor();
    pages.set('auditor', page);
  });

  it('the auditor finds the access, follows the consent history to its transaction, runs the verification and sees network health', async () => {
    const page = pages.get('auditor') as Page;
    page.setDefaultTimeout(LONG);
    await page.getByLabel('统一社会信用代码').fill(COMPANY_USCC);
    await page.getByLabel('银行').selectOption('Bank1MSP');
    await page.getByRole('button', { name: '查询' }).click();
    const rows = page.locator('tr[data-access]');
    await rows.first().waitFor();
    assert.match((await rows.allTextContents()).join('\n'), /Bank1MSP[\s\S]*已放行/);
    await ui.shot(page, 'auditor-access-trail');

    await open(page, 'consents');
    await page.getByLabel('统一社会信用代码').fill(COMPANY_USCC);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText(consentId).waitFor();
    // A record's transaction reference links to the explorer's transaction page.
    await page.locator('.timeline a[href^="#blocks/tx/"]').first().click();
    const validation = page.locator('.facts [data-code]');
    await validation.waitFor();
    assert.equal(await validation.getAttribute('data-code'), 'VALID');
    assert.match((await validation.textContent()) ?? '', /有效/);
    assert.match((await page.locator('.facts dd.endorsers').textContent()) ?? '', /GovMSP/);
    assert.equal(await page.getByRole('link', { name: '区块浏览器' }).getAttribute('aria-current'), 'page');
    await ui.axeScan(page, 'auditor transaction');
    await ui.shot(page, 'auditor-transaction');
    await page.locator('.facts a[href^="#blocks/"]').first().click();
    await page.locator('table caption', { hasText: '交易' }).waitFor();
    assert.ok((await page.locator('td [data-code="VALID"]').count()) >= 1);
    await ui.shot(page, 'auditor-block');

    await open(page, 'verify');
    await page.getByRole('button', { name: '开始验证' }).click();
    const report = page.locator('.report');
    await report.waitFor({ timeout: 600_000 });
    assert.equal(await report.getAttribute('data-ok'), 'true', (await report.textContent()) ?? '');
    await page.getByText('账本验证通过：无失败项。').waitFor();
    assert.equal((await page.locator('.chart svg[role="img"]').count()) >= 1, true);
    await ui.axeScan(page, 'auditor verification');
    await ui.shot(page, 'auditor-verification');

    await open(page, 'blocks');
    await page.getByText('链高度').waitFor();
    assert.ok((await page.locator('tbody a[href^="#blocks/"]').count()) >= 1);
    await ui.axeScan(page, 'auditor block list');
    await ui.shot(page, 'auditor-blocks');

    await open(page, 'health');
    await page.locator('table.peers tbody tr').first().waitFor();
    // Every peer of the topology with a height, and exactly one orderer reporting itself Raft leader.
    const peerRows = page.locator('table.peers tbody tr');
    assert.deepEqual(
      (await Promise.all((await peerRows.all()).map((row) => row.getAttribute('data-org')))).sort(),
      peerOrgs.flatMap((org) => org.peers.map(() => org.key)).sort(),
    );
    for (const height of await page.locator('table.peers td.height').allTextContents()) {
      assert.match(height, /^[1-9][0-9,]*$/);
    }
    // The orderers' answers may arrive after the peers': wait for the leader line, then count.
    await page.getByText('排序服务 Raft 主节点：').waitFor();
    assert.equal(await page.locator('table.orderers tr[data-leader="true"]').count(), 1);
    await ui.axeScan(page, 'auditor network health');
    await ui.shot(page, 'auditor-network');
  });

  it('switches language, keeps the choice across a reload, and formats dates for the locale', async () => {
    const page = pages.get('auditor') as Page;
    await open(page, 'consents');
    await page.getByLabel('统一社会信用代码').fill(COMPANY_USCC);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText(consentId).waitFor();
    const zhText = (await page.locator('.timeline').first().textContent()) ?? '';
    assert.match(zhText, /\d{4}年\d{1,2}月\d{1,2}日/);

    await page.getByRole('button', { name: 'English' }).click();
    assert.equal(await page.locator('h1').textContent(), 'SME Credit Ledger console');
    await page.reload();
    await page.getByRole('navigation').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(
      await page.getByRole('link', { name: 'Consent history' }).getAttribute('aria-current'),
      'page',
    );
    await page.getByLabel('Unified social credit code').fill(COMPANY_USCC);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText(consentId).waitFor();
    const enText = (await page.locator('.timeline').first().textContent()) ?? '';
    assert.match(enText, /[A-Z][a-z]{2} \d{1,2}, \d{4}/);
    await ui.shot(page, 'auditor-consent-history-en');
    await page.getByRole('button', { name: '中文' }).click();
  });

  it('asked nothing of any host but the organizations’ own services', () => {
    assert.ok(ui.requested.length > 5);
    assert.deepEqual(ui.outside(ORGS), []);
  });
});
