import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, beforeAll, afterAll, jest } from '@jest/globals';
import { financingNetwork, MANUAL_LOAN } from '@sme-credit-ledger/chaincode/testing';
import type { FastifyInstance } from 'fastify';
import { ContractLedger } from '../testing/contract-ledger';
import { appWith, SHENGHUA } from '../testing/test-app';
import { parseCliArgs } from './args';
import * as commands from './commands';
import { EXIT } from './exit-codes';

// The financing CLI commands against the service over the real contracts (ContractLedger), on a loopback port.
describe('financing CLI commands', () => {
  let app: FastifyInstance;
  let url = '';

  beforeAll(async () => {
    app = await appWith(new ContractLedger(await financingNetwork()));
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => app.close());

  /** Runs a command as `who` (the test tokens are the identity names) and returns what it printed. */
  async function run(who: string, argv: string[]): Promise<{ code: number; out: unknown }> {
    const [first = '', second = ''] = argv;
    const command =
      (commands as Record<string, unknown>)[`${first}${second.charAt(0).toUpperCase()}${second.slice(1)}`] ??
      (commands as Record<string, unknown>)[first];
    assert.equal(typeof command, 'function', argv.join(' '));
    process.env.SME_GATEWAY_TOKEN = who;
    let printed = '';
    // The test runner reports through stdout too, in Buffers: only the command's strings are captured.
    const original = process.stdout.write.bind(process.stdout);
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      if (typeof chunk !== 'string') return original(chunk);
      printed += chunk;
      return true;
    });
    try {
      const code = await (command as commands.Command)(parseCliArgs([...argv, '--url', url]));
      return { code, out: JSON.parse(printed) as unknown };
    } finally {
      write.mockRestore();
      delete process.env.SME_GATEWAY_TOKEN;
    }
  }

  it('publishes, lists, matches, applies and decides', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fin-cli-')), 'product.json');
    writeFileSync(file, JSON.stringify(MANUAL_LOAN));

    const published = await run('bank1', ['products', 'publish', '--file', file]);
    assert.equal(published.code, EXIT.ok);
    const listed = await run('shenghua', ['products', 'list', '--bank', 'Bank1MSP']);
    assert.ok(
      (listed.out as { items: { productId: string }[] }).items.some(
        (p) => p.productId === MANUAL_LOAN.productId,
      ),
    );
    const matched = await run('shenghua', ['match', '--uscc', SHENGHUA, '--bank', 'Bank1MSP']);
    assert.ok((matched.out as { items: unknown[] }).items.length >= 1);
    const applied = await run('shenghua', [
      'apply',
      '--uscc',
      SHENGHUA,
      '--bank',
      'Bank1MSP',
      '--product',
      MANUAL_LOAN.productId,
      '--amount',
      '300000',
      '--term',
      '12',
    ]);
    const { applicationId, status } = (
      applied.out as { application: { applicationId: string; status: string } }
    ).application;
    assert.equal(status, 'submitted');
    const decided = await run('bank1', [
      'decide',
      '--application',
      applicationId,
      '--outcome',
      'approved',
      '--amount',
      '300000',
      '--rate-bps',
      '480',
      '--term',
      '12',
    ]);
    assert.equal((decided.out as { application: { status: string } }).application.status, 'approved');
  });

  it('refuses an unknown outcome and a missing amount as usage errors, sending nothing', async () => {
    await assert.rejects(
      run('bank1', ['decide', '--application', 'x', '--outcome', 'maybe']),
      /approved or declined/,
    );
    await assert.rejects(
      run('shenghua', ['apply', '--uscc', SHENGHUA, '--bank', 'Bank1MSP', '--product', 'p', '--term', '12']),
      /missing --amount/,
    );
  });
});
