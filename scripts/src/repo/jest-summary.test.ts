import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, it } from '@jest/globals';

// scripts/jest-summary.cjs prints CI's closing line. Stop 22's CI failed and kept no log, so the summary now
// also names each failure where CI's shortened log still shows it: just above that line.
const root = resolve(__dirname, '../../..');
const script = join(root, 'scripts/jest-summary.cjs');

function summarise(cwd: string, ...files: string[]): string[] {
  const run = spawnSync('node', [script, ...files], { cwd, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trimEnd().split('\n');
}

type Assertion = { fullName: string; status: string; failureMessages: string[] };

function results(
  suites: Array<{ name: string; status: string; message?: string; tests: Assertion[] }>,
): object {
  const tests = suites.flatMap((suite) => suite.tests);
  return {
    numPassedTests: tests.filter((test) => test.status === 'passed').length,
    numFailedTests: tests.filter((test) => test.status === 'failed').length,
    numRuntimeErrorTestSuites: suites.filter((suite) => suite.status === 'failed' && suite.tests.length === 0)
      .length,
    numPendingTests: 0,
    numTodoTests: 0,
    testResults: suites.map((suite) => ({
      name: suite.name,
      status: suite.status,
      message: suite.message ?? '',
      assertionResults: suite.tests,
    })),
  };
}

describe('jest-summary.cjs', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jest-summary-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints only the closing line when everything passed', () => {
    const passed = { fullName: 'a passes', status: 'passed', failureMessages: [] };
    writeFileSync(
      join(dir, 'unit.json'),
      JSON.stringify(results([{ name: join(dir, 'a.test.ts'), status: 'passed', tests: [passed] }])),
    );
    assert.deepEqual(summarise(dir, 'unit.json'), ['1 passed, 0 failed']);
  });

  it('names each failed test and its first meaningful error line just above the closing line', () => {
    const failedTest: Assertion = {
      fullName: 'org gateways bank1 reads its record',
      status: 'failed',
      failureMessages: [
        '\u001b[31mAssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\u001b[39m\n\n1 !== 0\n    at Object.<anonymous>',
      ],
    };
    const ok: Assertion = { fullName: 'org gateways gov attests', status: 'passed', failureMessages: [] };
    writeFileSync(
      join(dir, 'integration.json'),
      JSON.stringify(
        results([
          { name: join(dir, 'test/org-gateways.test.ts'), status: 'failed', tests: [ok, failedTest] },
          {
            name: join(dir, 'test/snapshot-join.test.ts'),
            status: 'failed',
            message: 'Error:\n  connect ECONNREFUSED 127.0.0.1:12150',
            tests: [],
          },
        ]),
      ),
    );
    assert.deepEqual(summarise(dir, 'integration.json', 'missing.json'), [
      'no Jest results in missing.json: the run stopped before it finished',
      'failed (2):',
      '  test/org-gateways.test.ts › org gateways bank1 reads its record: AssertionError [ERR_ASSERTION]: Expected values to be strictly equal: 1 !== 0',
      '  test/snapshot-join.test.ts: connect ECONNREFUSED 127.0.0.1:12150',
      '1 passed, 3 failed',
    ]);
  });

  it("adds a node:assert failure's own message, which Jest prints under Message:", () => {
    // As Jest printed backup-restore's failure in a CI rehearsal (2026-12-03), colours and code frame omitted.
    const failedTest: Assertion = {
      fullName: 'backup restores a wiped organization',
      status: 'failed',
      failureMessages: [
        'assert(received)\n\nExpected value to be equal to:\n  true\nReceived:\n  false\n\nMessage:\n' +
          '  transactions were committed after the backup\n\n  82 |     const backupHeight = 0;\n    at Object.<anonymous>',
      ],
    };
    writeFileSync(
      join(dir, 'integration.json'),
      JSON.stringify(
        results([{ name: join(dir, 'test/backup.test.ts'), status: 'failed', tests: [failedTest] }]),
      ),
    );
    assert.deepEqual(summarise(dir, 'integration.json'), [
      'failed (1):',
      '  test/backup.test.ts › backup restores a wiped organization: assert(received): transactions were committed after the backup',
      '0 passed, 1 failed',
    ]);
  });

  it('shortens a long reason and lists at most 25 failures', () => {
    const many: Assertion[] = Array.from({ length: 30 }, (_, index) => ({
      fullName: `case ${index}`,
      status: 'failed',
      failureMessages: [`Error: ${'x'.repeat(400)}`],
    }));
    writeFileSync(
      join(dir, 'unit.json'),
      JSON.stringify(results([{ name: join(dir, 'big.test.ts'), status: 'failed', tests: many }])),
    );
    const lines = summarise(dir, 'unit.json');
    assert.equal(lines.length, 1 + 25 + 1 + 1);
    assert.equal(lines[0], 'failed (30):');
    assert.equal(lines[1], `  big.test.ts › case 0: Error: ${'x'.repeat(293)}…`);
    assert.equal(lines[26], '  … and 5 more');
    assert.equal(lines[27], '0 passed, 30 failed');
  });
});
