import { builtinModules } from 'node:module';

import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { isFunction, type FunctionNode } from '../util/is-function.js';
import { staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { enclosingClassBody } from './functions.js';
import type { NodeResolver } from './resolve.js';
import { fieldAssignment, type SiteFinder } from './sites.js';
import {
  CHAINABLE_METHODS,
  HTTP_REQUEST_FACTORIES,
  LISTEN_METHODS,
  TIMEOUT_SERVER_FACTORIES,
  TIMEOUT_SOCKET_FACTORIES,
} from './sockets.js';
import { SOCKET_TYPES, type TypeInfo } from './types.js';

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

/**
 * Who answers for an object's idle timeout (Node docs, net `socket.setTimeout()`, http `server.timeout`;
 * lib/_http_server.js `socketOnTimeout`):
 * - `server`: an http(s) or http2 server. A 'timeout' listener on it receives the timed-out socket (the
 *   http2 session) and replaces core's destroy; that includes the keep-alive timeout, which is the same
 *   socket timeout;
 * - `message`: a server-side request or response: the same, its listener receives the socket;
 * - `managed`: a socket an http server still runs (`req.socket`, a `'connection'` socket): core's own
 *   'timeout' listener destroys it whatever else listens on the socket;
 * - `request`: a `ClientRequest`; `socket`: a net/tls socket, an upgrade socket (the http server removed
 *   its listener), an http2 session or stream. Their 'timeout' only notifies;
 * - `unknown`.
 */
export type TimeoutOwner = 'server' | 'message' | 'managed' | 'request' | 'socket' | 'unknown';

/** `req.socket`, and the deprecated `req.connection`. */
export const SOCKET_FIELDS: ReadonlySet<string> = new Set(['socket', 'connection']);

/** Events whose listener receives a server-side request and response first. */
const REQUEST_EVENTS: ReadonlySet<string> = new Set(['request', 'checkContinue', 'checkExpectation']);
/** Events whose listener receives a socket-like object first: a ClientRequest's, an http2 stream or session. */
const SOCKET_EVENTS: ReadonlySet<string> = new Set(['socket', 'stream', 'session']);

const SERVER_NAME = /server$|^srv$/i;
const REQUEST_NAME = /^(?:req|request)$/i;
const RESPONSE_NAME = /^(?:res|response)$/i;
/** Names under which code keeps what emits 'timeout', when nothing else tells what an object is. */
const TIMEOUT_EMITTER_NAME =
  /sock|^conn$|connection$|^req$|request$|^res$|response$|^client[A-Z_]?req|upstream|downstream|session|stream$|tunnel|duplex|server$|^srv$/i;

/** Names under which code keeps an http server's request or response, or what wraps one (koa's `ctx`). */
const MESSAGE_HOLDER_NAME =
  /^(?:req|request|res|response|raw|ctx|context|msg|message|incoming)$|(?:Req|Request|Res|Response|Message)$/;

const SERVER_TYPES = ['http:Server', 'https:Server', 'http2:Http2Server', 'http2:Http2SecureServer'];
const REQUEST_TYPES = ['http:ClientRequest'];
const MESSAGE_TYPES = ['http:IncomingMessage', 'http:ServerResponse', 'http:OutgoingMessage'];
const SOCKET_LIKE_TYPES = [...SOCKET_TYPES, 'http2:Http2Session', 'http2:Http2Stream'];

export class TimeoutOwners {
  constructor(
    private readonly resolver: NodeResolver,
    private readonly sites: SiteFinder,
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
    private readonly types: TypeInfo | null,
  ) {}

  /** Who answers for the idle timeout of `node` (already past chained calls). */
  of(node: TSESTree.Node, depth = 0): TimeoutOwner {
    const expr = unwrap(node);
    const found = depth > 6 ? 'unknown' : this.#syntactic(expr, depth);
    if (found !== 'unknown') return found;
    const typed = this.#typed(expr);
    if (typed) return typed;
    return SERVER_NAME.test(lastName(expr) ?? '') ? 'server' : 'unknown';
  }

  /**
   * Whether a 'timeout' handler registered on `node` is worth judging: its owner is known; or `timed` (a
   * `setTimeout()` call on it, so it is a socket or request) or its name says it is a socket, request or
   * server. `x.socket` of an `x` we cannot place is a socket (a pool's `conn.socket`), but not when `x` is
   * named like a request or response: it may be an http server's own socket. `x.connection` only when
   * timed: mongoose and others name their own emitters so. With type information, not an object whose
   * type is not Node's (an app's own EventEmitter).
   */
  plausible(node: TSESTree.Node, owner: TimeoutOwner, timed: boolean): boolean {
    if (this.foreign(node)) return false;
    if (owner !== 'unknown') return true;
    const expr = unwrap(node);
    if (expr.type === AST_NODE_TYPES.MemberExpression && expr.object.type !== AST_NODE_TYPES.ThisExpression) {
      const field = staticMemberName(expr) ?? '';
      if (SOCKET_FIELDS.has(field)) return (field === 'socket' || timed) && !servedMessage(expr.object);
    }
    return timed || (TIMEOUT_EMITTER_NAME.test(lastName(expr) ?? '') && !this.#madeElsewhere(expr));
  }

  /** Typed, and as something none of Node's timeout emitters is (an app's own EventEmitter). */
  foreign(node: TSESTree.Node): boolean {
    if (!this.types) return false;
    const types = this.types.nodeTypes(unwrap(node));
    return types.size > 0 && this.#typed(unwrap(node)) === null;
  }

  #syntactic(expr: TSESTree.Node, depth: number): TimeoutOwner {
    switch (expr.type) {
      case AST_NODE_TYPES.ThisExpression:
        return this.#classOwner(expr);
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        return this.#callOwner(expr, depth);
      case AST_NODE_TYPES.Identifier:
        return this.#variableOwner(expr, depth);
      case AST_NODE_TYPES.MemberExpression:
        if (expr.object.type === AST_NODE_TYPES.ThisExpression) {
          const assigned = fieldAssignment(expr);
          return assigned ? this.of(assigned, depth + 1) : 'unknown';
        }
        return SOCKET_FIELDS.has(staticMemberName(expr) ?? '') ? this.#socketOf(expr.object, depth) : 'unknown';
      default:
        return 'unknown';
    }
  }

  #callOwner(call: TSESTree.CallExpression | TSESTree.NewExpression, depth: number): TimeoutOwner {
    const cls = call.type === AST_NODE_TYPES.NewExpression ? this.#sameFileClass(call.callee) : null;
    if (cls) return this.#extendsOwner(cls);
    const ref = this.resolver.resolve(call.callee);
    if (ref && ref.path.length === 1) {
      const name = ref.path[0]!;
      if (TIMEOUT_SERVER_FACTORIES[ref.module]?.includes(name)) return 'server';
      if ((ref.module === 'http' || ref.module === 'https') && HTTP_REQUEST_FACTORIES.includes(name)) return 'request';
      if (TIMEOUT_SOCKET_FACTORIES[ref.module]?.includes(name)) return 'socket';
      return 'unknown';
    }
    const callee = unwrap(call.callee);
    if (call.type !== AST_NODE_TYPES.CallExpression || callee.type !== AST_NODE_TYPES.MemberExpression) return 'unknown';
    const method = staticMemberName(callee) ?? '';
    // `app.listen(port)` returns the http server it started (express, koa); net servers have no timeouts.
    if (method === 'listen') {
      const base = this.of(callee.object, depth + 1);
      return base === 'unknown' ? 'server' : base;
    }
    if (CHAINABLE_METHODS.has(method)) return this.of(callee.object, depth + 1);
    return 'unknown';
  }

  #variableOwner(id: TSESTree.Identifier, depth: number): TimeoutOwner {
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    if (!variable || variable.defs.length !== 1) return 'unknown';
    const def = variable.defs[0]!;
    if (def.type === 'Parameter') return this.#parameterOwner(variable, def.node, depth);
    if (def.type !== 'Variable') return 'unknown';
    // `const { socket } = req`
    if (def.node.id.type === AST_NODE_TYPES.ObjectPattern) {
      const socket = def.node.id.properties.some(
        (p) =>
          p.type === AST_NODE_TYPES.Property &&
          p.value === def.name &&
          p.key.type === AST_NODE_TYPES.Identifier &&
          SOCKET_FIELDS.has(p.key.name),
      );
      return socket && def.node.init ? this.#socketOf(def.node.init, depth) : 'unknown';
    }
    // `const req = http.get(…)`, also `let req; … req = http.get(…)`: one value, whatever the statement.
    const values = variable.references.flatMap((r) => (r.writeExpr ? [r.writeExpr] : []));
    return values.length === 1 ? this.of(values[0]!, depth + 1) : 'unknown';
  }

  #parameterOwner(variable: Variable, fnNode: TSESTree.Node, depth: number): TimeoutOwner {
    if (!isFunction(fnNode)) return 'unknown';
    const fn: FunctionNode = fnNode;
    const index = fn.params.findIndex((p) => declares(p, variable));
    const call = fn.parent;
    if (call?.type === AST_NODE_TYPES.CallExpression && call.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
      // Sites node-api knows: a net/tls connection listener's socket, an upgrade/CONNECT listener's.
      for (const site of this.sites.sitesOf(call)) {
        if ('ref' in site && site.ref.variables.has(variable)) return 'socket';
      }
      const callee = unwrap(call.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? staticMemberName(callee) : null;
      const event = method !== null && LISTEN_METHODS.has(method) ? staticString(call.arguments[0]) : null;
      if (event !== null && callee.type === AST_NODE_TYPES.MemberExpression) {
        if (SOCKET_EVENTS.has(event) && index === 0) return 'socket';
        // An http server's 'connection' socket: its own 'timeout' listener stays, whoever else listens.
        if (event === 'connection' || event === 'secureConnection') {
          return this.of(callee.object, depth + 1) === 'server' ? 'managed' : 'socket';
        }
        if (REQUEST_EVENTS.has(event) && index < 2) return 'message';
      } else if (index < 2 && this.#callOwner(call, depth) === 'server') {
        return 'message'; // `http.createServer((req, res) => …)`
      }
    }
    // Express-style handlers and middleware: `(req, res)`, `(req, res, next)`.
    const [first, second] = fn.params;
    const named = (p: TSESTree.Parameter | undefined, pattern: RegExp) =>
      p?.type === AST_NODE_TYPES.Identifier && pattern.test(p.name);
    return index < 2 && named(first, REQUEST_NAME) && named(second, RESPONSE_NAME) ? 'message' : 'unknown';
  }

  /** The socket of `owner` (`owner.socket`): an http server's own while `owner` is its request. */
  #socketOf(owner: TSESTree.Node, depth: number): TimeoutOwner {
    const of = this.of(owner, depth + 1);
    if (of === 'message') return 'managed';
    return of === 'request' || of === 'socket' ? 'socket' : 'unknown';
  }

  /** `this` in a class that extends a Node socket or request. */
  #classOwner(node: TSESTree.ThisExpression): TimeoutOwner {
    // Inside a `function` that is not a method, `this` is whatever calls it.
    let fn: TSESTree.Node | undefined = node.parent;
    while (fn && !(isFunction(fn) && fn.type !== AST_NODE_TYPES.ArrowFunctionExpression)) fn = fn.parent;
    const method = fn?.parent;
    if (method?.type !== AST_NODE_TYPES.MethodDefinition && method?.type !== AST_NODE_TYPES.PropertyDefinition) {
      return 'unknown';
    }
    const body = enclosingClassBody(node);
    return body ? this.#extendsOwner(body.parent) : 'unknown';
  }

  /** What instances of a class are by what it extends: `class Conn extends net.Socket` makes sockets. */
  #extendsOwner(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): TimeoutOwner {
    const ref = cls.superClass ? this.resolver.resolve(cls.superClass) : null;
    if (ref?.path.length === 1) {
      const name = ref.path[0]!;
      if (TIMEOUT_SOCKET_FACTORIES[ref.module]?.includes(name)) return 'socket';
      if (TIMEOUT_SERVER_FACTORIES[ref.module]?.includes(name)) return 'server';
      if (ref.module === 'http' && name === 'ClientRequest') return 'request';
    }
    return 'unknown';
  }

  /**
   * Made by code that is not Node's: `new GameSocket()` of a same-file class that extends no Node socket,
   * or a call into an npm package (`mysql.createConnection()`). A name like `conn` says nothing then.
   */
  #madeElsewhere(expr: TSESTree.Node): boolean {
    if (expr.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = ASTUtils.findVariable(this.scopeOf(expr), expr);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    // `const { socket } = await SocksClient.createConnection(…)` hands out a Node socket it made.
    if (def?.type !== 'Variable' || !def.node.init || def.node.id.type !== AST_NODE_TYPES.Identifier) return false;
    let init = unwrap(def.node.init);
    if (init.type === AST_NODE_TYPES.AwaitExpression) init = unwrap(init.argument);
    if (init.type !== AST_NODE_TYPES.CallExpression && init.type !== AST_NODE_TYPES.NewExpression) return false;
    if (init.type === AST_NODE_TYPES.NewExpression && this.#sameFileClass(init.callee)) return true;
    let root = unwrap(init.callee);
    while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrap(root.object);
    const specifier = root.type === AST_NODE_TYPES.Identifier ? this.#importedFrom(root) : null;
    return specifier !== null && isPackage(specifier);
  }

  #sameFileClass(node: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
    const expr = unwrap(node);
    if (expr.type !== AST_NODE_TYPES.Identifier) return null;
    const variable = ASTUtils.findVariable(this.scopeOf(expr), expr);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    return def?.type === 'ClassName' ? def.node : null;
  }

  /** The specifier an identifier was imported or required from: `mysql` of `require('mysql')`. */
  #importedFrom(id: TSESTree.Identifier): string | null {
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type === 'ImportBinding') {
      const source = (def.node.parent as TSESTree.ImportDeclaration).source.value;
      return typeof source === 'string' ? source : null;
    }
    if (def?.type !== 'Variable' || !def.node.init) return null;
    let init = unwrap(def.node.init);
    while (init.type === AST_NODE_TYPES.MemberExpression) init = unwrap(init.object);
    if (init.type !== AST_NODE_TYPES.CallExpression) return null;
    const callee = unwrap(init.callee);
    return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'require' ? staticString(init.arguments[0]) : null;
  }

  #typed(expr: TSESTree.Node): Exclude<TimeoutOwner, 'unknown' | 'managed'> | null {
    if (!this.types) return null;
    const types = this.types.nodeTypes(expr);
    if (types.size === 0) return null;
    const has = (names: readonly string[]) => names.some((name) => types.has(name));
    if (has(SERVER_TYPES)) return 'server';
    if (has(REQUEST_TYPES)) return 'request';
    if (has(MESSAGE_TYPES)) return 'message';
    if (has(SOCKET_LIKE_TYPES)) return 'socket';
    return null;
  }
}

/** An npm package: not relative, not absolute, not one of Node's built-in modules. */
function isPackage(specifier: string): boolean {
  if (/^[./]/.test(specifier) || specifier.startsWith('node:')) return false;
  return !builtinModules.includes(specifier);
}

/** The last name in `socket`, `this.socket`, `conn.stream`; null for anything else. */
function lastName(node: TSESTree.Node): string | null {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression) return staticMemberName(node);
  return null;
}

/** Whether a name in `node` (`request.raw`, `ctx.req`) may be a request or response an http server runs. */
function servedMessage(node: TSESTree.Node): boolean {
  let expr = unwrap(node);
  for (;;) {
    if (MESSAGE_HOLDER_NAME.test(lastName(expr) ?? '')) return true;
    if (expr.type !== AST_NODE_TYPES.MemberExpression) return false;
    expr = unwrap(expr.object);
  }
}

function declares(param: TSESTree.Parameter, variable: Variable): boolean {
  let target: TSESTree.Node = param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
  if (target.type === AST_NODE_TYPES.AssignmentPattern) target = target.left;
  return target.type === AST_NODE_TYPES.Identifier && variable.identifiers.includes(target);
}
