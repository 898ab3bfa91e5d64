// One lint configuration for src, test and the migrations: typescript-eslint's recommended rules
// with type information where they catch real bugs (floating promises, misused promises), and
// eslint-config-prettier last so that formatting is Prettier's job alone.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const NO_PARSE_FLOAT = { selector: "CallExpression[callee.name='parseFloat']", message: 'Money is never a JS number: parse decimals with parseDecimal.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'out/**', '.data/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Nest's DI and class-validator need classes that only carry decorators.
      '@typescript-eslint/no-extraneous-class': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-syntax': ['error', NO_PARSE_FLOAT],
    },
  },
  {
    // NEW_KEYS_FIRST. On Node 20 (V8 11.3), `{ ...x, key: v }` where x has no `key` gives every
    // object it makes a hidden class of its own: four times slower to build, and every later read
    // of its fields is megamorphic. The posting engine built its entries that way, and at day 330
    // of a million-entry W1 year 157,000 such classes (86 MB) were live. Where objects are made
    // per entry, write new keys before the spread (`{ key: v, ...x }`) or write the object out;
    // replacing a key x already has is harmless (it keeps x's class), and says so where it is kept.
    files: ['src/costing/posting/**/*.ts', 'src/ledgers/**/*.ts', 'src/item-journal/**/*.ts'],
    ignores: ['**/*.dto.ts', '**/entities/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        NO_PARSE_FLOAT,
        {
          selector: 'ObjectExpression > SpreadElement ~ Property',
          message: 'A key after a spread gives each object a hidden class of its own (see NEW_KEYS_FIRST): put new keys first or write the object out.',
        },
      ],
    },
  },
  {
    // The CLI launcher and CI helpers are plain CommonJS run by node.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', setInterval: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
