import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction } from '../util/enclosing-function.js';
import { isFunction, type FunctionNode } from '../util/is-function.js';
import { memberKeyName, nameOf, staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { walk } from '../util/walk.js';
import { isCall, lastAssignmentBefore } from '../util/field-assignments.js';
import { enclosingClassBody, type FunctionResolver } from './functions.js';
import type { NodeResolver } from './resolve.js';
import type { SiteFinder } from './sites.js';
import {
  CHAINABLE_METHODS,
  CLIENT_SOCKET_FACTORIES,
  HTTP_REQUEST_FACTORIES,
  HTTP_SERVER_FACTORIES,
  HTTP_SERVER_MODULES,
  LISTEN_METHODS,
} from './sockets.js';
import type { TypeInfo } from './types.js';

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

/**
 * What a stream expression is: a TCP/TLS `socket`, an HTTP `message` (`IncomingMessage`,
 * `ServerResponse`, `ClientRequest`, each bound to a socket), or a stream of some `other` kind (a file,
 * zlib, a transform, `process.stdout`).
 */
export type StreamKind = 'socket' | 'message' | 'other';

/**
 * Which end of an HTTP exchange a message belongs to: the `server`'s request and response of a handler,
 * or the `client`'s `ClientRequest` and the response it gets.
 */
export type MessageSide = 'server' | 'client';

const SOCKET_TYPES = ['net:Socket', 'tls:TLSSocket'] as const;
const SOCKET_CLASS_NAMES: ReadonlySet<string> = new Set(['Socket', 'Stream', 'TLSSocket']);
const MESSAGE_CLASS_NAMES: ReadonlySet<string> = new Set(['IncomingMessage', 'ServerResponse', 'ClientRequest', 'OutgoingMessage']);
const MESSAGE_TYPES = ['http:IncomingMessage', 'http:ServerResponse', 'http:ClientRequest', 'http:OutgoingMessage'] as const;
/** Types that say nothing either way: an upgrade listener's socket is typed `stream.Duplex`. */
const GENERIC_TYPES: ReadonlySet<string> = new Set([
  'stream:Duplex',
  'stream:Readable',
  'stream:Writable',
  'stream:Stream',
  'stream:internal',
  'stream:ReadableStream',
  'stream:WritableStream',
  'events:EventEmitter',
  'events:internal',
]);

/** Names code gives sockets whose origin it does not show: `socket`, `clientSocket`, `proxy_socket`. */
const SOCKET_NAME = /^(?:sock|socket)$|[a-z0-9_]Socket$|_socket$/;
const NOT_SOCKET_NAME = /web_?socket$/i;
/** Names of HTTP messages: `req`, `res`, `proxyReq`, `upstreamResponse`. */
const MESSAGE_NAME = /^(?:req|request|res|response|resp)$|[a-z0-9](?:Req|Request|Res|Response|Resp)$/;

/** Listener events whose first parameter is an HTTP message (`'response'`) or that bring one with a socket. */
const MESSAGE_EVENTS: ReadonlySet<string> = new Set(['request', 'response', 'upgrade', 'connect', 'checkContinue']);

/**
 * Tells sockets and HTTP messages from other streams: by where they come from (`net.connect()`, a
 * server's connection listener, an `'upgrade'`/`'connect'` listener, `http.request()`, an http server's
 * handler), by type when type information is present, and — for parameters and values whose origin the
 * file does not show — by the names code gives them.
 */
export class StreamKindFinder {
  readonly #sockets = new Set<Variable>();
  readonly #messages = new Set<Variable>();
  readonly #partners = new Map<Variable, Variable>();
  readonly #sides = new Map<Variable, MessageSide>();

  constructor(
    private readonly resolver: NodeResolver,
    private readonly functions: FunctionResolver,
    private readonly sites: SiteFinder,
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
    private readonly types: TypeInfo | null,
  ) {}

  /** Learns the sockets and messages a call hands to listeners. Call it for every call and `new` of the file. */
  collect(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
    for (const site of this.sites.sitesOf(node)) {
      if (!('ref' in site)) continue;
      for (const variable of site.ref.variables) this.#sockets.add(variable);
      if (site.fn && (site.kind === 'upgrade' || site.kind === 'client-upgrade')) {
        this.#addParam(site.fn, site.offset ?? 0, this.#messages);
      }
    }
    this.#collectMessages(node);
  }

  kind(node: TSESTree.Node, depth = 0): StreamKind | null {
    const expr = unwrap(node);
    const typed = this.#typedKind(expr);
    if (typed === 'socket' || typed === 'message') return typed;
    const known = depth > 6 ? null : this.#originKind(expr, depth);
    if (known) return known;
    if (typed === 'other') return 'other';
    return nameKind(expr);
  }

  #typedKind(expr: TSESTree.Node): StreamKind | null {
    if (!this.types) return null;
    const types = this.types.nodeTypes(expr);
    if (types.size === 0) return null;
    if (SOCKET_TYPES.some((t) => types.has(t))) return 'socket';
    if (MESSAGE_TYPES.some((t) => types.has(t))) return 'message';
    for (const type of types) if (!GENERIC_TYPES.has(type)) return 'other';
    return null;
  }

  #originKind(expr: TSESTree.Node, depth: number): StreamKind | null {
    switch (expr.type) {
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression: {
        const callee = unwrap(expr.callee);
        const ref = this.resolver.resolve(callee);
        if (ref) {
          const name = ref.path.length === 1 ? ref.path[0]! : '';
          if (ref.module === 'net' || ref.module === 'tls') {
            return (CLIENT_SOCKET_FACTORIES[ref.module] as readonly string[]).includes(name) ? 'socket' : 'other';
          }
          if ((HTTP_SERVER_MODULES as readonly string[]).includes(ref.module) && HTTP_REQUEST_FACTORIES.includes(name)) {
            return 'message';
          }
          return 'other';
        }
        if (expr.type === AST_NODE_TYPES.CallExpression && callee.type === AST_NODE_TYPES.MemberExpression) {
          const method = staticMemberName(callee) ?? '';
          // `a.pipe(b)` returns `b`; `socket.on(…)`, `socket.setTimeout(…)` return the socket.
          if (method === 'pipe' && expr.arguments[0]) return this.kind(expr.arguments[0], depth + 1);
          if (CHAINABLE_METHODS.has(method)) return this.kind(callee.object, depth + 1);
        }
        return null;
      }
      case AST_NODE_TYPES.Identifier: {
        const variable = ASTUtils.findVariable(this.scopeOf(expr), expr);
        if (!variable) return null;
        if (this.#sockets.has(variable)) return 'socket';
        if (this.#messages.has(variable)) return 'message';
        const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
        // `(client: net.Socket)`, `let res: ServerResponse`: the annotation says it, even without types.
        const annotated = def ? this.#annotationKind(def.name) : null;
        if (annotated) return annotated;
        if (def?.type === 'Parameter' && isFunction(def.node)) return this.#argumentKind(def.node, def.name, depth);
        if (def?.type !== 'Variable' || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return null;
        if (variable.references.some((r) => r.isWrite() && !r.init)) return null;
        return this.kind(def.node.init, depth + 1);
      }
      case AST_NODE_TYPES.MemberExpression: {
        const name = staticMemberName(expr);
        const object = unwrap(expr.object);
        if (object.type === AST_NODE_TYPES.Identifier && object.name === 'process') return 'other';
        if (object.type === AST_NODE_TYPES.ThisExpression && name !== null) return this.#fieldKind(expr, name, depth);
        // `req.socket`, `res.connection`: the message's own socket.
        if ((name === 'socket' || name === 'connection') && this.kind(object, depth + 1) === 'message') return 'socket';
        return null;
      }
      default:
        return null;
    }
  }

  /** `function bridge(from, to)` called as `bridge(client, net.connect(…))` in the same file. */
  #argumentKind(fn: FunctionNode, param: TSESTree.Node, depth: number): StreamKind | null {
    const index = fn.params.findIndex(
      (p) => p === param || (p.type === AST_NODE_TYPES.AssignmentPattern && p.left === param),
    );
    const id =
      fn.id ??
      (fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier
        ? fn.parent.id
        : null);
    if (index < 0 || !id || depth > 3) return null;
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    let found: StreamKind | null = null;
    for (const reference of variable?.references ?? []) {
      const call = reference.identifier.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== reference.identifier) continue;
      const argument = call.arguments[index];
      const kind = argument && argument.type !== AST_NODE_TYPES.SpreadElement ? this.kind(argument, depth + 2) : null;
      if (kind === 'socket') return kind;
      found ??= kind === 'message' ? kind : null;
    }
    return found;
  }

  /** The kind a TypeScript annotation names: `Socket` from 'net', `tls.TLSSocket`, `http.IncomingMessage`. */
  #annotationKind(id: TSESTree.Node): StreamKind | null {
    const annotation = 'typeAnnotation' in id ? id.typeAnnotation : undefined;
    if (annotation?.type !== AST_NODE_TYPES.TSTypeAnnotation) return null;
    const type = annotation.typeAnnotation;
    if (type.type !== AST_NODE_TYPES.TSTypeReference) return null;
    const name = type.typeName;
    let ref: { module: string; name: string } | null = null;
    if (name.type === AST_NODE_TYPES.Identifier) {
      const resolved = this.resolver.resolve(name);
      if (resolved?.path.length === 1) ref = { module: resolved.module, name: resolved.path[0]! };
    } else if (name.type === AST_NODE_TYPES.TSQualifiedName && name.left.type === AST_NODE_TYPES.Identifier) {
      const resolved = this.resolver.resolve(name.left);
      if (resolved?.path.length === 0) ref = { module: resolved.module, name: name.right.name };
    }
    if (!ref) return null;
    if ((ref.module === 'net' || ref.module === 'tls') && SOCKET_CLASS_NAMES.has(ref.name)) return 'socket';
    if ((HTTP_SERVER_MODULES as readonly string[]).includes(ref.module) && MESSAGE_CLASS_NAMES.has(ref.name)) {
      return 'message';
    }
    return null;
  }

  /** `this.upstream`, from what the class assigns to it or the type it declares. */
  #fieldKind(member: TSESTree.MemberExpression, name: string, depth: number): StreamKind | null {
    const body = enclosingClassBody(member);
    if (!body) return null;
    // `this.outWriter = this.deflater; this.outWriter.pipe(this.conn)`: the assignment just before, in the
    // same function, says what the field holds here (nsqjs).
    const recent = lastAssignmentBefore(member, name);
    if (recent) return this.kind(recent, depth + 1);
    const values: TSESTree.Node[] = [];
    for (const element of body.body) {
      // `private readonly upstream: net.Socket`, `constructor(private client: Socket)`
      if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.computed && memberKeyName(element) === name) {
        const annotated = this.#annotationKind(element);
        if (annotated) return annotated;
      }
      if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
        for (const param of element.value.params) {
          if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
          const target = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
          if (target.type === AST_NODE_TYPES.Identifier && target.name === name) {
            const annotated = this.#annotationKind(target);
            if (annotated) return annotated;
          }
        }
      }
    }
    walk(body, (node) => {
      if (
        node.type === AST_NODE_TYPES.AssignmentExpression &&
        node.left.type === AST_NODE_TYPES.MemberExpression &&
        node.left.object.type === AST_NODE_TYPES.ThisExpression &&
        staticMemberName(node.left) === name
      ) {
        values.push(node.right);
      } else if (
        node.type === AST_NODE_TYPES.PropertyDefinition &&
        node.value &&
        !node.computed &&
        memberKeyName(node) === name
      ) {
        values.push(node.value);
      }
      return true;
    });
    // A field that holds a socket at one time and a zlib stream at another (nsqjs's `outWriter`) is neither.
    // (`zlib.createDeflateRaw()` is a call of unknown kind beside a known socket: something else.)
    const all = values.map((v) => this.kind(v, depth + 1));
    const kinds = new Set(all.filter((k) => k !== null));
    const otherCall = values.some((v, i) => all[i] === null && isCall(unwrap(v)));
    if (kinds.size === 0) return null;
    return kinds.size === 1 && !otherCall ? [...kinds][0]! : 'other';
  }

  /** The parameters of an http server's handler, a `'request'`/`'response'` listener, `http.get(url, cb)`. */
  #collectMessages(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
    const callee = unwrap(node.callee);
    const ref = this.resolver.resolve(callee);
    if (ref && (HTTP_SERVER_MODULES as readonly string[]).includes(ref.module) && ref.path.length === 1) {
      const name = ref.path[0]!;
      const handler = node.arguments.map((a) => this.functions.resolve(a)).find(isFunction);
      if (!handler) return;
      if (HTTP_SERVER_FACTORIES.includes(name)) {
        this.#addRequestPair(handler);
      } else if (HTTP_REQUEST_FACTORIES.includes(name)) {
        this.#addParam(handler, 0, this.#messages);
        this.#addResponse(handler, assignedVariable(node, this.scopeOf));
      }
      return;
    }
    if (node.type !== AST_NODE_TYPES.CallExpression || callee.type !== AST_NODE_TYPES.MemberExpression) return;
    if (!LISTEN_METHODS.has(staticMemberName(callee) ?? '')) return;
    const event = staticString(node.arguments[0]);
    if (event === null || !MESSAGE_EVENTS.has(event)) return;
    const fn = this.functions.resolve(node.arguments[1]);
    if (!fn) return;
    if (event === 'request' || event === 'checkContinue') this.#addRequestPair(fn);
    else this.#addParam(fn, 0, this.#messages);
    // `proxyReq.on('response', (proxyRes) => …)`: the response of a request made in this file.
    const emitter = unwrap(callee.object);
    if (event === 'response' && emitter.type === AST_NODE_TYPES.Identifier && this.side(emitter) === 'client') {
      this.#addResponse(fn, ASTUtils.findVariable(this.scopeOf(emitter), emitter));
    }
  }

  /**
   * The side of the exchange an HTTP message is on, from where it comes from (a server handler's
   * parameters, `http.request()`, its response callback or `'response'` listener) or, with types, from
   * `ServerResponse` / `ClientRequest`. Never from a name: `(req, res)` of a framework says nothing.
   */
  side(node: TSESTree.Node, depth = 0): MessageSide | null {
    const expr = unwrap(node);
    const types = this.types?.nodeTypes(expr);
    if (types?.has('http:ServerResponse')) return 'server';
    if (types?.has('http:ClientRequest')) return 'client';
    if (depth > 6) return null;
    if (expr.type === AST_NODE_TYPES.Identifier) {
      const variable = ASTUtils.findVariable(this.scopeOf(expr), expr);
      if (!variable) return null;
      const known = this.#sides.get(variable);
      if (known) return known;
      const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
      if (def?.type !== 'Variable' || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return null;
      if (variable.references.some((r) => r.isWrite() && !r.init)) return null;
      return this.side(def.node.init, depth + 1);
    }
    if (expr.type !== AST_NODE_TYPES.CallExpression && expr.type !== AST_NODE_TYPES.NewExpression) return null;
    const callee = unwrap(expr.callee);
    const ref = this.resolver.resolve(callee);
    if (ref) {
      const isRequest =
        (HTTP_SERVER_MODULES as readonly string[]).includes(ref.module) &&
        ref.path.length === 1 &&
        HTTP_REQUEST_FACTORIES.includes(ref.path[0]!);
      return isRequest ? 'client' : null;
    }
    if (expr.type === AST_NODE_TYPES.CallExpression && callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = staticMemberName(callee) ?? '';
      if (method === 'pipe' && expr.arguments[0]) return this.side(expr.arguments[0], depth + 1);
      if (CHAINABLE_METHODS.has(method)) return this.side(callee.object, depth + 1);
    }
    return null;
  }

  /**
   * The request and response of one exchange share a socket: a client that goes away is told on either
   * (`req.on('close')`, `res.on('close')`), so a listener on one stands for the other. The same holds for
   * a `ClientRequest` and its response: destroying `proxyReq` destroys `proxyRes`.
   */
  partner(variable: Variable): Variable | null {
    const known = this.#partners.get(variable);
    if (known) return known;
    // An express/koa-style `(req, res)` handler the file does not register with an http server.
    const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Parameter' || !isFunction(def.node)) return null;
    const [first, second] = def.node.params;
    if (first?.type !== AST_NODE_TYPES.Identifier || second?.type !== AST_NODE_TYPES.Identifier) return null;
    if (!/^req(?:uest)?$/.test(first.name) || !/^res(?:ponse)?$/.test(second.name)) return null;
    if (def.name !== first && def.name !== second) return null;
    return this.functions.paramVariable(def.node, def.name === first ? 1 : 0);
  }

  #addRequestPair(fn: FunctionNode): void {
    this.#addParam(fn, 0, this.#messages);
    this.#addParam(fn, 1, this.#messages);
    const req = this.functions.paramVariable(fn, 0);
    const res = this.functions.paramVariable(fn, 1);
    if (req) this.#sides.set(req, 'server');
    if (res) this.#sides.set(res, 'server');
    if (req && res) {
      this.#partners.set(req, res);
      this.#partners.set(res, req);
    }
  }

  /** The response parameter of `http.request(…, (proxyRes) => …)`, and the request it answers. */
  #addResponse(fn: FunctionNode, request: Variable | null): void {
    const res = this.functions.paramVariable(fn, 0);
    if (!res || this.#sockets.has(res)) return;
    this.#sides.set(res, 'client');
    if (request && !this.#partners.has(request)) {
      this.#partners.set(request, res);
      this.#partners.set(res, request);
    }
  }

  #addParam(fn: FunctionNode, index: number, into: Set<Variable>): void {
    const variable = this.functions.paramVariable(fn, index);
    if (variable && !this.#sockets.has(variable)) into.add(variable);
  }
}

/** `proxyReq` of `const proxyReq = http.request(…)`. */
function assignedVariable(node: TSESTree.Node, scopeOf: (node: TSESTree.Node) => Scope): Variable | null {
  const parent = node.parent;
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== node) return null;
  if (parent.id.type !== AST_NODE_TYPES.Identifier) return null;
  return ASTUtils.findVariable(scopeOf(parent.id), parent.id);
}

function nameKind(expr: TSESTree.Node): StreamKind | null {
  const name = nameOf(expr);
  if (name === null) return null;
  if (SOCKET_NAME.test(name) && !NOT_SOCKET_NAME.test(name)) return 'socket';
  if (MESSAGE_NAME.test(name)) return 'message';
  return null;
}
