import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction } from '../util/enclosing-function.js';
import { isFunction, type FunctionNode } from '../util/is-function.js';
import { memberPath } from '../util/member-path.js';
import { memberKeyName, staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { walk } from '../util/walk.js';
import { fieldAssignment } from './sites.js';
import { enclosingClassBody, es5Class, type FunctionResolver } from './functions.js';
import { CLOSE_LIKE_NAME, RESPONSE_END_METHODS, TIMEOUT_CLOSE_METHODS } from './sockets.js';
import { SocketRef } from './socket-ref.js';
import type { TimeoutRegistration, TimeoutTarget } from './timeouts.js';
import type { UsageAnalyzer } from './usage.js';

type Scope = TSESLint.Scope.Scope;

/** Global timers whose callback runs once, later: `setTimeout(fn, ms)`. */
const TIMER_NAMES: ReadonlySet<string> = new Set(['setTimeout', 'setImmediate']);

/** Base classes that add no way to close anything: `EventEmitter`, `events.EventEmitter`. */
const EMITTER_CLASS = /(?:^|\.)(?:EventEmitter|Emitter)$/;

/** Whether a handler closes its target: `unknown` for a function the file cannot see. */
export type TimeoutVerdict = 'closes' | 'leaves' | 'unknown';

/** What closes a `ClientRequest` itself: not `end()`, which finishes sending it. */
const REQUEST_CLOSE_METHODS: ReadonlySet<string> = new Set([...TIMEOUT_CLOSE_METHODS].filter((m) => m !== 'end'));

/** Express's setters, which return the response: `res.status(503).send()` ends `res`. */
const RESPONSE_SETTERS = /^(?:status|set|header|type|setHeader|writeHead|cookie|clearCookie|vary|append|location|links)$/;

/**
 * Judges 'timeout' handlers. A handler closes what timed out when it destroys or ends it (or the request
 * that owns it) directly, through `this`, through a same-file function, through an object holding it; when
 * it hands it to code we cannot see; when it re-emits 'timeout' to another emitter's listeners (as
 * `ClientRequest` does with its socket's); or when it emits 'error' on it, or settles a promise, and the
 * 'error' listener, or the `catch` where that promise is awaited, destroys it. Settling alone, or
 * logging, closes nothing.
 */
export class TimeoutJudge {
  constructor(
    private readonly functions: FunctionResolver,
    private readonly usage: UsageAnalyzer,
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
  ) {}

  verdict(reg: TimeoutRegistration, fn: FunctionNode | null, target: TimeoutTarget): TimeoutVerdict {
    const handler = unwrap(reg.handler);
    const method = stripBind(handler);
    // `socket.on('timeout', socket.destroy)`, `req.abort.bind(req)`
    if (method.type === AST_NODE_TYPES.MemberExpression && this.#closesWith(staticMemberName(method), method.object, target)) {
      if (this.#isTarget(method.object, target, true)) return 'closes';
    }
    const visited = new Set<TSESTree.Node>();
    if (!fn) {
      if (!isPromiseSettler(handler, this.scopeOf)) return 'unknown';
      return this.#rejectionCloses(reg, target, visited) ? 'closes' : 'leaves';
    }
    if (this.#closes(fn, target, true, visited)) return 'closes';
    if (this.#heartbeat(fn, target)) return 'closes';
    if (this.#ownTimerCloses(reg, target, visited)) return 'closes';
    return this.#settles(fn) && this.#rejectionCloses(reg, target, visited) ? 'closes' : 'leaves';
  }

  /**
   * The code's own deadline does the closing: a timer beside the registration emits 'timeout' on the
   * target and then destroys or aborts it (`setTimeout(() => { req.emit('timeout'); req.abort() }, ms)`,
   * papi's), so this listener only reports what that timer ends.
   */
  #ownTimerCloses(reg: TimeoutRegistration, target: TimeoutTarget, visited: Set<TSESTree.Node>): boolean {
    const scope = enclosingFunction(reg.call);
    if (!scope) return false;
    let closes = false;
    walk(scope.body, (node) => {
      if (closes) return false;
      if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier) return true;
      if (!TIMER_NAMES.has(node.callee.name) || !isFunction(node.arguments[0])) return true;
      const timer = node.arguments[0];
      let emits = false;
      walk(timer.body, (inner) => {
        if (
          inner.type === AST_NODE_TYPES.CallExpression &&
          inner.callee.type === AST_NODE_TYPES.MemberExpression &&
          staticMemberName(inner.callee) === 'emit' &&
          staticString(inner.arguments[0]) === 'timeout' &&
          this.#isTarget(inner.callee.object, target, false)
        ) {
          emits = true;
        }
        return !emits;
      });
      if (emits && this.#closes(timer, target, false, visited)) closes = true;
      return true;
    });
    return closes;
  }

  /**
   * A heartbeat: the handler writes a ping to the socket and arms the timeout again, or arms it again with
   * itself (`this.socket.setTimeout(ms, this.onSocketTimeout.bind(this))`: a periodic idle task by design,
   * node-zookeeper-client queues its PING through a method). A dead peer makes the ping fail, and a
   * failed write destroys the socket; a live one answers.
   */
  #heartbeat(fn: FunctionNode, target: TimeoutTarget): boolean {
    if (target.owner !== 'socket' && target.owner !== 'unknown') return false;
    let writes = false;
    let rearms = false;
    let selfRearms = false;
    walk(fn.body, (node) => {
      if (isFunction(node)) return false;
      if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return true;
      const method = staticMemberName(node.callee);
      if (method === 'setTimeout' && node.arguments[1] && this.functions.resolve(node.arguments[1]) === fn) selfRearms = true;
      if (!this.#isTarget(node.callee.object, target, true)) return true;
      if (method === 'write') writes = true;
      if (method === 'setTimeout' && node.arguments.length >= 1 && !isZero(node.arguments[0]!)) {
        rearms = true;
      }
      return true;
    });
    return (writes && rearms) || selfRearms;
  }

  #closes(fn: FunctionNode, target: TimeoutTarget, top: boolean, visited: Set<TSESTree.Node>): boolean {
    if (visited.has(fn) || visited.size > 16) return false;
    visited.add(fn);
    const methods = target.owner === 'request' ? REQUEST_CLOSE_METHODS : TIMEOUT_CLOSE_METHODS;
    if (this.usage.closing.functionCloses(fn, target.ref, new Set(), methods)) return true;
    return this.#bodyCloses(fn.body, target, top, visited);
  }

  #bodyCloses(body: TSESTree.Node, target: TimeoutTarget, top: boolean, visited: Set<TSESTree.Node>): boolean {
    let closes = false;
    walk(body, (node) => {
      if (closes || node.type !== AST_NODE_TYPES.CallExpression) return !closes;
      if (top && target.handlerThis && this.#passesThisOn(node, body, target)) {
        closes = true;
        return false;
      }
      const callee = unwrap(node.callee);
      if (callee.type === AST_NODE_TYPES.Identifier) {
        const local = this.functions.resolve(callee);
        if (target.forwards.has(callee.name) || (local && this.#closes(local, target, false, visited))) closes = true;
        return true;
      }
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return true;
      const method = staticMemberName(callee) ?? '';
      const object = unwrap(callee.object);
      const event = method === 'emit' ? staticString(node.arguments[0]) : null;
      if (this.#closesWith(method, object, target) && this.#isTarget(object, target, top)) closes = true;
      // `res.status(503).send('timeout')`
      else if (
        target.owner === 'message' &&
        RESPONSE_END_METHODS.has(method) &&
        this.#isTarget(responseOf(object), target, top)
      ) {
        closes = true;
      } else if (method === 'abort' && this.#isAbortController(object)) closes = true;
      // `self.abort()`, `this._destroy()`: a private method is named like a public one, after its `_`.
      else if (CLOSE_LIKE_NAME.test(method.replace(/^_+/, '')) && target.holders.has(memberPath(object) ?? '')) {
        closes = true;
      }
      else if (event === 'timeout') {
        // Re-emitted on the class that owns the socket: its listeners can close it only through a method.
        closes = object.type === AST_NODE_TYPES.ThisExpression
          ? this.#classCloses(node, target, visited)
          : !this.#isTarget(object, target, top);
      }
      else if (event === 'error' && this.#isTarget(object, target, top)) closes = this.#errorListenersClose(target, visited);
      else if (object.type === AST_NODE_TYPES.ThisExpression) {
        const local = this.functions.classMember(callee, method);
        if (local && this.#closes(local, target, false, visited)) closes = true;
      }
      return true;
    });
    return closes;
  }

  /**
   * `Manager.remove(this)`, `onIdle(server, this)` in a `function` handler, whose `this` is what timed
   * out: code we cannot see takes it over; a same-file function must close the parameter it lands in.
   */
  #passesThisOn(call: TSESTree.CallExpression, body: TSESTree.Node, target: TimeoutTarget): boolean {
    const handler = body.parent;
    if (!handler || !isFunction(handler) || handler.type === AST_NODE_TYPES.ArrowFunctionExpression) return false;
    const index = call.arguments.findIndex(
      (arg) => arg.type === AST_NODE_TYPES.ThisExpression && ownThis(arg) === handler,
    );
    if (index < 0) return false;
    const local = this.functions.localCallee(unwrap(call.callee));
    if (!local) return this.usage.argumentKind(call) === 'handoff';
    const param = this.functions.paramVariable(local, index);
    const methods = target.owner === 'request' ? REQUEST_CLOSE_METHODS : TIMEOUT_CLOSE_METHODS;
    return param !== null && this.usage.closing.functionCloses(local, SocketRef.ofVariable(param), new Set(), methods);
  }

  /**
   * Whether the class around `node` gives its users a way to close the target: a close-like method that
   * does, or one it may inherit (any base class but an EventEmitter).
   */
  #classCloses(node: TSESTree.Node, target: TimeoutTarget, visited: Set<TSESTree.Node>): boolean {
    const body = enclosingClassBody(node);
    const owner = body?.parent;
    if (!body || (owner?.type !== AST_NODE_TYPES.ClassDeclaration && owner?.type !== AST_NODE_TYPES.ClassExpression)) {
      // An ES5 class: its prototype's methods, and the base `util.inherits()` gives it.
      const es5 = es5Class(node);
      if (!es5 || (es5.base !== null && !EMITTER_CLASS.test(es5.base))) return true;
      return [...es5.methods].some(
        ([name, fn]) => CLOSE_LIKE_NAME.test(name.replace(/^_+/, '')) && this.#closes(fn, target, false, visited),
      );
    }
    const base = owner.superClass ? memberPath(owner.superClass) : null;
    if (owner.superClass && !(base !== null && EMITTER_CLASS.test(base))) return true;
    return body.body.some((member) => {
      if (member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.PropertyDefinition) return false;
      const name = memberKeyName(member)?.replace(/^#/, '') ?? null;
      const value = member.value ? unwrap(member.value) : null;
      return name !== null && CLOSE_LIKE_NAME.test(name) && isFunction(value) && this.#closes(value, target, false, visited);
    });
  }

  /** `socket.emit('error', err)` where the socket's own 'error' listener destroys it. */
  #errorListenersClose(target: TimeoutTarget, visited: Set<TSESTree.Node>): boolean {
    return this.usage.usage(target.ref).listeners.some((listener) => {
      if (listener.event !== 'error' || !listener.handler) return false;
      const fn = this.functions.resolve(listener.handler);
      return fn !== null && this.#closes(fn, target, false, visited);
    });
  }

  /**
   * The handler settled a promise or called back, and the function that registered it destroys the
   * target where that lands: `try { await connected } catch (err) { socket.destroy(); throw err }`, or a
   * `.catch(() => socket.destroy())`.
   */
  #rejectionCloses(reg: TimeoutRegistration, target: TimeoutTarget, visited: Set<TSESTree.Node>): boolean {
    let scope = enclosingFunction(reg.call);
    // `new Promise((resolve, reject) => …)`: the promise is awaited where the executor is written.
    while (scope && isPromiseExecutor(scope)) scope = enclosingFunction(scope);
    if (!scope) return false;
    let closes = false;
    walk(scope.body, (node) => {
      if (closes) return false;
      if (node.type === AST_NODE_TYPES.CatchClause) {
        closes = this.#bodyCloses(node.body, target, false, visited);
      } else if (
        node.type === AST_NODE_TYPES.CallExpression &&
        node.callee.type === AST_NODE_TYPES.MemberExpression &&
        staticMemberName(node.callee) === 'catch' &&
        isFunction(node.arguments[0])
      ) {
        closes = this.#closes(node.arguments[0], target, false, visited);
      }
      return true;
    });
    return closes;
  }

  /** Whether the handler calls code it cannot see that might settle a promise: `reject(err)`, `cb(err)`. */
  #settles(fn: FunctionNode): boolean {
    let settles = false;
    walk(fn.body, (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier) {
        if (!this.functions.resolve(node.callee)) settles = true;
      }
      return !settles;
    });
    return settles;
  }

  /**
   * Whether calling `method` on `object` closes: `end()` on a `ClientRequest` only finishes sending it and
   * leaves its socket open; on the request's socket it ends the connection.
   */
  #closesWith(method: string | null, object: TSESTree.Node, target: TimeoutTarget): boolean {
    if (method === null || !TIMEOUT_CLOSE_METHODS.has(method)) return false;
    if (method !== 'end' || target.owner !== 'request') return true;
    return /\.(?:socket|connection)$/.test(memberPath(object) ?? '');
  }

  #isTarget(node: TSESTree.Node, target: TimeoutTarget, top: boolean): boolean {
    const expr = unwrap(node);
    if (expr.type === AST_NODE_TYPES.ThisExpression || expr.type === AST_NODE_TYPES.Super) {
      return target.thisIs === 'class' || (target.thisIs === 'handler' && top);
    }
    return names(target.ref, target.paths, expr);
  }

  /** `controller.abort()` with `const controller = new AbortController()`: its signal ends the request. */
  #isAbortController(node: TSESTree.Node): boolean {
    let value: TSESTree.Node | null = null;
    if (node.type === AST_NODE_TYPES.Identifier) {
      const variable = ASTUtils.findVariable(this.scopeOf(node), node);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (def?.type === 'Variable') value = def.node.init;
    } else if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression) {
      value = fieldAssignment(node);
    }
    const init = value ? unwrap(value) : null;
    return (
      init?.type === AST_NODE_TYPES.NewExpression &&
      init.callee.type === AST_NODE_TYPES.Identifier &&
      init.callee.name === 'AbortController'
    );
  }
}

/** Whether `node` names the target: one of its variables or fields, or one of its paths. */
export function names(ref: SocketRef, paths: ReadonlySet<string>, node: TSESTree.Node): boolean {
  const expr = unwrap(node);
  if (ref.matches(expr)) return true;
  const path = memberPath(expr);
  return path !== null && paths.has(path);
}

export function isZero(node: TSESTree.Node): boolean {
  const expr = unwrap(node);
  return expr.type === AST_NODE_TYPES.Literal && expr.value === 0;
}

/** `undefined` or `null`, as a value given for a handler or an option. */
export function isNothing(node: TSESTree.Node): boolean {
  const expr = unwrap(node);
  return (
    (expr.type === AST_NODE_TYPES.Identifier && expr.name === 'undefined') ||
    (expr.type === AST_NODE_TYPES.Literal && expr.value === null && !('regex' in expr))
  );
}

/** The arguments `f.bind(thisArg, a, b)` fixes: `[a, b]`, with `thisArg` beside them. */
export function boundArgs(node: TSESTree.Node): TSESTree.Node[] & { thisArg: TSESTree.Node | null } {
  const expr = unwrap(node);
  const bound = stripBind(expr) !== expr && expr.type === AST_NODE_TYPES.CallExpression;
  const args: TSESTree.Node[] = bound ? expr.arguments.slice(1) : [];
  return Object.assign(args, { thisArg: bound ? (expr.arguments[0] ?? null) : null });
}

/** `f.bind(thisArg, a, b)` → `f`; anything else as it is. */
function stripBind(node: TSESTree.Node): TSESTree.Node {
  if (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.MemberExpression &&
    staticMemberName(node.callee) === 'bind'
  ) {
    return unwrap(node.callee.object);
  }
  return node;
}

/** `res` in `res.status(503).send(…)`: the response a chain of Express setters is called on. */
function responseOf(node: TSESTree.Node): TSESTree.Node {
  let expr = unwrap(node);
  while (
    expr.type === AST_NODE_TYPES.CallExpression &&
    expr.callee.type === AST_NODE_TYPES.MemberExpression &&
    RESPONSE_SETTERS.test(staticMemberName(expr.callee) ?? '')
  ) {
    expr = unwrap(expr.callee.object);
  }
  return expr;
}

/** `resolve`/`reject` of a `new Promise((resolve, reject) => …)` executor: settling closes nothing. */
function isPromiseSettler(node: TSESTree.Node, scopeOf: (node: TSESTree.Node) => Scope): boolean {
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(scopeOf(node), node);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  return def?.type === 'Parameter' && isFunction(def.node) && isPromiseExecutor(def.node);
}

function isPromiseExecutor(fn: FunctionNode): boolean {
  const owner = fn.parent;
  return (
    owner?.type === AST_NODE_TYPES.NewExpression &&
    owner.arguments[0] === fn &&
    owner.callee.type === AST_NODE_TYPES.Identifier &&
    owner.callee.name === 'Promise'
  );
}

/** The function whose `this` a `this` expression is: the nearest enclosing non-arrow function. */
function ownThis(node: TSESTree.Node): TSESTree.Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current) && current.type !== AST_NODE_TYPES.ArrowFunctionExpression) return current;
  }
  return null;
}
