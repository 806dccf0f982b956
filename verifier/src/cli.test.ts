import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { runVerifyLedgerCli } from './cli';
import { VERIFIER_EXIT } from './exit-codes';

describe('verify-ledger', () => {
  it('exits 2 on an unknown option', async () => {
    assert.equal(await runVerifyLedgerCli(['--bogus']), VERIFIER_EXIT.usage);
  });

  it('prints its usage and exits 0 with --help, reaching no peer', async () => {
    assert.equal(
      await runVerifyLedgerCli(['--help', '--profile', '/nonexistent/profile.json']),
      VERIFIER_EXIT.ok,
    );
  });

  it('exits 1 with a clear message when the gateway profile is missing', async () => {
    assert.equal(
      await runVerifyLedgerCli([
        '--profile',
        '/nonexistent/profile.json',
        '--checkpoint',
        '/nonexistent/cp.json',
      ]),
      1,
    );
  });

  it('reads the instance of SME_DATA_DIR by default, as every other command does', async () => {
    const saved = { dir: process.env.SME_DATA_DIR, profile: process.env.SME_GATEWAY_PROFILE };
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.env.SME_DATA_DIR = '/nonexistent/instance';
    delete process.env.SME_GATEWAY_PROFILE;
    process.stderr.write = ((chunk: string) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      assert.equal(await runVerifyLedgerCli(['--json']), 1);
    } finally {
      process.stderr.write = write;
      if (saved.dir === undefined) delete process.env.SME_DATA_DIR;
      else process.env.SME_DATA_DIR = saved.dir;
      if (saved.profile !== undefined) process.env.SME_GATEWAY_PROFILE = saved.profile;
    }
    assert.match(written.join(''), /\/nonexistent\/instance\/network\/gateway-profile\.json/);
  });
});
