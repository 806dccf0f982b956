import type { TokenStore } from '@sme-credit-ledger/gateway/token-store';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const TOKEN_LIFETIME_SECONDS = 90 * 86_400;

/**
 * Puts a fresh operator token of one service into `tokenFile` (owner-only) for Prometheus, revoking the one
 * the file held before, so at most one scrape token per service is ever valid.
 */
export async function renewScrapeToken(store: TokenStore, tokenFile: string): Promise<void> {
  mkdirSync(dirname(tokenFile), { recursive: true, mode: 0o700 });
  if (existsSync(tokenFile)) await store.revoke(readFileSync(tokenFile, 'utf8').trim());
  writeFileSync(tokenFile, await store.issueOperator('prometheus', TOKEN_LIFETIME_SECONDS), { mode: 0o600 });
}
