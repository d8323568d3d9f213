import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { staticMemberName } from './static-name.js';
import { unwrap } from './unwrap.js';

/** How many arguments `handler.bind(thisArg, a, b)` puts before the emitter's: 2 here, 0 for a plain handler. */
export function boundArguments(node: TSESTree.Node | undefined): number {
  const expr = node ? unwrap(node) : null;
  if (
    expr?.type === AST_NODE_TYPES.CallExpression &&
    expr.callee.type === AST_NODE_TYPES.MemberExpression &&
    staticMemberName(expr.callee) === 'bind'
  ) {
    return Math.max(0, expr.arguments.length - 1);
  }
  return 0;
}
