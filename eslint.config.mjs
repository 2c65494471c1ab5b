// ESLint flat config. TypeScript (src, test, scripts: every file tsconfig.json compiles) gets
// typescript-eslint's type-checked recommended rules plus the rules the project relies on by name;
// the few plain CommonJS scripts (a test image's server, the Consul transcript recorder) get ESLint's
// recommended rules with Node's globals. `npm run lint` runs it; `npm test` runs it before the tests.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// The Node globals the CommonJS scripts use (listed rather than adding a package for them).
const nodeGlobals = Object.fromEntries(
  ['require', 'module', 'exports', '__dirname', '__filename', 'process', 'console', 'Buffer', 'URL',
    'URLSearchParams', 'AbortSignal', 'AbortController', 'fetch', 'setTimeout', 'clearTimeout',
    'setInterval', 'clearInterval', 'setImmediate'].map((name) => [name, 'readonly']),
);

export default defineConfig(
  { ignores: ['build/', 'node_modules/', 'coverage/'] },
  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'all', caughtErrorsIgnorePattern: '^_',
      }],
    },
  },
  {
    files: ['**/*.js'],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: nodeGlobals },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.mjs'],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: 'module' },
  },
);
