import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { staticString } from './static-name.js';

type Scope = TSESLint.Scope.Scope;

/** What `typeof` gives in Node for the globals only browsers and their workers have. */
const BROWSER_GLOBALS: ReadonlySet<string> = new Set(['window', 'document', 'importScripts']);

/**
 * Whether `node` runs only in a browser or web worker: it sits in the branch of an `if`, `?:` or `&&`
 * whose test is false in Node — `if (typeof window === 'object')`, or emscripten's
 * `var x = "object" === typeof window, y = "function" === typeof importScripts; … if (x || y)`.
 */
export function browserOnly(node: TSESTree.Node, scopeOf: (node: TSESTree.Node) => Scope): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    let test: TSESTree.Node | null = null;
    let whenTrue = true;
    if (parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) {
      if (child === parent.consequent) test = parent.test;
      else if (child === parent.alternate) [test, whenTrue] = [parent.test, false];
    } else if (parent.type === AST_NODE_TYPES.LogicalExpression && child === parent.right && parent.operator === '&&') {
      test = parent.left;
    }
    if (test !== null && inNode(test, scopeOf, 0) === !whenTrue) return true;
  }
  return false;
}

/** The value of a test in Node, when it depends only on which globals exist: true, false, or null (unknown). */
function inNode(node: TSESTree.Node, scopeOf: (node: TSESTree.Node) => Scope, depth: number): boolean | null {
  if (depth > 4) return null;
  switch (node.type) {
    case AST_NODE_TYPES.UnaryExpression: {
      if (node.operator !== '!') return null;
      const value = inNode(node.argument, scopeOf, depth + 1);
      return value === null ? null : !value;
    }
    case AST_NODE_TYPES.LogicalExpression: {
      const left = inNode(node.left, scopeOf, depth + 1);
      const right = inNode(node.right, scopeOf, depth + 1);
      if (node.operator === '&&') return left === false || right === false ? false : left && right ? true : null;
      if (node.operator === '||') return left === true || right === true ? true : left === false && right === false ? false : null;
      return null;
    }
    case AST_NODE_TYPES.BinaryExpression: {
      const equal = node.operator === '===' || node.operator === '==';
      if (!equal && node.operator !== '!==' && node.operator !== '!=') return null;
      const kind = typeofBrowserGlobal(node.left) ? node.right : typeofBrowserGlobal(node.right) ? node.left : null;
      const text = kind ? staticString(kind) : null;
      if (text === null) return null;
      return (text === 'undefined') === equal;
    }
    case AST_NODE_TYPES.Identifier: {
      const variable = ASTUtils.findVariable(scopeOf(node), node);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (def?.type !== 'Variable' || !def.node.init) return null;
      if (variable!.references.some((r) => r.isWrite() && !r.init)) return null;
      return inNode(def.node.init, scopeOf, depth + 1);
    }
    default:
      return null;
  }
}

function typeofBrowserGlobal(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.UnaryExpression &&
    node.operator === 'typeof' &&
    node.argument.type === AST_NODE_TYPES.Identifier &&
    BROWSER_GLOBALS.has(node.argument.name)
  );
}
