/**
 * Whether something closes one stream of a pipe when the other fails or closes: an 'error'/'close'
 * listener or a `finished(x, cb)` callback of the one that ends, ends or destroys the other.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import type { FunctionNode } from '../util/is-function.js';
import { nameOf, staticMemberName } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { walk } from '../util/walk.js';
import { enclosingClassBody, type FunctionResolver } from './functions.js';
import type { PipeMember } from './pipe-chains.js';
import { SocketRef } from './socket-ref.js';
import { CLOSE_METHODS } from './sockets.js';
import type { StreamKindFinder } from './stream-kinds.js';
import type { UsageAnalyzer } from './usage.js';

type Variable = TSESLint.Scope.Variable;

/** Events on which a stream that failed or went away tells its listeners. 'end' is not one: it means success. */
const TEARDOWN_EVENTS: ReadonlySet<string> = new Set(['error', 'close', 'aborted']);

const IGNORING_NAME = /^(?:noop|ignore|ignoreError|_)$/;
const LOG_METHOD = /^(?:log|info|warn|error|debug|trace)$/;

/** Answers, for the streams of a file's pipes, whether a failure of one closes the other. */
export class PipeTeardowns {
  readonly #refs = new Map<Variable | string, SocketRef | null>();
  /** `finished(x, cb)` and other calls that report how `x` ended to their last argument. */
  readonly #observers: TSESTree.CallExpression[] = [];

  constructor(
    private readonly usage: UsageAnalyzer,
    private readonly functions: FunctionResolver,
    private readonly kinds: StreamKindFinder,
  ) {}

  addObserver(call: TSESTree.CallExpression): void {
    this.#observers.push(call);
  }

  /** Whether something closes `y` once `x` fails or closes: an 'error'/'close' listener of `x`, or `finished(x, cb)`. */
  tearsDown(x: PipeMember, y: PipeMember): boolean {
    const refX = this.#refOf(x);
    const refY = this.#refOf(y);
    const handlers = x.listeners.filter((l) => TEARDOWN_EVENTS.has(l.event)).map((l) => l.handler);
    // `req.on('close', …)` also speaks for `res`: one exchange, one socket.
    const partner = typeof x.key === 'string' ? null : this.kinds.partner(x.key);
    const partnerRef = partner ? this.#refOf({ node: x.node, listeners: [], kind: 'message', key: partner }) : null;
    for (const ref of [refX, partnerRef]) {
      if (!ref) continue;
      for (const listener of this.usage.usage(ref).listeners) {
        if (listener.handler && TEARDOWN_EVENTS.has(listener.event)) handlers.push(listener.handler);
      }
    }
    if (refX) {
      for (const call of this.#observers) {
        const first = call.arguments[0];
        const last = call.arguments[call.arguments.length - 1];
        if (first && last && last !== first && refX.matches(unwrap(first))) handlers.push(last);
      }
    }
    // A handler we cannot follow (imported, computed) may well close it. When `y` is kept in a
    // collection (`proxySockets.push(proxySocket)`), a handler that closes what it holds
    // (`for (const p of proxySockets) p.end()`) closes `y` too.
    const stored = refY !== null && this.usage.usage(refY).stores.length > 0;
    // Destroying `proxyReq` destroys `proxyRes`; ending `res` ends the exchange `req` belongs to.
    const partnerY = typeof y.key === 'string' ? null : this.kinds.partner(y.key);
    const partnerRefY = partnerY ? this.#refOf({ node: y.node, listeners: [], kind: 'message', key: partnerY }) : null;
    return handlers.some((handler) => {
      if (logsOrIgnores(handler)) return false;
      if (!refY) return true;
      if (this.usage.closing.listenerCloses(handler, refY) !== false) return true;
      if (partnerRefY && this.usage.closing.listenerCloses(handler, partnerRefY) === true) return true;
      const fn = stored ? this.functions.resolve(handler) : null;
      return fn !== null && this.#closesAnything(fn, new Set());
    });
  }

  /** The socket as `SocketRef` sees it (with its aliases), for the usage analysis. */
  #refOf(member: PipeMember): SocketRef | null {
    if (this.#refs.has(member.key)) return this.#refs.get(member.key)!;
    const expr = unwrap(member.node);
    let ref: SocketRef | null = null;
    if (typeof member.key !== 'string') {
      ref = SocketRef.ofVariable(member.key);
    } else if (expr.type === AST_NODE_TYPES.MemberExpression && expr.object.type === AST_NODE_TYPES.ThisExpression) {
      const field = staticMemberName(expr);
      const body = enclosingClassBody(expr);
      if (field !== null && body) {
        ref = new SocketRef(field);
        ref.addField(body, field);
      }
    }
    if (ref) this.usage.usage(ref);
    this.#refs.set(member.key, ref);
    return ref;
  }

  /** Whether `fn`, or a same-file function it calls, ends or destroys anything at all. */
  #closesAnything(fn: FunctionNode, visited: Set<FunctionNode>): boolean {
    if (visited.has(fn) || visited.size > 8) return false;
    visited.add(fn);
    let found = false;
    walk(fn.body, (node) => {
      if (found || node.type !== AST_NODE_TYPES.CallExpression) return !found;
      const callee = unwrap(node.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && CLOSE_METHODS.has(staticMemberName(callee) ?? '')) {
        found = true;
      } else if (callee.type === AST_NODE_TYPES.Identifier) {
        const local = this.functions.resolve(callee);
        if (local && this.#closesAnything(local, visited)) found = true;
      }
      return !found;
    });
    return found;
  }
}

/** `socket.on('error', console.error)`, `logger.warn.bind(logger)`, `noop`: handled, but nothing is closed. */
function logsOrIgnores(handler: TSESTree.Node): boolean {
  let target = unwrap(handler);
  if (
    target.type === AST_NODE_TYPES.CallExpression &&
    target.callee.type === AST_NODE_TYPES.MemberExpression &&
    staticMemberName(target.callee) === 'bind'
  ) {
    target = unwrap(target.callee.object);
  }
  if (target.type === AST_NODE_TYPES.Identifier) return IGNORING_NAME.test(target.name);
  if (target.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = unwrap(target.object);
  const owner = nameOf(object);
  return LOG_METHOD.test(staticMemberName(target) ?? '') && (owner === 'console' || /log/i.test(owner ?? ''));
}

