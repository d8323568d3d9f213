import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { functionId } from '../util/function-id.js';
import { enclosingFunction } from '../util/enclosing-function.js';

type Scope = TSESLint.Scope.Scope;

/**
 * `nodes` and the calls of the same-file named functions that run them, two levels up: a
 * `controller.abort()` inside `const finish = (err) => { controller.abort(); done(err) }` also happens
 * wherever `finish(err)` is called.
 */
export function withCallers(nodes: readonly TSESTree.Node[], scopeOf: (node: TSESTree.Node) => Scope): TSESTree.Node[] {
  const out = [...nodes];
  const seen = new Set<TSESTree.Node>();
  let frontier = [...nodes];
  for (let level = 0; level < 2 && frontier.length > 0; level++) {
    const next: TSESTree.Node[] = [];
    for (const node of frontier) {
      const fn = enclosingFunction(node);
      if (!fn || seen.has(fn)) continue;
      seen.add(fn);
      const id = functionId(fn);
      const variable = id ? ASTUtils.findVariable(scopeOf(id), id) : null;
      for (const reference of variable?.references ?? []) {
        const call = reference.identifier.parent;
        if (call?.type === AST_NODE_TYPES.CallExpression && call.callee === reference.identifier) next.push(call);
      }
    }
    out.push(...next);
    frontier = next;
  }
  return out;
}
