import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { flag, integerOption, option, parseCliArgs } from './args';
import { CliError, EXIT } from './exit-codes';

const usageError = (pattern: RegExp) => (error: unknown) =>
  error instanceof CliError && error.exitCode === EXIT.usage && pattern.test(error.message);

describe('CLI arguments', () => {
  it('reads positionals, --name value, --name=value, flags, and the last of a repeated option', () => {
    const args = parseCliArgs([
      'consent',
      'grant',
      '--bank',
      'Bank1MSP',
      '--purpose=loan review',
      '--json',
      '--days',
      '30',
      '--days',
      '60',
    ]);

    // node:util builds the array in node's own realm; Jest runs this file in a vm context of its own.
    assert.deepEqual([...args.positionals], ['consent', 'grant']);
    assert.equal(option(args, 'bank'), 'Bank1MSP');
    assert.equal(option(args, 'purpose'), 'loan review');
    assert.equal(flag(args, 'json'), true);
    assert.equal(flag(args, 'operator'), false);
    assert.equal(integerOption(args, 'days', 90), 60);
  });

  it('refuses an unknown option as a usage error naming it', () => {
    assert.throws(() => parseCliArgs(['consent', 'list', '--bogus', 'x']), usageError(/--bogus/));
  });

  it('refuses an option without its value as a usage error naming it', () => {
    assert.throws(() => parseCliArgs(['attest-bulk', '--file']), usageError(/--file/));
  });

  it('refuses a value given to a flag', () => {
    assert.throws(() => parseCliArgs(['audit', '--json=yes']), usageError(/--json/));
  });

  it('refuses --token for every command without echoing it', () => {
    for (const argv of [
      ['consent', 'list', '--token', 'tok-on-argv'],
      ['token', 'list', '--token=tok-on-argv'],
    ]) {
      assert.throws(
        () => parseCliArgs(argv),
        (error: unknown) =>
          usageError(/--token is not accepted.*SME_GATEWAY_TOKEN/s)(error) &&
          !(error as Error).message.includes('tok-on-argv'),
      );
    }
  });
});
