// Type-checked lint for every TypeScript project; import bans keep the layers honest (see STYLE.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const fabricClientBan = {
  group: ['@hyperledger/fabric-gateway', '@grpc/grpc-js', '@sme-credit-ledger/network-profile/grpc'],
  message: 'Only gateway/src/fabric/ talks to Fabric; go through the LedgerClient interface.',
};
const serviceStackBan = {
  group: [
    'fastify',
    '@fastify/*',
    'pino',
    'prom-client',
    '@sme-credit-ledger/gateway',
    '@sme-credit-ledger/gateway/*',
  ],
  message: 'The verifier stands alone: an auditor installs it without the gateway service or its HTTP stack.',
};
const verifierFabricMessage = 'Only block-source-fabric.ts reads from peers; the rest verifies bytes.';
// ESLint keeps only the last matching block's options for a rule, so every block below repeats this ban.
const distBan = {
  group: ['@sme-credit-ledger/*/dist', '@sme-credit-ledger/*/dist/*'],
  message: 'Import another package through its exports (see its package.json), never from its dist/.',
};
// The tools workspace depends on every package below: an import back would be a cycle, and would put bench or
// demo code in the dependency tree of what organizations run.
const toolsBan = {
  group: ['@sme-credit-ledger/tools', '@sme-credit-ledger/tools/*'],
  message:
    'Production code never imports the tools workspace (bench, demo): tools depend on it, not the reverse.',
};
const fabricChaincodeBan = {
  group: ['fabric-contract-api', 'fabric-shim'],
  message: 'Domain and contract code stay free of Fabric; adapt in ledger/ or contracts/.',
};
// The gateway speaks to the chaincode through the contract package only; the chaincode's test doubles run the
// real contracts in the gateway's tests (gateway/src/testing/contract-ledger.ts) and nowhere else.
const chaincodeBan = {
  group: ['@sme-credit-ledger/chaincode', '@sme-credit-ledger/chaincode/*'],
  message:
    'Production code imports @sme-credit-ledger/contract, never the chaincode (tests may use its ./testing).',
};
const chaincodeTestingBan = {
  group: ['**/testing', '**/testing/*'],
  message: 'Test doubles are not part of the chaincode, nor of its package id; only tests import them.',
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'data/**',
      'coverage/**',
      '.fabric/**',
      'eslint.config.mjs',
      'web/build/**',
      'web/vite.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        // jest.config.ts belongs to no package: the project service checks it with default options.
        projectService: { allowDefaultProject: ['jest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      complexity: ['error', 15],
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [distBan] }],
    },
  },
  {
    files: ['profile/src/**/*.ts', 'scripts/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [distBan, toolsBan] }] },
  },
  {
    files: ['chaincode/src/**/*.ts'],
    ignores: ['chaincode/src/**/*.test.ts', 'chaincode/src/testing/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [distBan, toolsBan, chaincodeTestingBan] }] },
  },
  {
    files: ['chaincode/src/domain/**/*.ts', 'contract/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [distBan, toolsBan, fabricChaincodeBan, fabricClientBan, chaincodeTestingBan] },
      ],
    },
  },
  {
    // Domain tests may share the product fixtures (plain data), nothing else of the test doubles.
    files: ['chaincode/src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            distBan,
            toolsBan,
            fabricChaincodeBan,
            fabricClientBan,
            { message: chaincodeTestingBan.message, regex: '(^|/)testing(/(?!product-fixtures$).*)?$' },
          ],
        },
      ],
    },
  },
  {
    files: ['gateway/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [distBan, toolsBan, fabricClientBan, chaincodeBan] }],
    },
  },
  {
    files: ['gateway/src/fabric/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [distBan, toolsBan, chaincodeBan] }] },
  },
  {
    files: ['gateway/src/**/*.test.ts', 'gateway/src/testing/**/*.ts'],
    ignores: ['gateway/src/fabric/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [distBan, toolsBan, fabricClientBan] }] },
  },
  {
    files: ['gateway/src/fabric/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [distBan, toolsBan] }] },
  },
  {
    // An auditor runs the verifier without the service: none of its HTTP stack, and Fabric only through the
    // block source (its fixture generator submits transactions to make the blocks it tampers with).
    files: ['verifier/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            distBan,
            toolsBan,
            serviceStackBan,
            { ...fabricClientBan, message: verifierFabricMessage },
          ],
        },
      ],
    },
  },
  {
    files: ['verifier/src/block-source-fabric.ts', 'verifier/src/fixtures/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [distBan, toolsBan, serviceStackBan] }] },
  },
  {
    // CommonJS that Jest requires as it is (the test sequencer): not part of any TypeScript project.
    files: ['**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
      sourceType: 'commonjs',
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // openapi-typescript's output, regenerated by npm run sdk:generate and checked against the golden document.
    files: ['sdk/src/generated/**/*.ts'],
    rules: { 'max-lines': 'off' },
  },
);
