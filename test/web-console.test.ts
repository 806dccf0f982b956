import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { artifactsDir, findChromium, reportMissingChromium } from './support/browser';
import { ensureNetwork } from './support/network-cli';
import { OrgGateways } from './support/org-gateways';
import { peerOrgs } from './support/topology';

// The web console in Debian's chromium, driven by playwright-core, against the live network and one gateway
// service per organization (in-process, as `npm start` runs them): each role's journey through the screens
// a person uses, the language switch, translated errors, an axe-core scan, and no request leaving the origin.
const COMPANY = 'gov/sunlux';
const COMPANY_USCC = '91440605MA53KJ1C4K';
const CHROMIUM = findChromium();
const SKIP = CHROMIUM === undefined ? reportMissingChromium('web-console') : false;
const SHOTS = artifactsDir('web-console');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const LONG = 60_000;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

describe('web console in a real browser', { timeout: 900_000, skip: SKIP }, () => {
  const gateways = new OrgGateways('web-console.test');
  let browser: Browser;
  /** Every URL any page asked for: the console must not reach beyond its own service. */
  const requested: string[] = [];
  const pages = new Map<string, Page>();
  let consentId = '';

  async function signedIn(who: string, viewport = { width: 1280, height: 860 }): Promise<Page> {
    const context: BrowserContext = await browser.newContext({ viewport, locale: 'zh-CN' });
    context.on('request', (request) => requested.push(request.url()));
    const page = await context.newPage();
    page.setDefaultTimeout(LONG);
    await page.goto(`${gateways.url(who)}/`);
    await page.getByLabel('访问令牌').fill(await gateways.tokenFor(who));
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation').waitFor();
    return page;
  }

  async function open(page: Page, section: string): Promise<void> {
    await page.evaluate(`location.hash = ${JSON.stringify(section)}`);
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  async function axeScan(page: Page, label: string): Promise<void> {
    // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate<AxeViolation[]>(
      "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)",
    );
    const severe = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(
      severe.map(
        (v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      ),
      [],
      `axe on ${label}`,
    );
  }

  before(async () => {
    await ensureNetwork();
    await gateways.start(['gov', 'bank1', 'auditor']);
    const call = async (who: string, path: string, body: unknown): Promise<Response> =>
      fetch(`${gateways.url(who)}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await gateways.tokenFor(who)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    assert.equal((await call('gov/catalog-admin', '/v1/catalog/starter', {})).status, 200);
    const registered = await call('gov/samr-officer', '/v1/companies', { uscc: COMPANY_USCC });
    assert.ok([201, 409].includes(registered.status), `register: ${registered.status}`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
  });

  after(async () => {
    await browser?.close();
    await gateways.close();
  });

  it('serves the sign-in page in Chinese with a strict CSP, usable from the keyboard alone', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    context.on('request', (request) => requested.push(request.url()));
    const page = await context.newPage();
    const response = await page.goto(`${gateways.url('auditor')}/`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.equal(await page.locator('h1').textContent(), '中小企业信用账本控制台');
    await axeScan(page, 'sign-in');
    await shot(page, 'sign-in');

    // Tab order: skip link, the two languages, the token field; Enter submits.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.id'), 'token');
    await page.keyboard.type(await gateways.tokenFor('auditor/auditor'));
    await page.keyboard.press('Enter');
    await page.getByText('当前身份：auditor/auditor（审计）').waitFor();
    pages.set('auditor', page);
  });

  it('a department attests a record, and a refusal reads in Chinese and in English', async () => {
    const page = await signedIn('gov/tax-officer');
    pages.set('department', page);
    await page.getByLabel('统一社会信用代码').fill(COMPANY_USCC);
    await page.getByLabel('数据类别').selectOption('TAX_PAYMENT');
    await page.getByLabel('记录（JSON 对象）').fill('{"taxPaidYuan": "86000.00", "quarter": "2026Q3"}');
    await page.getByRole('button', { name: '上链', exact: true }).click();
    await page.getByText(/已上链：第 \d+ 版，区块 [\d,]+。/).waitFor();
    await axeScan(page, 'department attest');
    await shot(page, 'department-attest');

    // TAX may not attest court judgements: the chaincode refuses with NOT_AUTHORIZED, shown translated.
    await page.getByLabel('数据类别').selectOption('COURT_JUDGEMENTS');
    await page.getByRole('button', { name: '上链', exact: true }).click();
    const error = page.getByRole('alert');
    await error.waitFor();
    assert.equal(await error.getAttribute('data-code'), 'NOT_AUTHORIZED');
    assert.match((await error.locator('p').first().textContent()) ?? '', /^您的身份无权执行此操作。$/);
    await shot(page, 'error-zh');
    await page.getByRole('button', { name: 'English' }).click();
    assert.equal(await error.locator('p').first().textContent(), 'Your identity is not allowed to do this.');
    assert.equal(await error.locator('strong').textContent(), 'The request did not succeed');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await shot(page, 'error-en');
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
    await shot(page, 'department-bulk');
    await open(page, 'mine');
    // The list comes from the ledger now (GET /v1/attestations), not from what this tab attested.
    await page.locator('tr[data-attestation]').nth(2).waitFor();
  });

  it('the company grants a consent, which reaches the bank’s screen without a reload', async () => {
    const bank = await signedIn('bank1/officer');
    pages.set('bank', bank);
    await bank.getByText('实时更新已开启').waitFor();

    const company = await signedIn(COMPANY);
    pages.set('company', company);
    await company
      .getByRole('row', { name: /TAX_PAYMENT/ })
      .getByRole('cell', { name: 'TAX', exact: true })
      .waitFor();
    await shot(company, 'company-profile');
    await open(company, 'consents');
    await company.getByLabel('银行').selectOption('Bank1MSP');
    await company.getByRole('group', { name: '数据类别' }).getByLabel('TAX_PAYMENT').check();
    await company.getByLabel('用途').selectOption('credit-review');
    await company.getByRole('button', { name: '授予授权' }).click();
    const done = await company.getByText(/^已授予授权 .+。$/).textContent();
    consentId = /已授予授权 (.+)。/.exec(done ?? '')?.[1] ?? '';
    assert.notEqual(consentId, '');
    await company.locator(`tr[data-consent="${consentId}"]`).first().waitFor();
    await axeScan(company, 'company consents');
    await shot(company, 'company-consents');

    await bank.locator(`tr[data-consent="${consentId}"]`).waitFor({ timeout: 30_000 });
    assert.match((await bank.locator(`tr[data-consent="${consentId}"]`).textContent()) ?? '', /已同意/);
    await shot(bank, 'bank-consents-live');
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
    await axeScan(bank, 'bank read');
    await shot(bank, 'bank-read-verified');
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
    await shot(company, 'company-who-read');
  });

  it('the bank publishes a product; the company, updated live, matches with per-rule reasons and applies; the bank approves', async () => {
    const bank = pages.get('bank') as Page;
    const company = pages.get('company') as Page;
    const department = pages.get('department') as Page;
    const productId = `web-${String(Date.now()).slice(-8)}`;

    await open(bank, 'products');
    await bank.getByLabel('产品编号').fill(productId);
    await bank.getByLabel('产品名称').fill('网页测试贸易贷');
    await bank.getByLabel('产品类型').selectOption('trade');
    await bank.getByRole('button', { name: '发布产品' }).click();
    await bank.getByText(`产品 ${productId} 第 1 版已发布。`).waitFor();
    await bank.locator(`tr[data-product="${productId}"]`).getByText('在售').waitFor();
    await axeScan(bank, 'bank products');
    await shot(bank, 'bank-products');

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
    await axeScan(company, 'company matches');
    await shot(company, 'company-matches');
    await card.getByRole('button', { name: '提交申请' }).click();
    const applied = await card.getByText(/^申请 .+ 已提交，状态：已提交。/).textContent();
    const applicationId = /申请 (\S+) 已提交/.exec(applied ?? '')?.[1] ?? '';
    assert.notEqual(applicationId, '');
    await shot(company, 'company-applied');

    await open(bank, 'applications');
    const application = bank.locator(`article[data-application="${applicationId}"]`);
    await application.waitFor({ timeout: 30_000 });
    await application.locator('summary').click();
    await application.locator('tr[data-rule="tax-rating"]').getByText('通过', { exact: true }).waitFor();
    await shot(bank, 'bank-application-decide');
    await application.getByRole('button', { name: '批准' }).click();
    await bank.getByText(`申请 ${applicationId}：已批准。`).waitFor();
    await bank
      .locator(`article[data-application="${applicationId}"]`)
      .getByText(/已批准 · 金额（元） [\d,]+ · 年利率 3\.5%/)
      .waitFor();
    await axeScan(bank, 'bank applications');
    await shot(bank, 'bank-applications');
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
    await axeScan(bank, 'bank access log');
    await shot(bank, 'bank-access-log');

    const department = pages.get('department') as Page;
    await open(department, 'mine');
    await department.locator('tr[data-attestation]').first().waitFor();
    assert.ok((await department.getByRole('cell', { name: 'TAX_CREDIT_RATING', exact: true }).count()) >= 1);
    await axeScan(department, 'department attestations');
    await shot(department, 'department-mine');
  });

  it('the company revokes the consent, and sees the bank’s refused attempt with its reason', async () => {
    const company = pages.get('company') as Page;
    await open(company, 'consents');
    const row = company.locator(`tr[data-consent="${consentId}"]`);
    await row.getByRole('button', { name: '撤销' }).click();
    await row.getByText('已撤销').waitFor();

    const refused = await fetch(`${gateways.url('bank1')}/v1/companies/${COMPANY_USCC}/profile-reads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await gateways.tokenFor('bank1/officer')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ consentId, purpose: 'credit-review', categories: ['TAX_PAYMENT'] }),
    });
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as { code: string }).code, 'CONSENT_REVOKED');

    await open(company, 'profile');
    await open(company, 'access');
    const attempt = company.locator('tr[data-access]', { hasText: '已拒绝' }).first();
    await attempt.getByText('该企业已撤销此授权。').waitFor();
    await shot(company, 'company-who-read-refused');
  });

  it('the company erases a raw record and sees it in its erasure history', async () => {
    const company = pages.get('company') as Page;
    await open(company, 'erasure');
    await company.getByRole('group', { name: '数据类别' }).getByLabel('TAX_CREDIT_RATING').check();
    await company.getByLabel('原因').fill('网页控制台测试');
    await company.getByRole('button', { name: /删除原始记录/ }).click();
    const done = await company.getByText(/^已记录删除 .+。$/).textContent();
    const erasureId = /已记录删除 (\S+)。/.exec(done ?? '')?.[1] ?? '';
    const row = company.locator(`tr[data-erasure="${erasureId}"]`);
    await row.waitFor({ timeout: 30_000 });
    assert.match((await row.textContent()) ?? '', /TAX_CREDIT_RATING（至第 \d+ 版）/);
    await axeScan(company, 'company erasure history');
    await shot(company, 'company-erasures');
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
    await shot(page, 'auditor-access-trail');

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
    await axeScan(page, 'auditor transaction');
    await shot(page, 'auditor-transaction');
    await page.locator('.facts a[href^="#blocks/"]').first().click();
    await page.locator('table caption', { hasText: '交易' }).waitFor();
    assert.ok((await page.locator('td [data-code="VALID"]').count()) >= 1);
    await shot(page, 'auditor-block');

    await open(page, 'verify');
    await page.getByRole('button', { name: '开始验证' }).click();
    const report = page.locator('.report');
    await report.waitFor({ timeout: 600_000 });
    assert.equal(await report.getAttribute('data-ok'), 'true', (await report.textContent()) ?? '');
    await page.getByText('账本验证通过：无失败项。').waitFor();
    assert.equal((await page.locator('.chart svg[role="img"]').count()) >= 1, true);
    await axeScan(page, 'auditor verification');
    await shot(page, 'auditor-verification');

    await open(page, 'blocks');
    await page.getByText('链高度').waitFor();
    assert.ok((await page.locator('tbody a[href^="#blocks/"]').count()) >= 1);
    await axeScan(page, 'auditor block list');
    await shot(page, 'auditor-blocks');

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
    await axeScan(page, 'auditor network health');
    await shot(page, 'auditor-network');
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
    await shot(page, 'auditor-consent-history-en');
    await page.getByRole('button', { name: '中文' }).click();
  });

  it('fits a phone screen', async () => {
    const page = await signedIn(COMPANY, { width: 390, height: 844 });
    await open(page, 'consents');
    await page.getByRole('group', { name: '数据类别' }).getByLabel('TAX_PAYMENT').waitFor();
    await page.locator('tr[data-consent]').first().waitFor();
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(Number(overflow) <= 0, `page is ${String(overflow)} px wider than the phone`);
    await shot(page, 'company-consents-phone');
    await open(page, 'financing');
    await page.getByRole('button', { name: '查找匹配产品' }).click();
    await page.locator('section.match').first().waitFor();
    const matchOverflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(Number(matchOverflow) <= 0, `matches are ${String(matchOverflow)} px wider than the phone`);
    await axeScan(page, 'company matches on a phone');
    await shot(page, 'company-matches-phone');
  });

  it('asked nothing of any host but the organizations’ own services', () => {
    const origins = new Set(['gov', 'bank1', 'auditor'].map((org) => new URL(gateways.url(org)).origin));
    const outside = requested.filter((url) => !url.startsWith('data:') && !origins.has(new URL(url).origin));
    assert.ok(requested.length > 20);
    assert.deepEqual(outside, []);
  });
});
