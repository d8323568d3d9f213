import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { staticMemberName } from './static-name.js';
import { unwrap } from './unwrap.js';

/** `socket`, `this.socket`, `self.req.socket`: a name or a chain of static member reads; otherwise null. */
export function memberPath(node: TSESTree.Node): string | null {
  const expr = unwrap(node);
  if (expr.type === AST_NODE_TYPES.Identifier) return expr.name;
  if (expr.type === AST_NODE_TYPES.ThisExpression) return 'this';
  if (expr.type !== AST_NODE_TYPES.MemberExpression) return null;
  const name = staticMemberName(expr);
  const base = name === null ? null : memberPath(expr.object);
  return base === null ? null : `${base}.${name}`;
}
