import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

/**
 * Strips TypeScript-only wrappers, optional chains and compiled `(0, f)` sequences so the value expression
 * remains.
 */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        current = current.expression;
        break;
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      case AST_NODE_TYPES.SequenceExpression:
        // `(0, undici_1.fetch)(url)`: how compilers call an imported function without a `this`.
        if (!current.expressions.slice(0, -1).every((e) => e.type === AST_NODE_TYPES.Literal)) return current;
        current = current.expressions[current.expressions.length - 1]!;
        break;
      default:
        return current;
    }
  }
}
