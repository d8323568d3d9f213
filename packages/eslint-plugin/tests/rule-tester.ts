import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type * as RuleTesterModule from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The ESLint major version these tests run on. `CLOSEWAIT_ESLINT=9` loads the rule tester that pnpm
 * installed beside ESLint 9 in tools/eslint9, so the same test files prove the plugin on both majors.
 */
export const eslintMajor = process.env.CLOSEWAIT_ESLINT === '9' ? 9 : 10;

const from = eslintMajor === 9 ? path.join(here, '../../../tools/eslint9/package.json') : path.join(here, '../package.json');
const requireFrom = createRequire(from);

const testerModule = requireFrom('@typescript-eslint/rule-tester') as typeof RuleTesterModule;
export const { RuleTester } = testerModule;
/** ESLint as the rule tester sees it: the same major the rule tests run on. */
export const eslint = createRequire(requireFrom.resolve('@typescript-eslint/rule-tester'))('eslint') as typeof import('eslint');
export const loadedEslintVersion: string = eslint.Linter.version;

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const fixtureDir = path.join(here, 'fixtures');

/** A tester for plain JavaScript and TypeScript without type information (the `recommended` config). */
export function syntaxTester(): InstanceType<typeof RuleTester> {
  return new RuleTester({
    languageOptions: { parserOptions: { ecmaVersion: 2024, sourceType: 'module' } },
  });
}

/** A tester with type information (the `recommended-type-checked` config). */
export function typedTester(): InstanceType<typeof RuleTester> {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: fixtureDir,
      },
    },
  });
}
