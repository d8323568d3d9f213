import type { TSESTree } from '@typescript-eslint/utils';

import { isFunction, type FunctionNode } from './is-function.js';

/** The innermost function containing `node`, or null at module level. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | null {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current;
  }
  return null;
}
