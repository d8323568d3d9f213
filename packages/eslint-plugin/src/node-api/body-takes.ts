/**
 * Whether evaluating an expression surely runs one of a body's takes: not when the take sits in only one
 * arm of `?:`, right of `&&`/`||`, or in a named callback that runs where it is called.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { containsAny } from '../util/contains.js';
import { isAstNode } from '../util/is-ast-node.js';

/** Answers, with a cache, whether a node surely runs a take of one body. */
export class SureTakes {
  readonly #takes: ReadonlySet<TSESTree.Node>;
  readonly #sure = new Map<TSESTree.Node, boolean>();

  constructor(private readonly takes: readonly TSESTree.Node[]) {
    this.#takes = new Set(takes);
  }

  /** Whether evaluating `node` surely runs a take: not only in one arm of `?:`, or right of `&&`/`||`. */
  surely(node: TSESTree.Node): boolean {
    if (this.#takes.has(node)) return true;
    const cached = this.#sure.get(node);
    if (cached !== undefined) return cached;
    let sure = false;
    if (containsAny(node, this.takes)) {
      switch (node.type) {
        case AST_NODE_TYPES.ConditionalExpression:
          sure = this.surely(node.test) || (this.surely(node.consequent) && this.surely(node.alternate));
          break;
        case AST_NODE_TYPES.LogicalExpression:
          sure = this.surely(node.left);
          break;
        case AST_NODE_TYPES.AssignmentExpression:
          sure = ['||=', '&&=', '??='].includes(node.operator) ? this.surely(node.left) : this.#anyChild(node);
          break;
        case AST_NODE_TYPES.ArrowFunctionExpression:
        case AST_NODE_TYPES.FunctionExpression:
          // A callback that takes the body (`new Promise((resolve) => res.pipe(file).on('finish', resolve))`);
          // a named one (`const drain = () => res.resume()`) takes it where it is called, not here.
          sure = node.parent?.type !== AST_NODE_TYPES.VariableDeclarator;
          break;
        case AST_NODE_TYPES.FunctionDeclaration:
          sure = false;
          break;
        default:
          sure = this.#anyChild(node);
      }
    }
    this.#sure.set(node, sure);
    return sure;
  }

  #anyChild(node: TSESTree.Node): boolean {
    for (const key in node) {
      if (key === 'parent') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      const children = Array.isArray(value) ? value : [value];
      for (const child of children) {
        if (isAstNode(child) && this.surely(child)) return true;
      }
    }
    return false;
  }
}
