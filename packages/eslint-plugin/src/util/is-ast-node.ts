import type { TSESTree } from '@typescript-eslint/utils';

/** Whether a value met while walking a node's keys is itself a node (not a token list, a string, null). */
export function isAstNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
