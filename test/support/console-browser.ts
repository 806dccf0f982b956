import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { artifactsDir, findChromium, reportMissingChromium } from './browser';
import { ensureNetwork } from './network-cli';
import { OrgGateways } from './org-gateways';

/** The company every console journey acts for (registered by `ConsoleBrowser.start`). */
export const COMPANY = 'gov/sunlux';
export const COMPANY_USCC = '91440605MA53KJ1C4K';
export const LONG = 60_000;

const CHROMIUM = findChromium();
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The suite's `skip` option: a loud reason without chromium, else false. */
export function skipWithoutChromium(suite: string): string | false {
  return CHROMIUM === undefined ? reportMissingChromium(suite) : false;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * The web console in Debian's chromium, driven by playwright-core, against the live network and one gateway
 * service per organization (in-process, as `npm start` runs them), with what every browser journey needs:
 * signing in, opening a section, screenshots, an axe-core scan and a record of every URL asked for.
 */
export class ConsoleBrowser {
  readonly gateways: OrgGateways;
  /** Every URL any page asked for: the console must not reach beyond its own service. */
  readonly requested: string[] = [];
  private browser: Browser | undefined;
  private readonly shots: string;

  constructor(readonly suite: string) {
    this.gateways = new OrgGateways(`${suite}.test`);
    this.shots = artifactsDir('web-console');
  }

  /** Starts the services of `orgs`, loads the starter catalog, registers the company, launches chromium. */
  async start(orgs: readonly string[]): Promise<void> {
    await ensureNetwork();
    await this.gateways.start(orgs);
    assert.equal((await this.post('gov/catalog-admin', '/v1/catalog/starter', {})).status, 200);
    const registered = await this.post('gov/samr-officer', '/v1/companies', { uscc: COMPANY_USCC });
    assert.ok([201, 409].includes(registered.status), `register: ${registered.status}`);
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await this.gateways.close();
  }

  /** The service's HTTP API as `who`, for the steps a journey takes outside the browser. */
  async request(who: string, method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.gateways.url(who)}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.gateways.tokenFor(who)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  post(who: string, path: string, body: unknown): Promise<Response> {
    return this.request(who, 'POST', path, body);
  }

  async newPage(viewport = { width: 1280, height: 860 }, locale?: string): Promise<Page> {
    const browser = this.browser ?? assert.fail('ConsoleBrowser.start first');
    const context: BrowserContext = await browser.newContext({ viewport, ...(locale ? { locale } : {}) });
    context.on('request', (request) => this.requested.push(request.url()));
    const page = await context.newPage();
    page.setDefaultTimeout(LONG);
    return page;
  }

  /** A page signed in as `who` through the sign-in form, in Chinese. */
  async signedIn(who: string, viewport = { width: 1280, height: 860 }): Promise<Page> {
    const page = await this.newPage(viewport, 'zh-CN');
    await page.goto(`${this.gateways.url(who)}/`);
    await page.getByLabel('访问令牌').fill(await this.gateways.tokenFor(who));
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation').waitFor();
    return page;
  }

  async shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(this.shots, `${name}.png`), fullPage: true });
  }

  /** No serious or critical axe-core finding on the page as it is. */
  async axeScan(page: Page, label: string): Promise<void> {
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

  /** The URLs asked of any host but the services of `orgs`. */
  outside(orgs: readonly string[]): string[] {
    const origins = new Set(orgs.map((org) => new URL(this.gateways.url(org)).origin));
    return this.requested.filter((url) => !url.startsWith('data:') && !origins.has(new URL(url).origin));
  }
}

export async function open(page: Page, section: string): Promise<void> {
  await page.evaluate(`location.hash = ${JSON.stringify(section)}`);
}

/** How many CSS pixels the page is wider than its window (0 or less: it fits). */
export async function overflow(page: Page): Promise<number> {
  return Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
}
