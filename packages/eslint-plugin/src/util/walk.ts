import type { TSESTree } from '@typescript-eslint/utils';

import { isAstNode } from './is-ast-node.js';

/** Visits `root` and its descendants depth-first, in source order; `visit` returns false to skip a node's children. */
export function walk(root: TSESTree.Node, visit: (node: TSESTree.Node) => boolean): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!visit(node)) continue;
    for (const key in node) {
      if (key === 'parent') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const item: unknown = value[i];
          if (isAstNode(item)) stack.push(item);
        }
      } else if (isAstNode(value)) {
        stack.push(value);
      }
    }
  }
}
