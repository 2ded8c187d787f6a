import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '.dependency-cruiser.cjs',
      'scripts/**',
      'dist/**',
      'node_modules/**',
      '.demo/**',
      'coverage/**',
      'jest.config.js',
      'test/harness/fixtures/jest.config.js',
      'test/harness/sequencer.js',
      'eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    // Small rooms: a file past 300 lines or a function past 60 is split by responsibility.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', 'libs/*/test/**'],
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: false, skipComments: false, IIFEs: true }],
    },
  },
  {
    // No focused test is ever committed: it would silently skip every other test.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts', 'libs/*/test/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['describe', 'it', 'test'].map((object) => ({ object, property: 'only', message: 'a focused test skips every other test' })),
      ],
      'no-restricted-globals': [
        'error',
        ...['fdescribe', 'fit'].map((name) => ({ name, message: 'a focused test skips every other test' })),
      ],
    },
  },
  {
    // The web console runs in the browser: no Node.js globals or modules there. Of our libraries it
    // loads only the API client at run time; the contracts would bring their validators along.
    files: ['apps/console/src/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'process', 'Buffer', 'global', 'require', 'module', '__dirname', '__filename'],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@cirtmesh/contracts', allowTypeImports: true, message: 'import only types from the contracts in the browser' }],
          patterns: [{ group: ['node:*'], message: 'the console runs in the browser' }],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts', 'libs/*/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
