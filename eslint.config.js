// The repository lints itself with its own plugin: type-checked on the TypeScript sources,
// syntax-only on tests and scripts. examples/ has its own config (its leak files are meant to fail);
// scripts/demo.mjs lints it.
import closewait from '@closewait/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '.corpus/**', '.scratch/**', 'examples/**', '**/fixtures/**'] },
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  {
    files: ['packages/*/src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    ...closewait.configs['recommended-type-checked'],
  },
  { files: ['**/*.{js,mjs,cjs}', 'packages/*/tests/**/*.ts', '*.ts'], ...closewait.configs.recommended },
];
