/**
 * The streams a `.pipe()` chain joins: `a.pipe(b).pipe(c)` as [a, b, c] with the listeners registered
 * along it, a later `b.pipe(c);` that goes on from it, and which expressions name the same stream.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { CHAINABLE_METHODS, LISTEN_METHODS } from './sockets.js';
import type { StreamKind } from './stream-kinds.js';

type Variable = TSESLint.Scope.Variable;

/** One stream of a `a.pipe(b).pipe(c)` chain. */
export interface PipeMember {
  readonly node: TSESTree.Node;
  /** Listeners registered inside the chain itself: `a.on('error', h).pipe(b)`. */
  readonly listeners: { readonly event: string; readonly handler: TSESTree.Node }[];
  kind: StreamKind | null;
  key: Variable | string;
}

export interface PipeChain {
  readonly members: PipeMember[];
  /** The first `.pipe()` of the chain, where the report goes. */
  readonly innermost: TSESTree.CallExpression;
  /** Every link is a plain `.pipe(stream)`, so `pipeline(…)` says the same. */
  readonly rewritable: boolean;
  /** The chain registers listeners (`a.on('error', h).pipe(b)`) that a rewrite would have to keep. */
  readonly listens: boolean;
}

/** Which stream an expression is: its variable, or its text; `b.pipe(c)` and `c.on(…)` are `c`. */
export function streamKey(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): Variable | string {
  const expr = unwrap(node);
  if (expr.type === AST_NODE_TYPES.Identifier) return ASTUtils.findVariable(sourceCode.getScope(expr), expr) ?? expr.name;
  if (expr.type === AST_NODE_TYPES.CallExpression && expr.callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = staticMemberName(expr.callee);
    const destination = expr.arguments[0];
    if (method === 'pipe' && destination && destination.type !== AST_NODE_TYPES.SpreadElement) {
      return streamKey(destination, sourceCode);
    }
    if (method !== null && isChainLink(method)) return streamKey(expr.callee.object, sourceCode);
  }
  return sourceCode.getText(expr);
}

/** `a.pipe(b).pipe(c)` as [a, b, c], looking through `.on()` and other calls that return the stream. */
export function chainOf(outer: TSESTree.CallExpression): PipeChain | null {
  const members: PipeMember[] = [];
  // `a.pipe(b).on('error', h)`: listeners of `b`, registered after the chain.
  const after: PipeMember['listeners'][number][] = [];
  for (let link: TSESTree.Node = outer; ; ) {
    const member: TSESTree.Node | undefined = link.parent;
    const call: TSESTree.Node | undefined = member?.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== link) break;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) break;
    const method = staticMemberName(member);
    if (method === null || !isChainLink(method)) break;
    const event = LISTEN_METHODS.has(method) ? staticString(call.arguments[0]) : null;
    if (event !== null && call.arguments[1]) after.push({ event, handler: call.arguments[1] });
    link = call;
  }
  let rewritable = true;
  // `pipeline()` returns the last stream, as `pipe()` does; but merged with a later `b.pipe(a)` the last
  // stream changes, and so would the emitter of these listeners.
  let listeners = after.length > 0;
  let pending: PipeMember['listeners'][number][] = after;
  let node: TSESTree.Node = outer;
  let innermost = outer;
  for (let depth = 0; depth < 16; depth++) {
    const expr = unwrap(node);
    const callee = expr.type === AST_NODE_TYPES.CallExpression ? unwrap(expr.callee) : null;
    const method = callee?.type === AST_NODE_TYPES.MemberExpression ? staticMemberName(callee) : null;
    if (expr.type !== AST_NODE_TYPES.CallExpression || callee?.type !== AST_NODE_TYPES.MemberExpression || method === null) {
      members.unshift({ node: expr, listeners: pending, kind: null, key: '' });
      return { members, innermost, rewritable, listens: listeners };
    }
    if (method === 'pipe') {
      const [destination, options] = expr.arguments;
      if (!destination || destination.type === AST_NODE_TYPES.SpreadElement) return null;
      if (options) rewritable = false;
      members.unshift({ node: destination, listeners: pending, kind: null, key: '' });
      pending = [];
      innermost = expr;
    } else if (isChainLink(method)) {
      // `a.on('error', h).pipe(b)`: `on()` returns `a`.
      rewritable = false;
      listeners = true;
      const event = LISTEN_METHODS.has(method) ? staticString(expr.arguments[0]) : null;
      const handler = expr.arguments[1];
      if (event !== null && handler) pending.push({ event, handler });
    } else {
      members.unshift({ node: expr, listeners: pending, kind: null, key: '' });
      return { members, innermost, rewritable, listens: listeners };
    }
    node = callee.object;
  }
  return null;
}

/** A later `b.pipe(c);` statement in the same block as `a.pipe(b);`, going on from its last stream. */
export function continuation(
  pipe: TSESTree.CallExpression,
  last: PipeMember,
  keyOf: (node: TSESTree.Node) => Variable | string,
): TSESTree.ExpressionStatement | null {
  const statement = pipe.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || !isSimple(last.node)) return null;
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement && block?.type !== AST_NODE_TYPES.Program) return null;
  const key = keyOf(last.node);
  for (const other of block.body) {
    if (other.range[0] <= statement.range[0] || other.type !== AST_NODE_TYPES.ExpressionStatement) continue;
    const call = other.expression;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length !== 1) continue;
    const callee = call.callee;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || staticMemberName(callee) !== 'pipe') continue;
    if (call.arguments[0]!.type === AST_NODE_TYPES.SpreadElement || !isSimple(call.arguments[0]!)) continue;
    if (isSimple(callee.object) && keyOf(callee.object) === key) return other;
  }
  return null;
}

/** Methods that return the stream they are called on; not `connect`, which `net.connect()` is a factory of. */
function isChainLink(method: string): boolean {
  return method !== 'connect' && CHAINABLE_METHODS.has(method);
}

/** A name or `this.name`: safe to write twice. */
function isSimple(node: TSESTree.Node): boolean {
  const expr = unwrap(node);
  return (
    expr.type === AST_NODE_TYPES.Identifier ||
    (expr.type === AST_NODE_TYPES.MemberExpression &&
      expr.object.type === AST_NODE_TYPES.ThisExpression &&
      staticMemberName(expr) !== null)
  );
}

/** Members that are different streams: `a.pipe(b).pipe(a)` joins two. */
export function distinct(members: PipeMember[]): PipeMember[] {
  const seen = new Set<Variable | string>();
  return members.filter((m) => !seen.has(m.key) && seen.add(m.key));
}

/** `a.pipe(b)` in `a.pipe(b).pipe(c)`: checked as part of the outer call. */
export function isInnerLink(call: TSESTree.CallExpression): boolean {
  let node: TSESTree.Node = call;
  for (;;) {
    const member: TSESTree.Node | undefined = node.parent;
    const outer: TSESTree.Node | undefined = member?.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== node) return false;
    if (outer?.type !== AST_NODE_TYPES.CallExpression || outer.callee !== member) return false;
    const method = staticMemberName(member);
    if (method === 'pipe') return true;
    if (method === null || !isChainLink(method)) return false;
    node = outer;
  }
}
