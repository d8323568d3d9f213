import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import type { FunctionNode } from './is-function.js';

/**
 * The part of `fn` that can run after `node`: the innermost `return` statement holding it, or block ending
 * with `return`/`throw`, or else the whole function.
 */
export function reachAfter(node: TSESTree.Node, fn: FunctionNode): TSESTree.Node {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ReturnStatement || current.type === AST_NODE_TYPES.ThrowStatement) return current;
    if (current.type === AST_NODE_TYPES.BlockStatement && current !== fn.body) {
      const last = current.body[current.body.length - 1];
      if (last?.type === AST_NODE_TYPES.ReturnStatement || last?.type === AST_NODE_TYPES.ThrowStatement) return current;
    }
  }
  return fn;
}

/** Whether `node` sits in a block, inside `fn`, that ends with `return` or `throw`. */
export function inReturningBlock(node: TSESTree.Node, fn: FunctionNode): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (current.type === AST_NODE_TYPES.BlockStatement && current !== fn.body) {
      const last = current.body[current.body.length - 1];
      if (last?.type === AST_NODE_TYPES.ReturnStatement || last?.type === AST_NODE_TYPES.ThrowStatement) return true;
    }
  }
  return false;
}
