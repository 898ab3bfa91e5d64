/**
 * One `npm test` runs every project: the pure costing core (unit), services against a real
 * PostgreSQL (integration, a database per test file cloned from a migrated template), HTTP (e2e),
 * every worked example in ../shared/scenarios (scenarios) and the web console in a browser (browser).
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const base = {
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
};

const withDatabase = {
  ...base,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

module.exports = {
  testTimeout: 120000,
  // One test file per core, not Jest's default of one fewer: on the 2-core machines that meant a
  // single worker, while a test file keeps Node and PostgreSQL busy in turn, one core at a time.
  // Two workers ran the whole suite in 623 s instead of 1,192 s, every file passing.
  maxWorkers: '100%',
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.spec.ts'] },
    { ...withDatabase, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'] },
    { ...withDatabase, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'] },
    { ...withDatabase, displayName: 'scenarios', testMatch: ['<rootDir>/test/scenarios/**/*.spec.ts'] },
    // Several processes on one database: `costclose worker` processes taking Adjust Cost's batches (issue 13).
    { ...withDatabase, displayName: 'workers', testMatch: ['<rootDir>/test/workers/**/*.spec.ts'] },
    // The web console in headless Chromium (Debian's chromium package, driven by playwright-core).
    { ...withDatabase, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.spec.ts'] },
  ],
};
