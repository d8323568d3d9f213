import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { climb } from '../util/climb.js';
import { enclosingFunction } from '../util/enclosing-function.js';
import { isFunction, type FunctionNode } from '../util/is-function.js';
import { memberPath } from '../util/member-path.js';
import { staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { walk } from '../util/walk.js';
import { enclosingClassBody, type FunctionResolver } from './functions.js';
import type { NodeResolver } from './resolve.js';
import { declaredName, type SiteFinder } from './sites.js';
import { SocketRef } from './socket-ref.js';
import { CHAINABLE_METHODS, HTTP_REQUEST_FACTORIES, LISTEN_METHODS, TIMEOUT_OPTION_FACTORIES } from './sockets.js';
import { SOCKET_FIELDS, TimeoutOwners, type TimeoutOwner } from './timeout-owner.js';
import { boundArgs, isNothing, isZero, names, TimeoutJudge, type TimeoutVerdict } from './timeout-verdict.js';
import type { TypeInfo } from './types.js';
import type { UsageAnalyzer } from './usage.js';

type Scope = TSESLint.Scope.Scope;

/** A function registered for an object's 'timeout': `x.on('timeout', h)` or `x.setTimeout(ms, h)`. */
export interface TimeoutRegistration {
  readonly call: TSESTree.CallExpression;
  readonly form: 'listener' | 'setTimeout';
  /** The object registered on, past chained calls: `req` in `req.on('error', f).on('timeout', h)`. */
  readonly emitter: TSESTree.Node;
  readonly handler: TSESTree.Node;
  /** The event name, or the `setTimeout` property: where a finding about the handler is reported. */
  readonly node: TSESTree.Node;
}

/** What a 'timeout' handler must close: the timed-out object, whatever owns it, the socket it is given. */
export interface TimeoutTarget {
  readonly owner: TimeoutOwner;
  readonly ref: SocketRef;
  /** The same objects as paths (`this.socket`, `self.req`), for what the ref cannot name. */
  readonly paths: ReadonlySet<string>;
  /**
   * Objects that hold it, or that it holds its state in: `self` of `self.req`, `conn` of
   * `const conn = new Connection(socket)`, `state` of `const state = this[kState]`. A close-like method
   * of theirs (`abort()`, `destroy()`, `close()`) tears it down.
   */
  readonly holders: ReadonlySet<string>;
  /** `this` is the timed-out object: in the handler's own body, or everywhere (a class extending Socket). */
  readonly thisIs: 'handler' | 'class' | null;
  /** The handler is a `function` the emitter calls unbound: its own `this` is what timed out. */
  readonly handlerThis: boolean;
  /** The handler's parameter that receives the timed-out socket (servers, requests, responses). */
  readonly param: TSESTree.Identifier | null;
  /** Express's `next` beside a server-side request: `next(err)` hands the request to the error handler. */
  readonly forwards: ReadonlySet<string>;
}

export type { TimeoutVerdict };

/**
 * Idle timeouts: `socket.setTimeout()`, `request.setTimeout()`, the `timeout` option of `net.connect()`,
 * `tls.connect()` and `http.request()` only emit 'timeout' (Node docs, net: "the connection will not be
 * severed"); a 'timeout' listener on an http server, request or response replaces core's destroy.
 */
export class TimeoutFinder {
  readonly owners: TimeoutOwners;
  readonly #judge: TimeoutJudge;

  constructor(
    private readonly resolver: NodeResolver,
    private readonly functions: FunctionResolver,
    private readonly usage: UsageAnalyzer,
    sites: SiteFinder,
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
    types: TypeInfo | null,
  ) {
    this.owners = new TimeoutOwners(resolver, sites, scopeOf, types);
    this.#judge = new TimeoutJudge(functions, usage, scopeOf);
  }

  registration(call: TSESTree.CallExpression): TimeoutRegistration | null {
    const callee = unwrap(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const method = staticMemberName(callee);
    if (method === 'setTimeout') {
      const [ms, handler] = call.arguments;
      // `timers.setTimeout(fn, ms)` and `window.setTimeout(fn, ms)` take the callback first.
      if (!ms || !handler || this.#isCallback(ms) || isZero(ms) || isNothing(handler)) return null;
      // tick-tock's `timers.setTimeout('heartbeat', fn, ms)`: a named timer, not an idle timeout.
      if (staticString(ms) !== null || call.arguments.length > 2) return null;
      if (handler.type === AST_NODE_TYPES.SpreadElement || handler.type === AST_NODE_TYPES.Literal) return null;
      return { call, form: 'setTimeout', emitter: this.chainBase(callee.object), handler, node: callee.property };
    }
    const handler = call.arguments[1];
    if (method === null || !LISTEN_METHODS.has(method) || !handler || staticString(call.arguments[0]) !== 'timeout') {
      return null;
    }
    return { call, form: 'listener', emitter: this.chainBase(callee.object), handler, node: call.arguments[0]! };
  }

  /** `x.setTimeout(ms)` with no handler and a timeout that is not 0, where `occurrence` is `x`. */
  armedBy(occurrence: TSESTree.Node): TSESTree.CallExpression | null {
    const node = climb(occurrence);
    const member = node.parent;
    const call = member?.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== node) return null;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return null;
    if (staticMemberName(member) !== 'setTimeout') return null;
    const [ms, handler] = call.arguments;
    if (!ms || isZero(ms) || this.#isCallback(ms) || (handler && !isNothing(handler))) return null;
    return call;
  }

  /** The `timeout` property of an options object given to `net.connect()`, `http.request()` and kin. */
  timeoutOption(call: TSESTree.CallExpression | TSESTree.NewExpression): TSESTree.Property | null {
    const ref = this.resolver.resolve(call.callee);
    if (!ref || ref.path.length !== 1 || !TIMEOUT_OPTION_FACTORIES[ref.module]?.includes(ref.path[0]!)) return null;
    for (const arg of call.arguments.slice(0, 3)) {
      const object = this.#objectLiteral(arg);
      const prop = object?.properties.find(
        (p): p is TSESTree.Property =>
          p.type === AST_NODE_TYPES.Property &&
          (p.computed ? staticString(p.key) : p.key.type === AST_NODE_TYPES.Identifier ? p.key.name : null) === 'timeout',
      );
      if (prop) return isZero(prop.value) || isNothing(prop.value) ? null : prop;
    }
    return null;
  }

  /** The `ClientRequest` an `http(s).request()`/`get()` call returns, named as the code stores it. */
  requestOf(call: TSESTree.CallExpression): SocketRef | null {
    if (!this.resolver.is(call.callee, ['http', 'https'], HTTP_REQUEST_FACTORIES)) return null;
    const ref = new SocketRef(declaredName(call) ?? 'req');
    ref.roots.push(call);
    return ref;
  }

  /**
   * The objects whose timeout a listener on `emitter` answers for: the emitter, the request owning it
   * (`req` of `req.socket`, of `const s = req.socket`, of `req.on('socket', (s) => …)`), and the
   * response beside a server-side request (`res` of `(req, res) => …`).
   */
  ownersOf(emitter: TSESTree.Node): TSESTree.Node[] {
    const expr = unwrap(emitter);
    const found: TSESTree.Node[] = [expr];
    if (expr.type === AST_NODE_TYPES.MemberExpression && SOCKET_FIELDS.has(staticMemberName(expr) ?? '')) {
      found.push(unwrap(expr.object));
    }
    if (expr.type !== AST_NODE_TYPES.Identifier) return found;
    const variable = ASTUtils.findVariable(this.scopeOf(expr), expr);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type === 'Variable' && def.node.init) {
      const init = unwrap(def.node.init);
      if (def.node.id.type === AST_NODE_TYPES.ObjectPattern) found.push(init);
      else if (init.type === AST_NODE_TYPES.MemberExpression && SOCKET_FIELDS.has(staticMemberName(init) ?? '')) {
        found.push(unwrap(init.object));
      }
    } else if (def?.type === 'Parameter' && isFunction(def.node)) {
      const fn = def.node;
      const call = fn.parent;
      const callee = call?.type === AST_NODE_TYPES.CallExpression ? unwrap(call.callee) : null;
      if (
        call?.type === AST_NODE_TYPES.CallExpression &&
        callee?.type === AST_NODE_TYPES.MemberExpression &&
        LISTEN_METHODS.has(staticMemberName(callee) ?? '') &&
        staticString(call.arguments[0]) === 'socket'
      ) {
        found.push(this.chainBase(callee.object));
      }
      const index = fn.params.indexOf(def.name as TSESTree.Parameter);
      const sibling = index === 0 || index === 1 ? fn.params[1 - index] : undefined;
      if (sibling?.type === AST_NODE_TYPES.Identifier && this.owners.of(expr) === 'message') found.push(sibling);
    }
    return found;
  }

  /** What a handler registered by `reg` must close, `fn` being the handler when the file has it. */
  target(reg: TimeoutRegistration, fn: FunctionNode | null): TimeoutTarget {
    const owner = this.owners.of(reg.emitter);
    const emitter = unwrap(reg.emitter);
    const ref = new SocketRef(memberPath(emitter) ?? 'it');
    const paths = new Set<string>();
    const holders = new Set<string>();
    const add = (node: TSESTree.Node): void => {
      const expr = unwrap(node);
      const path = memberPath(expr);
      if (path !== null && path !== 'this') addPaths(paths, path);
      if (expr.type === AST_NODE_TYPES.Identifier) {
        const variable = ASTUtils.findVariable(this.scopeOf(expr), expr);
        if (variable) ref.addVariable(variable);
      } else if (expr.type === AST_NODE_TYPES.MemberExpression && expr.object.type === AST_NODE_TYPES.ThisExpression) {
        const body = enclosingClassBody(expr);
        const field = staticMemberName(expr);
        if (body && field !== null) ref.addField(body, field);
      } else if (expr.type === AST_NODE_TYPES.CallExpression || expr.type === AST_NODE_TYPES.NewExpression) {
        ref.roots.push(expr);
      }
    };
    // On a server, `this` and the emitter are the server; what timed out is the handler's argument.
    if (owner !== 'server') {
      for (const node of this.ownersOf(emitter)) add(node);
      const holder = holderOf(emitter, this.scopeOf);
      if (holder !== null) holders.add(holder);
    }
    let param: TSESTree.Identifier | null = null;
    const bound = boundArgs(reg.handler);
    if (fn) {
      // `onTimeout.bind(null, socket)`: the bound values come first, then what the emitter passes.
      bound.forEach((arg, index) => {
        const variable = this.functions.paramVariable(fn, index);
        if (variable && names(ref, paths, arg)) ref.variables.add(variable);
      });
      const variable = this.functions.paramVariable(fn, bound.length);
      if (variable && (owner === 'server' || owner === 'message')) {
        ref.variables.add(variable);
        param = variable.identifiers[0] ?? null;
      }
    }
    const rebound = bound.thisArg !== null && !names(ref, paths, bound.thisArg);
    let thisIs: TimeoutTarget['thisIs'] = null;
    if (emitter.type === AST_NODE_TYPES.ThisExpression) thisIs = 'class';
    else if (fn && fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && owner !== 'server' && !rebound) thisIs = 'handler';
    const usage = this.usage.usage(ref); // aliases and the parameters of same-file helpers it is passed to
    // `req.socket.destroy()`, also where a helper names `req` otherwise.
    for (const variable of ref.variables) addPaths(paths, variable.name);
    // `const conn = new Connection(socket)`: the wrapper's destroy() is the socket's.
    for (const node of [...usage.handoffs, ...usage.stores]) {
      const holder = heldIn(node);
      if (holder !== null) holders.add(holder);
    }
    if (fn) this.#handlerLocals(fn, thisIs !== null, ref, paths, holders);
    const handlerThis = fn !== null && fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && owner !== 'server' && bound.thisArg === null;
    return {
      owner,
      ref,
      paths,
      holders,
      thisIs,
      handlerThis,
      param,
      forwards: owner === 'message' ? this.#next(emitter) : new Set(),
    };
  }

  verdict(reg: TimeoutRegistration, fn: FunctionNode | null, target: TimeoutTarget): TimeoutVerdict {
    return this.#judge.verdict(reg, fn, target);
  }

  /** The same variable, the same field of one class, or the same path within one function. */
  sameEmitter(a: TSESTree.Node, b: TSESTree.Node): boolean {
    const x = unwrap(a);
    const y = unwrap(b);
    if (x.type === AST_NODE_TYPES.Identifier && y.type === AST_NODE_TYPES.Identifier) {
      const variable = ASTUtils.findVariable(this.scopeOf(x), x);
      return variable !== null && variable === ASTUtils.findVariable(this.scopeOf(y), y);
    }
    const path = memberPath(x);
    if (path === null || path !== memberPath(y)) return false;
    return path.startsWith('this.')
      ? enclosingClassBody(x) === enclosingClassBody(y)
      : enclosingFunction(x) === enclosingFunction(y);
  }

  /** The object a chain of socket calls is made on: `req` in `req.on('error', f).setTimeout(ms)`. */
  chainBase(node: TSESTree.Node): TSESTree.Node {
    let expr = unwrap(node);
    while (expr.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrap(expr.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression || !CHAINABLE_METHODS.has(staticMemberName(callee) ?? '')) break;
      if (this.resolver.resolve(callee)) break; // `net.connect(…)` is a factory, not a chained call
      expr = unwrap(callee.object);
    }
    return expr;
  }

  /**
   * Names the handler gives its target: `const stream = this` in a `function` handler; and the state it
   * reads off it (`const state = this[kState]`, `const { conn } = socket`), whose close-like methods count.
   */
  #handlerLocals(fn: FunctionNode, thisIsTarget: boolean, ref: SocketRef, paths: Set<string>, holders: Set<string>): void {
    walk(fn.body, (node) => {
      if (node.type !== AST_NODE_TYPES.VariableDeclarator || !node.init) return !isFunction(node);
      const init = unwrap(node.init);
      const isTarget = (expr: TSESTree.Node) =>
        (expr.type === AST_NODE_TYPES.ThisExpression && thisIsTarget) || names(ref, paths, expr);
      if (node.id.type === AST_NODE_TYPES.Identifier && isTarget(init)) addPaths(paths, node.id.name);
      else if (init.type === AST_NODE_TYPES.MemberExpression && isTarget(unwrap(init.object))) {
        for (const id of declaredIdentifiers(node.id)) holders.add(id);
      } else if (node.id.type === AST_NODE_TYPES.ObjectPattern && isTarget(init)) {
        for (const id of declaredIdentifiers(node.id)) holders.add(id);
      }
      return true;
    });
  }

  /** `next` of the `(req, res, next)` handler whose request or response `emitter` is. */
  #next(emitter: TSESTree.Node): Set<string> {
    if (emitter.type !== AST_NODE_TYPES.Identifier) return new Set();
    const variable = ASTUtils.findVariable(this.scopeOf(emitter), emitter);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    const next = def?.type === 'Parameter' && isFunction(def.node) ? def.node.params[2] : undefined;
    return next?.type === AST_NODE_TYPES.Identifier ? new Set([next.name]) : new Set();
  }

  /** A function where a timeout is expected: `timers.setTimeout(onTimer, ms)`, `(fn.bind(x), ms)`. */
  #isCallback(node: TSESTree.Node): boolean {
    return isFunction(unwrap(node)) || this.functions.resolve(node) !== null;
  }

  #objectLiteral(node: TSESTree.Node): TSESTree.ObjectExpression | null {
    let expr = unwrap(node);
    if (expr.type === AST_NODE_TYPES.Identifier) {
      const variable = ASTUtils.findVariable(this.scopeOf(expr), expr);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (def?.type !== 'Variable' || def.parent.kind !== 'const' || !def.node.init) return null;
      expr = unwrap(def.node.init);
    }
    return expr.type === AST_NODE_TYPES.ObjectExpression ? expr : null;
  }
}

/** A socket's path, with the ways to reach it from what owns it: `req`, `req.socket`, `req.connection`. */
function addPaths(paths: Set<string>, path: string): void {
  for (const suffix of ['', ...[...SOCKET_FIELDS].map((f) => `.${f}`)]) paths.add(path + suffix);
}

/** What the emitter was taken from: `self` of `self.req`, `this` of `this.socket`, `ref` of `ref.deref()`. */
function holderOf(emitter: TSESTree.Node, scopeOf: (node: TSESTree.Node) => Scope): string | null {
  let source: TSESTree.Node = emitter;
  if (emitter.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(scopeOf(emitter), emitter);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Variable' || !def.node.init || def.node.id.type !== AST_NODE_TYPES.Identifier) return null;
    source = unwrap(def.node.init);
    if (source.type === AST_NODE_TYPES.CallExpression) source = unwrap(source.callee);
  }
  return source.type === AST_NODE_TYPES.MemberExpression ? memberPath(source.object) : null;
}

/** Where a call that took the socket keeps its result: `conn` in `const conn = new Connection(socket)`. */
function heldIn(node: TSESTree.Node): string | null {
  const call = node.type === AST_NODE_TYPES.Property ? node.parent?.parent : node;
  if (call?.type !== AST_NODE_TYPES.NewExpression && call?.type !== AST_NODE_TYPES.CallExpression) return null;
  const parent = climb(call).parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    return parent.id.name;
  }
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression) return memberPath(parent.left);
  return null;
}

function declaredIdentifiers(pattern: TSESTree.Node): string[] {
  const found: string[] = [];
  walk(pattern, (node) => {
    if (node.type === AST_NODE_TYPES.Identifier && node.parent?.type !== AST_NODE_TYPES.MemberExpression) {
      const parent = node.parent;
      // `{ key: value }`: the value is declared, the key is not.
      if (!(parent?.type === AST_NODE_TYPES.Property && parent.key === node && !parent.shorthand)) found.push(node.name);
    }
    return true;
  });
  return found;
}
