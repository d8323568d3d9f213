import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { climb } from '../util/climb.js';
import type { FunctionNode } from '../util/is-function.js';
import { staticMemberName } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { walk } from '../util/walk.js';
import { argumentKind } from './argument-kind.js';
import type { FunctionResolver } from './functions.js';
import type { NodeResolver } from './resolve.js';
import type { SocketRef } from './socket-ref.js';
import { CLOSE_LIKE_NAME, CLOSE_METHODS } from './sockets.js';

/** Whether code closes a socket: a listener, a function and the same-file functions it calls. */
export class CloseAnalyzer {
  constructor(
    private readonly resolver: NodeResolver,
    private readonly functions: FunctionResolver,
  ) {}

  /**
   * Whether a listener ends or destroys the socket: directly, through a same-file function (closure,
   * helper taking the socket, class method), by passing it on to code we cannot see, or by calling a
   * close-like method of its own class that we cannot resolve (an inherited `this.destroy()`).
   */
  listenerCloses(handler: TSESTree.Node, ref: SocketRef): boolean | 'unknown' {
    const expr = unwrap(handler);
    const target =
      expr.type === AST_NODE_TYPES.CallExpression &&
      expr.callee.type === AST_NODE_TYPES.MemberExpression &&
      staticMemberName(expr.callee) === 'bind'
        ? unwrap(expr.callee.object)
        : expr;
    // `socket.on('end', socket.end)` / `socket.destroy.bind(socket)`
    if (target.type === AST_NODE_TYPES.MemberExpression && ref.matches(unwrap(target.object))) {
      return CLOSE_METHODS.has(staticMemberName(target) ?? '');
    }
    const fn = this.functions.resolve(handler);
    if (!fn) return 'unknown';
    return this.functionCloses(fn, ref, new Set());
  }

  /** `methods`: the calls that close, CLOSE_METHODS unless the caller judges something else (a request). */
  functionCloses(
    fn: FunctionNode,
    ref: SocketRef,
    visited: Set<FunctionNode>,
    methods: ReadonlySet<string> = CLOSE_METHODS,
  ): boolean {
    if (visited.has(fn) || visited.size > 16) return false;
    visited.add(fn);
    let closes = false;
    walk(fn.body, (node) => {
      if (closes) return false;
      if (ref.matches(node)) {
        if (this.#useCloses(node, ref, visited, methods)) closes = true;
        return true;
      }
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const callee = unwrap(node.callee);
        const local = this.functions.localCallee(callee);
        if (local && this.functionCloses(local, ref, visited, methods)) closes = true;
        else if (
          !local &&
          callee.type === AST_NODE_TYPES.MemberExpression &&
          callee.object.type === AST_NODE_TYPES.ThisExpression &&
          CLOSE_LIKE_NAME.test(staticMemberName(callee) ?? '')
        ) {
          closes = true;
        }
      }
      return true;
    });
    return closes;
  }

  #useCloses(
    occurrence: TSESTree.Node,
    ref: SocketRef,
    visited: Set<FunctionNode>,
    methods: ReadonlySet<string>,
  ): boolean {
    const node = climb(occurrence);
    const parent = node.parent;
    if (!parent) return false;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node) {
      const call = parent.parent;
      return (
        call?.type === AST_NODE_TYPES.CallExpression &&
        call.callee === parent &&
        methods.has(staticMemberName(parent) ?? '')
      );
    }
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee !== node) {
      const kind = argumentKind(this.resolver, (c) => this.functions.localCallee(c), parent);
      if (kind === 'pipeline' || kind === 'handoff' || kind === 'emit') return true;
      if (kind === 'local') {
        const fn = this.functions.localCallee(unwrap(parent.callee));
        return fn !== null && this.functionCloses(fn, ref, visited, methods);
      }
      return false;
    }
    // `report('timeout', { socket })`: the object, and the socket in it, go to code we cannot see.
    if (
      parent.type === AST_NODE_TYPES.Property &&
      parent.value === node &&
      parent.parent.type === AST_NODE_TYPES.ObjectExpression &&
      parent.parent.parent?.type === AST_NODE_TYPES.CallExpression &&
      parent.parent.parent.callee !== parent.parent
    ) {
      return argumentKind(this.resolver, (c) => this.functions.localCallee(c), parent.parent.parent) === 'handoff';
    }
    return parent.type === AST_NODE_TYPES.NewExpression;
  }
}
