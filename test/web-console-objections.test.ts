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

// Objections in the web console, in a real browser against the live network: the company objects to a
// record, the attesting department finds it among its open objections and rejects it with a reason, and the
// company sees the outcome. A bank is refused the list; another department does not see the objection.
const ORGS = ['gov', 'bank1'];
const EVIDENCE = 'e'.repeat(64);

interface ObjectionItem {
  objectionId: string;
  department: string;
  status: string;
}

(skipWithoutChromium('web-console') ? describe.skip : describe)('web console: objections', () => {
  const ui = new ConsoleBrowser('web-console-objections');
  const pages = new Map<string, Page>();
  let objectionId = '';
  const reason = `网页测试异议 ${String(Date.now()).slice(-6)}`;

  beforeAll(async () => {
    await ui.start(ORGS);
    const attested = await ui.post('gov/tax-officer', '/v1/attestations', {
      uscc: COMPANY_USCC,
      category: 'TAX_PAYMENT',
      effectiveDate: '2026-09-30',
      record: { taxPaidYuan: '92000.00', quarter: '2026Q3' },
    });
    assert.equal(attested.status, 201, await attested.text());
  });
  afterAll(() => ui.close());

  it('the company objects to a record it was attested', async () => {
    const company = await ui.signedIn(COMPANY);
    pages.set('company', company);
    await open(company, 'objections');
    await company.getByLabel('数据类别').selectOption('TAX_PAYMENT');
    await company.getByLabel('原因').fill(reason);
    await company.getByLabel(/证据哈希/).fill(EVIDENCE);
    await company.getByRole('button', { name: '提出异议' }).click();
    const done = await company.getByText(/^已提出异议 .+。$/).textContent();
    objectionId = /已提出异议 (\S+)。/.exec(done ?? '')?.[1] ?? '';
    assert.notEqual(objectionId, '');
    await company.locator(`tr[data-objection="${objectionId}"]`).getByText('处理中').waitFor();
  });

  it('the attesting department finds it among its open objections and rejects it with a reason', async () => {
    const department = await ui.signedIn('gov/tax-officer');
    pages.set('department', department);
    await open(department, 'objections');
    const row = department.locator(`tr[data-objection="${objectionId}"]`);
    await row.waitFor({ timeout: 30_000 });
    assert.match(
      (await row.textContent()) ?? '',
      new RegExp(`${COMPANY_USCC}[\\s\\S]*TAX_PAYMENT[\\s\\S]*处理中`),
    );
    await ui.axeScan(department, 'department objections');
    await ui.shot(department, 'department-objections');

    await row.getByRole('button', { name: '处理' }).click();
    await department.getByRole('radio', { name: '驳回' }).check();
    await department.locator('#resolve-reason').fill('与本部门账册一致');
    await department.getByRole('button', { name: '处理', exact: true }).last().click();
    await department.locator(`[data-selected-objection="${objectionId}"]`).getByText('已驳回').waitFor();
    // Open objections only: the rejected one leaves the list, and is under "rejected".
    await row.waitFor({ state: 'detached' });
    await department.getByLabel('状态').selectOption('rejected');
    await row.getByText('已驳回').waitFor();
    await ui.axeScan(department, 'department objection resolved');
    await ui.shot(department, 'department-objection-resolved');

    await department.getByRole('button', { name: 'English' }).click();
    await row.getByText('Rejected', { exact: true }).waitFor();
    await department.getByRole('heading', { name: `Objection ${objectionId}` }).waitFor();
    await ui.shot(department, 'department-objection-resolved-en');
    await department.getByRole('button', { name: '中文' }).click();
  });

  it('the company sees the outcome of the objection it raised', async () => {
    const company = pages.get('company') as Page;
    await open(company, 'profile');
    await open(company, 'objections');
    const row = company.locator(`tr[data-objection="${objectionId}"]`);
    await row.getByText('已驳回').waitFor({ timeout: 30_000 });
    assert.match((await row.textContent()) ?? '', /与本部门账册一致/);
    await ui.axeScan(company, 'company objections');
    await ui.shot(company, 'company-objection-outcome');
  });

  it('lists it for no bank and no other department', async () => {
    const bank = await ui.request('bank1/officer', 'GET', '/v1/objections');
    assert.equal(bank.status, 403);
    const samr = await ui.request('gov/samr-officer', 'GET', '/v1/objections?pageSize=100');
    assert.equal(samr.status, 200);
    const items = (JSON.parse(await samr.text()) as { items: ObjectionItem[] }).items;
    assert.ok(
      items.every((item) => item.department === 'SAMR'),
      JSON.stringify(items),
    );
    const tax = await ui.request('gov/tax-officer', 'GET', '/v1/objections?status=rejected&pageSize=100');
    const taxItems = (JSON.parse(await tax.text()) as { items: ObjectionItem[] }).items;
    assert.ok(taxItems.some((item) => item.objectionId === objectionId));
  });

  it('fits a phone screen', async () => {
    const page = await ui.signedIn('gov/tax-officer', { width: 390, height: 844 });
    await open(page, 'objections');
    await page.getByLabel('状态').selectOption('rejected');
    await page.locator(`tr[data-objection="${objectionId}"]`).waitFor();
    const wider = await overflow(page);
    assert.ok(wider <= 0, `objections are ${String(wider)} px wider than the phone`);
    await ui.axeScan(page, 'department objections on a phone');
    await ui.shot(page, 'department-objections-phone');
  });

  it('asked nothing of any host but the organizations’ own services', () => {
    assert.deepEqual(ui.outside(ORGS), []);
  });
});
