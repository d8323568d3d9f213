import type { TSESLint } from '@typescript-eslint/utils';
import { createRequire } from 'node:module';

import noIgnoredHalfClose from './rules/no-ignored-half-close.js';
import noPerRequestAgent from './rules/no-per-request-agent.js';
import noUnconsumedBody from './rules/no-unconsumed-body.js';
import noUnreadSocket from './rules/no-unread-socket.js';
import preferPipelineForSockets from './rules/prefer-pipeline-for-sockets.js';
import requireTimeoutDestroy from './rules/require-timeout-destroy.js';

const { name, version } = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

export const rules = {
  'no-ignored-half-close': noIgnoredHalfClose,
  'no-per-request-agent': noPerRequestAgent,
  'no-unconsumed-body': noUnconsumedBody,
  'no-unread-socket': noUnreadSocket,
  'prefer-pipeline-for-sockets': preferPipelineForSockets,
  'require-timeout-destroy': requireTimeoutDestroy,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;

type RuleName = keyof typeof rules;
type Severity = 'error' | 'warn';

const namespace = '@closewait';

function ruleSet(severity: Severity, filter: (rule: (typeof rules)[RuleName]) => boolean): Record<string, Severity> {
  const entries = (Object.keys(rules) as RuleName[])
    .filter((rule) => filter(rules[rule]))
    .map((rule) => [`${namespace}/${rule}`, severity] as const);
  return Object.fromEntries(entries);
}

const plugin = {
  meta: { name, version, namespace },
  rules,
  configs: {} as Record<'recommended' | 'recommended-type-checked' | 'strict' | 'strict-type-checked', TSESLint.FlatConfig.Config>,
};

/** Syntax only: works on plain JavaScript, no type information needed. */
plugin.configs.recommended = {
  name: `${namespace}/recommended`,
  plugins: { [namespace]: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: ruleSet('error', (rule) => rule.meta.docs?.recommended === true),
};

/**
 * The same rules, for projects linted with type information (`parserOptions.projectService`): sockets
 * are then also recognised by type, so handlers written as methods or named functions are checked too.
 */
plugin.configs['recommended-type-checked'] = {
  name: `${namespace}/recommended-type-checked`,
  plugins: { [namespace]: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: ruleSet('error', (rule) => rule.meta.docs?.recommended === true),
};

/**
 * Every rule, the ones that have not (yet) met the precision bar of `recommended` on real packages
 * included (see docs/corpus.md): for code bases that prefer a few more reports to a missed leak.
 */
plugin.configs.strict = {
  name: `${namespace}/strict`,
  plugins: { [namespace]: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: ruleSet('error', () => true),
};

plugin.configs['strict-type-checked'] = {
  name: `${namespace}/strict-type-checked`,
  plugins: { [namespace]: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: ruleSet('error', () => true),
};

export default plugin;
