// ESLint flat config: typescript-eslint's type-checked rules, react-hooks for the renderer, and
// the import boundaries of docs/architecture.md (eslint/boundaries.mjs). Prettier owns layout.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import boundaries from './eslint/boundaries.mjs';

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'artifacts/', 'node_modules/', 'src/core/demo/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { boundaries },
    rules: {
      'boundaries/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
      // `let x; ... x = create(() => x.use())`: a callback that names the value being created.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Objects here are closures and zustand stores, not classes: no method uses `this`, and the
      // rule would flag every `const { reset } = model` and store selector.
      '@typescript-eslint/unbound-method': 'off',
      // Service methods implement Promise-returning interfaces (InspectorApi); `async` is the
      // plain way to do that even when a method has nothing to await.
      '@typescript-eslint/require-await': 'off',
      // Control characters in regexes are deliberate: binary detection and ANSI escapes.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'tests/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Panels keep their stream models in refs and read them while rendering on purpose: records
      // flow outside React state so a 5,000 events/s stream never means one render per record.
      'react-hooks/refs': 'off',
      // The app is not built with the React Compiler, so a library it cannot memoize (the list's
      // virtualizer) costs nothing here.
      'react-hooks/incompatible-library': 'off',
      // An async click handler is fine in React: the returned promise is ignored, and the actions
      // it awaits report their own failures.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'bench/**/*.ts'],
    rules: {
      // Tests read JSON from processes and sockets and then assert on its shape (the assertion is
      // the check), and vitest's asymmetric matchers (expect.any, ...) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // ...and they call the plain-JS scripts/*.mjs, which carry no types.
      '@typescript-eslint/no-unsafe-call': 'off',
      // Test servers take async request handlers; a failure there fails the test's own request.
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      // ws hands 'message' listeners a Buffer; String(data) is how the tests read it.
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // bin/ is the CommonJS launcher node runs directly.
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
);
