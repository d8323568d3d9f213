import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

/**
 * Climbs through wrappers that pass a value on unchanged: `x!`, `x as T`, `a?.b` chains, `c ? x : y`,
 * `a || x`; with `awaited`, also `await x` and the last expression of `(a, x)` (where a value goes on,
 * not whether it is the same object).
 */
export function climb(start: TSESTree.Node, options: { awaited?: boolean } = {}): TSESTree.Node {
  let node = start;
  for (;;) {
    const parent = node.parent;
    if (!parent) return node;
    switch (parent.type) {
      case AST_NODE_TYPES.AwaitExpression:
        if (!options.awaited) return node;
        node = parent;
        continue;
      case AST_NODE_TYPES.SequenceExpression:
        if (!options.awaited || parent.expressions[parent.expressions.length - 1] !== node) return node;
        node = parent;
        continue;
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
        node = parent;
        continue;
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === node) return node;
        node = parent;
        continue;
      case AST_NODE_TYPES.LogicalExpression:
        node = parent;
        continue;
      default:
        return node;
    }
  }
}
