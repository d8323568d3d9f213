import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import type { FunctionNode } from './is-function.js';

/** The name a function is called by in its scope: `function f() {}`, `const f = () => {}`; null otherwise. */
export function functionId(fn: FunctionNode): TSESTree.Identifier | null {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id;
  const parent = fn.parent;
  return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id : null;
}
