// Runs test files in path order, as `sort` did for node's test runner, so a live run is repeatable: the
// integration files share one network. Jest's default order (slowest first, from its cache) differs per machine.
const Sequencer = require('@jest/test-sequencer').default;

class PathOrderSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

module.exports = PathOrderSequencer;
