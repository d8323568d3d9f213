import { ESLintUtils } from '@typescript-eslint/utils';

export interface ClosewaitDocs {
  description: string;
  /** Which shared config enables the rule. */
  recommended?: boolean;
  requiresTypeChecking?: boolean;
}

export const createRule = ESLintUtils.RuleCreator<ClosewaitDocs>(
  (name) => `https://github.com/closewait/closewait/blob/main/packages/eslint-plugin/docs/rules/${name}.md`,
);
