// Prints the closing line CI reads, `N passed, N failed`, from one or more Jest `--json` result files (one per
// project run), summed. CI knows node's test runner's closing lines but not Jest's, so the scripts print this.
// A result file that is missing (a run stopped by its time limit, or never started after an earlier failure
// of its own) counts as one failure; a file that did not load counts as one failed test each.
// Above the closing line it names each failed test with the first line of its error: CI keeps only the tail
// of a long log, and a failure whose reason scrolled out of it cannot be diagnosed.
// usage: node scripts/jest-summary.cjs <result.json>...
const { existsSync, readFileSync } = require('node:fs');
const { relative } = require('node:path');
const { stripVTControlCharacters } = require('node:util');

const MAX_LISTED = 25;
const MAX_REASON = 300;

// The first line of a Jest failure message that says something (not blank, not a bare "Error:" heading), and
// the line after it when it only introduces what follows ("Expected values to be strictly equal:"). For a
// node:assert failure Jest's first line is only "assert(received)": the assertion's own message, under
// "Message:", is what says why.
function reasonOf(message) {
  const lines = stripVTControlCharacters(String(message ?? ''))
    .split('\n')
    .map((text) => text.trim())
    .filter((text) => text !== '' && text !== 'Error:');
  const [first = 'no message', second] = lines;
  const given = lines.indexOf('Message:');
  const reason =
    given >= 0 && lines[given + 1] !== undefined
      ? `${first}: ${lines[given + 1]}`
      : first.endsWith(':') && second !== undefined && !second.startsWith('at ')
        ? `${first} ${second}`
        : first;
  return reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON)}…` : reason;
}

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`no Jest results in ${file}: the run stopped before it finished`);
    failed += 1;
    continue;
  }
  const result = JSON.parse(readFileSync(file, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests + result.numRuntimeErrorTestSuites;
  skipped += result.numPendingTests + result.numTodoTests;
  for (const suite of result.testResults ?? []) {
    const where = relative(process.cwd(), suite.name ?? '');
    const failedTests = (suite.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failedTests)
      failures.push(`${where} › ${test.fullName}: ${reasonOf(test.failureMessages?.[0])}`);
    // A file that failed to load, or whose hooks failed outside any test, reports only a suite message.
    if (failedTests.length === 0 && suite.status === 'failed')
      failures.push(`${where}: ${reasonOf(suite.message)}`);
  }
}
if (failures.length > 0) {
  console.log(`failed (${failures.length}):`);
  for (const failure of failures.slice(0, MAX_LISTED)) console.log(`  ${failure}`);
  if (failures.length > MAX_LISTED) console.log(`  … and ${failures.length - MAX_LISTED} more`);
}
if (skipped > 0) console.log(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
