// Unit tests sit next to the code; end-to-end tests start real nats-server processes.
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
  },
];
const moduleNameMapper = { '^@cirtmesh/([a-z-]+)$': '<rootDir>/libs/$1/src' };
// The run's own rules (test/harness): every process a test starts is owned by the run and stopped
// when its suite ends, a leak fails the run, and a file that runs past its limit is failed.
const common = {
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: '<rootDir>/test/harness/environment.ts',
  rootDir: __dirname,
};

/** @type {import('jest').Config} */
module.exports = {
  testSequencer: '<rootDir>/test/harness/sequencer.js',
  // With --coverage (npm test runs the unit and integration tiers so): how much of the libraries they exercise.
  collectCoverageFrom: ['<rootDir>/libs/*/src/**/*.ts', '!**/*.spec.ts', '!**/*.int-spec.ts', '!**/index.ts'],
  coverageProvider: 'v8',
  coverageReporters: ['text-summary'],
  globalSetup: '<rootDir>/test/harness/global-setup.ts',
  globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
  projects: [
    // Pure: no server, no process, no network.
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    // One use case against one real test nats-server: seconds, not a mesh.
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/harness/integration-setup.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/e2e/setup.ts'],
    },
  ],
};
