/** @jest-config-loader-options {"transpileOnly": true} */
// Jest for every suite, from the TypeScript sources: `unit` (beside the code, no network) and `integration`
// (test/, one file at a time against the live network). `npm run build` (tsc -b) stays the type check; ts-jest
// only transpiles (tsconfig.jest.json, isolatedModules). See the root README, Tests.
import type { Config } from 'jest';

const UNIT_PACKAGES = [
  'profile',
  'contract',
  'chaincode',
  'verifier',
  'sdk',
  'gateway',
  'web',
  'tools',
  'scripts',
  'examples',
  'benchmarks/caliper',
  'benchmarks/reference-chaincode',
];

/**
 * Packages that ship ES modules only: light-my-request (fastify's inject) requires cookie 2; openapi-typescript
 * (the SDK's generator) parse-json 8 (with index-to-position), supports-color 9 and change-case 5.
 */
const ESM_ONLY = ['cookie', 'parse-json', 'index-to-position', 'supports-color', 'change-case'];

/** What both projects share: node, TypeScript through ts-jest, workspace packages from their sources. */
const shared = {
  testEnvironment: 'node',
  // Workspace packages export a `development` condition that points at src/ (as `npm run dev` resolves them
  // with node --conditions=development), so a test never runs another package's stale dist/.
  testEnvironmentOptions: { customExportConditions: ['development', 'node', 'node-addons'] },
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
    // ESM-only dependencies, compiled to CommonJS: node 20 requires ES modules natively, Jest (before node 24.9)
    // only through a transform.
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', isolatedModules: true } },
    ],
  },
  // Also when nested (openapi-typescript/node_modules/supports-color).
  transformIgnorePatterns: [`/node_modules/(?!(.+/node_modules/)?(${ESM_ONLY.join('|')})/)`],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'cjs', 'mjs', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/data/', '<rootDir>/.fabric/'],
} satisfies Config;

// Only the unit project may spread over workers: the live suites share one network. `npx jest` with both
// projects therefore runs one file at a time too.
const selected = process.argv.slice(process.argv.indexOf('--selectProjects') + 1);
const unitOnly =
  process.argv.includes('--selectProjects') && selected[0] === 'unit' && selected[1] !== 'integration';

const config: Config = {
  maxWorkers: unitOnly ? '50%' : 1,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      // Jest maps every file under its roots at start: the packages' sources, not node_modules or data/.
      roots: UNIT_PACKAGES.map((pkg) => `<rootDir>/${pkg}/src`),
      testMatch: UNIT_PACKAGES.map((pkg) => `<rootDir>/${pkg}/src/**/*.test.{ts,tsx}`),
    },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/*.test.ts'],
    },
  ],
  // Jest reads testTimeout for all projects at once. A unit test takes seconds, but hooks that build a service
  // over the real contracts take minutes on a loaded 2-core machine (node's runner had 180 s per file); each
  // live suite sets its own limit with jest.setTimeout at its top.
  testTimeout: 180_000,
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  // Files in path order, as `sort` gave node's runner, so a live run (one network, in band) repeats.
  testSequencer: '<rootDir>/jest.sequencer.cjs',
  // Coverage of the code the unit suite exercises (the live suites run the chaincode inside Fabric's peers,
  // where Jest cannot see it). The floors sit a little under the figures the chaincode and contract unit tests
  // alone reached on 2026-12-02 (root README, Tests); the gateway's tests over the real contracts only add to
  // them. A run below a floor fails, so CI does; a run of a few files with --coverage fails them too.
  collectCoverageFrom: [
    '<rootDir>/{profile,contract,chaincode,verifier,sdk,gateway,web,tools,scripts}/src/**/*.{ts,tsx}',
    '!**/*.test.{ts,tsx}',
    '!**/*.d.ts',
    // openapi-typescript's output: types only, no code to cover.
    '!<rootDir>/sdk/src/generated/**',
  ],
  coverageProvider: 'v8',
  coverageDirectory: '<rootDir>/coverage',
  coverageReporters: ['text-summary', ['text', { skipFull: true }], 'json-summary', 'lcov'],
  coverageThreshold: {
    // measured 97.1 % statements and lines, 92.3 % branches, 98.8 % functions
    './chaincode/src/domain/': { statements: 96, branches: 91, functions: 98, lines: 96 },
    // measured 98.2 % statements and lines, 76.0 % branches, 100 % functions
    './chaincode/src/contracts/': { statements: 97, branches: 74, functions: 99, lines: 97 },
  },
};

export default config;
