// Prints the closing line CI reads, `N passed, N failed`, from one or more Jest `--json` result files (one per
// project run), summed. CI knows node's test runner's closing lines but not Jest's, so the scripts print this.
// A result file that is missing (a run stopped by its time limit, or never started after an earlier failure
// of its own) counts as one failure; a file that did not load counts as one failed test each.
// usage: node scripts/jest-summary.cjs <result.json>...
const { existsSync, readFileSync } = require('node:fs');

let passed = 0;
let failed = 0;
let skipped = 0;
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
}
if (skipped > 0) console.log(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
