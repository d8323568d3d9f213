import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction } from './enclosing-function.js';
import { isFunction } from './is-function.js';
import { staticMemberName } from './static-name.js';
import { walk } from './walk.js';

/** A call or a `new`: a value made fresh where it stands. */
export function isCall(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression;
}

/** The value last assigned to `this.<name>` before `member` in the statements of the function around it. */
export function lastAssignmentBefore(member: TSESTree.MemberExpression, name: string): TSESTree.Node | null {
  const fn = enclosingFunction(member);
  if (!fn) return null;
  let found: TSESTree.Node | null = null;
  walk(fn.body, (node) => {
    if (isFunction(node)) return false;
    if (
      node.type === AST_NODE_TYPES.AssignmentExpression &&
      node.operator === '=' &&
      node.range[1] < member.range[0] &&
      node.left.type === AST_NODE_TYPES.MemberExpression &&
      node.left.object.type === AST_NODE_TYPES.ThisExpression &&
      staticMemberName(node.left) === name &&
      node.parent?.type === AST_NODE_TYPES.ExpressionStatement &&
      node.parent.parent === fn.body
    ) {
      found = node.right;
    }
    return true;
  });
  return found;
}
