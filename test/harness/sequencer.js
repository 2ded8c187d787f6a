// Runs the pure unit tests before the integration tests when one jest run has both, so a broken
// unit fails fast and the slower tier that needs a nats-server comes after it.
const Sequencer = require('@jest/test-sequencer').default;

const TIER = { unit: 0, integration: 1 };

class TierSequencer extends Sequencer {
  sort(tests) {
    const tier = (test) => TIER[test.context.config.displayName?.name] ?? 2;
    return [...super.sort(tests)].sort((a, b) => tier(a) - tier(b));
  }
}

module.exports = TierSequencer;
