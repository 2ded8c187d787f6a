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
  globalSetup: '<rootDir>/test/harness/global-setup.ts',
  globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/e2e/setup.ts'],
    },
  ],
};
