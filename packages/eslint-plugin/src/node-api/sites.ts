import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { boundArguments } from '../util/bound-arguments.js';
import type { FunctionNode } from '../util/is-function.js';
import { memberKeyName, staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { walk } from '../util/walk.js';
import { enclosingClassBody, type FunctionResolver } from './functions.js';
import type { NodeResolver } from './resolve.js';
import { SocketRef } from './socket-ref.js';
import {
  CLIENT_SOCKET_FACTORIES,
  HANDOVER_EVENTS,
  HTTP_MESSAGE_PARAM,
  HTTP_REQUEST_FACTORIES,
  HTTP_SERVER_FACTORIES,
  HTTP_SERVER_MODULES,
  LISTEN_METHODS,
  RESPONSE_PARAM,
  SOCKET_SERVER_FACTORIES,
} from './sockets.js';
import { SOCKET_TYPES, type TypeInfo } from './types.js';

type Scope = TSESLint.Scope.Scope;

/**
 * Where a socket comes from:
 * - `server`: the socket a net/tls server hands its connection listener;
 * - `client`: `net.connect()`, `net.createConnection()`, `tls.connect()`, `new net.Socket()`;
 * - `upgrade`: the raw socket an http(s) server hands its `'upgrade'`/`'connect'` listener (half-open);
 * - `client-upgrade`: the socket a `ClientRequest` hands its `'upgrade'`/`'connect'` listener (detached,
 *   not half-open).
 */
export type SiteKind = 'server' | 'client' | 'upgrade' | 'client-upgrade';

export interface SocketSite {
  readonly kind: SiteKind;
  readonly ref: SocketRef;
  /** Where a finding about the socket as a whole is reported. */
  readonly node: TSESTree.Node;
  /** The listener that receives the socket, for listener-based sites. */
  readonly fn: FunctionNode | null;
  /** true: `allowHalfOpen: true` (or an http server's handed-over socket); null: cannot tell. */
  readonly halfOpen: boolean | null;
  readonly pauseOnConnect: boolean;
  readonly event: string | null;
  /** The emitter a listener site was registered on (`server` in `server.on('upgrade', …)`). */
  readonly emitter?: TSESTree.Node;
  /** Arguments placed before the emitter's by `handler.bind(this, a, b)`: the listener's parameters shift. */
  readonly offset?: number;
}

/** A listener that should receive the socket but declares no parameter for it. */
export interface UnnamedSocket {
  readonly kind: 'upgrade' | 'client-upgrade';
  readonly fn: FunctionNode;
  readonly event: string;
}

type Emitter =
  | { readonly kind: 'net' | 'tls'; readonly halfOpen: boolean | null; readonly pauseOnConnect: boolean }
  | { readonly kind: 'http'; readonly secure: boolean }
  | { readonly kind: 'client-request' | 'other' };

interface Options {
  readonly halfOpen: boolean | null;
  readonly pauseOnConnect: boolean;
}

export class SiteFinder {
  constructor(
    private readonly resolver: NodeResolver,
    private readonly functions: FunctionResolver,
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
    private readonly types: TypeInfo | null,
  ) {}

  /** Sites created by a call or `new`: a server's connection listener, a client socket, a listener registration. */
  sitesOf(node: TSESTree.CallExpression | TSESTree.NewExpression): (SocketSite | UnnamedSocket)[] {
    const factory = this.#factory(node);
    if (factory) return factory;
    if (node.type === AST_NODE_TYPES.CallExpression) return this.#listenerSites(node);
    return [];
  }

  /**
   * With type information: a function whose parameters are typed like an upgrade listener's
   * `(req: IncomingMessage, socket: Duplex | net.Socket, head: Buffer)` is checked as one, wherever it is
   * registered.
   */
  typedUpgradeSite(fn: FunctionNode): SocketSite | null {
    if (!this.types || fn.params.length < 2) return null;
    const [req, socket, head] = fn.params;
    if (!req || !socket || !this.types.has(req, 'http:IncomingMessage')) return null;
    if (!this.types.has(socket, ...SOCKET_TYPES)) return null;
    const name = functionName(fn);
    if (!(head && this.types.hasNamed(head, 'Buffer')) && !/upgrade|connect|tunnel/i.test(name ?? '')) {
      return null;
    }
    const variable = this.functions.paramVariable(fn, 1);
    if (!variable) return null;
    return {
      kind: 'upgrade',
      ref: SocketRef.ofVariable(variable),
      node: fn.params[1]!,
      fn,
      halfOpen: true,
      pauseOnConnect: false,
      event: 'upgrade',
    };
  }

  #factory(node: TSESTree.CallExpression | TSESTree.NewExpression): SocketSite[] | null {
    const ref = this.resolver.resolve(node.callee);
    if (!ref || ref.path.length !== 1) return null;
    const name = ref.path[0]!;
    if (ref.module === 'net' || ref.module === 'tls') {
      if ((SOCKET_SERVER_FACTORIES[ref.module].create as readonly string[]).includes(name)) {
        const [first, second] = node.arguments;
        const handlerArg = first && this.functions.resolve(first) ? first : second;
        const options = this.#options(handlerArg === first ? undefined : first);
        const fn = this.functions.resolve(handlerArg);
        return fn ? this.#handlerSite('server', fn, boundArguments(handlerArg), options, null) : [];
      }
      if ((CLIENT_SOCKET_FACTORIES[ref.module] as readonly string[]).includes(name)) {
        // `tls.connect({ socket })` and `new tls.TLSSocket(socket)` wrap a socket someone else made.
        if (ref.module === 'tls' && name === 'TLSSocket') return [];
        const options = this.#options(node.arguments[0]);
        const socket = new SocketRef(declaredName(node) ?? 'socket');
        socket.roots.push(node);
        return [
          { kind: 'client', ref: socket, node, fn: null, halfOpen: options.halfOpen, pauseOnConnect: false, event: null },
        ];
      }
    }
    return null;
  }

  #listenerSites(call: TSESTree.CallExpression): (SocketSite | UnnamedSocket)[] {
    const callee = unwrap(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return [];
    const method = staticMemberName(callee);
    if (method === null || !LISTEN_METHODS.has(method)) return [];
    const event = staticString(call.arguments[0]);
    if (event === null) return [];
    const isHandover = HANDOVER_EVENTS.has(event);
    if (!isHandover && event !== 'connection' && event !== 'secureConnection') return [];
    const fn = this.functions.resolve(call.arguments[1]);
    if (!fn) return [];
    const offset = boundArguments(call.arguments[1]);
    const emitter = this.#emitter(callee.object, 0);

    if (!isHandover) {
      if (!emitter || (emitter.kind !== 'net' && emitter.kind !== 'tls')) return [];
      const expected = emitter.kind === 'net' ? 'connection' : 'secureConnection';
      return event === expected ? this.#handlerSite('server', fn, offset, emitter, event) : [];
    }

    let kind: 'upgrade' | 'client-upgrade';
    if (emitter?.kind === 'http') kind = 'upgrade';
    else if (emitter?.kind === 'client-request') kind = 'client-upgrade';
    else if (emitter) return [];
    else {
      // An emitter we cannot trace (`app.listen()`, a server passed in): trust the listener's shape.
      const first = fn.params[offset];
      const firstName = first?.type === AST_NODE_TYPES.Identifier ? first.name : null;
      if (fn.params.length < offset + 2 || firstName === null) return [];
      if (event === 'connect' && !HTTP_MESSAGE_PARAM.test(firstName)) return [];
      kind = RESPONSE_PARAM.test(firstName) ? 'client-upgrade' : 'upgrade';
    }
    if (fn.params.some((p) => p.type === AST_NODE_TYPES.RestElement)) return [];
    if (fn.params.length < offset + 2) return [{ kind, fn, event }];
    // http.Server runs its sockets half-open and hands them over as they are; https sockets are not.
    const halfOpen = kind === 'upgrade' && !(emitter?.kind === 'http' && emitter.secure);
    const sites = this.#handlerSite(kind, fn, offset + 1, { halfOpen, pauseOnConnect: false }, event);
    return sites.map((site) => ({ ...site, emitter: callee.object, offset }));
  }

  #handlerSite(kind: SiteKind, fn: FunctionNode, index: number, options: Options, event: string | null): SocketSite[] {
    const variable = this.functions.paramVariable(fn, index);
    if (!variable) return [];
    return [
      {
        kind,
        ref: SocketRef.ofVariable(variable),
        node: fn.params[index]!,
        fn,
        halfOpen: options.halfOpen,
        pauseOnConnect: options.pauseOnConnect,
        event,
      },
    ];
  }

  /** What emits the listener's events: a net/tls/http server, a ClientRequest, something else, or unknown. */
  #emitter(node: TSESTree.Node, depth: number): Emitter | null {
    if (depth > 6) return null;
    const expr = unwrap(node);
    if (expr.type === AST_NODE_TYPES.CallExpression || expr.type === AST_NODE_TYPES.NewExpression) {
      const fromFactory = this.#emitterOfFactory(expr);
      if (fromFactory) return fromFactory;
      // `http.createServer(app).listen(port)` and `server.on(…)` return the server itself.
      const callee = unwrap(expr.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const method = staticMemberName(callee) ?? '';
        if (method === 'listen' || LISTEN_METHODS.has(method)) return this.#emitter(callee.object, depth + 1);
      }
    } else if (expr.type === AST_NODE_TYPES.Identifier) {
      const variable = ASTUtils.findVariable(this.scopeOf(expr), expr);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (def?.type === 'Variable' && def.node.id.type === AST_NODE_TYPES.Identifier && def.node.init) {
        const found = this.#emitter(def.node.init, depth + 1);
        if (found) return found;
      }
    } else if (expr.type === AST_NODE_TYPES.MemberExpression && expr.object.type === AST_NODE_TYPES.ThisExpression) {
      const assigned = fieldAssignment(expr);
      if (assigned) {
        const found = this.#emitter(assigned, depth + 1);
        if (found) return found;
      }
    }
    return this.#emitterOfType(expr);
  }

  #emitterOfFactory(call: TSESTree.CallExpression | TSESTree.NewExpression): Emitter | null {
    const ref = this.resolver.resolve(call.callee);
    if (!ref || ref.path.length !== 1) return null;
    const name = ref.path[0]!;
    if (ref.module === 'net' || ref.module === 'tls') {
      if ((SOCKET_SERVER_FACTORIES[ref.module].create as readonly string[]).includes(name)) {
        const first = call.arguments[0];
        const options = this.#options(first && this.functions.resolve(first) ? undefined : first);
        return { kind: ref.module, ...options };
      }
      return { kind: 'other' };
    }
    if ((HTTP_SERVER_MODULES as readonly string[]).includes(ref.module)) {
      if (HTTP_SERVER_FACTORIES.includes(name)) return { kind: 'http', secure: ref.module === 'https' };
      if (HTTP_REQUEST_FACTORIES.includes(name)) return { kind: 'client-request' };
      return { kind: 'other' };
    }
    return { kind: 'other' };
  }

  #emitterOfType(node: TSESTree.Node): Emitter | null {
    if (!this.types) return null;
    const types = this.types.nodeTypes(node);
    if (types.size === 0) return null;
    if (types.has('http:ClientRequest')) return { kind: 'client-request' };
    if (types.has('https:Server')) return { kind: 'http', secure: true };
    if (types.has('http:Server')) return { kind: 'http', secure: false };
    if (types.has('tls:Server')) return { kind: 'tls', halfOpen: null, pauseOnConnect: false };
    if (types.has('net:Server')) return { kind: 'net', halfOpen: null, pauseOnConnect: false };
    return { kind: 'other' };
  }

  /** `allowHalfOpen` and `pauseOnConnect` from an options object literal (or a `const` holding one). */
  #options(node: TSESTree.Node | undefined): Options {
    if (!node) return { halfOpen: false, pauseOnConnect: false };
    let object = unwrap(node);
    if (object.type === AST_NODE_TYPES.Identifier) {
      const variable = ASTUtils.findVariable(this.scopeOf(object), object);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (def?.type === 'Variable' && def.node.init) object = unwrap(def.node.init);
    }
    if (object.type !== AST_NODE_TYPES.ObjectExpression) {
      // A port number, a path or a URL: defaults apply. Anything else we cannot read.
      const isPlain =
        object.type === AST_NODE_TYPES.Literal || object.type === AST_NODE_TYPES.TemplateLiteral;
      return { halfOpen: isPlain ? false : null, pauseOnConnect: false };
    }
    const constant = (id: TSESTree.Identifier) => this.#constantBoolean(id);
    return {
      halfOpen: flag(object, 'allowHalfOpen', constant),
      pauseOnConnect: flag(object, 'pauseOnConnect', constant) === true,
    };
  }

  #constantBoolean(id: TSESTree.Identifier): boolean | null {
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Variable' || def.parent.kind !== 'const' || !def.node.init) return null;
    const init = unwrap(def.node.init);
    return init.type === AST_NODE_TYPES.Literal && typeof init.value === 'boolean' ? init.value : null;
  }
}

function flag(
  object: TSESTree.ObjectExpression,
  name: string,
  constant: (id: TSESTree.Identifier) => boolean | null,
): boolean | null {
  let spread = false;
  for (const prop of object.properties) {
    if (prop.type === AST_NODE_TYPES.SpreadElement) {
      spread = true;
      continue;
    }
    const key = !prop.computed && prop.key.type === AST_NODE_TYPES.Identifier ? prop.key.name : staticString(prop.key);
    if (key !== name) continue;
    const value = unwrap(prop.value);
    if (value.type === AST_NODE_TYPES.Literal && typeof value.value === 'boolean') return value.value;
    return value.type === AST_NODE_TYPES.Identifier ? constant(value) : null;
  }
  return spread ? null : false;
}

/** The value assigned to `this.<field>` anywhere in the class. */
export function fieldAssignment(member: TSESTree.MemberExpression): TSESTree.Node | null {
  const name = staticMemberName(member);
  const body = enclosingClassBody(member);
  if (name === null || !body) return null;
  let found: TSESTree.Node | null = null;
  walk(body, (node) => {
    if (found) return false;
    if (
      node.type === AST_NODE_TYPES.AssignmentExpression &&
      node.left.type === AST_NODE_TYPES.MemberExpression &&
      node.left.object.type === AST_NODE_TYPES.ThisExpression &&
      staticMemberName(node.left) === name
    ) {
      found = node.right;
    } else if (
      node.type === AST_NODE_TYPES.PropertyDefinition &&
      !node.computed &&
      node.value &&
      memberKeyName(node) === name
    ) {
      found = node.value;
    }
    return true;
  });
  return found;
}

/** The name a socket expression is stored under (`const sock = net.connect()` → "sock"). */
export function declaredName(node: TSESTree.Node): string | null {
  let current: TSESTree.Node = node;
  for (let i = 0; i < 8 && current.parent; i++) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
      return parent.id.name;
    }
    if (parent.type === AST_NODE_TYPES.AssignmentExpression) {
      if (parent.left.type === AST_NODE_TYPES.Identifier) return parent.left.name;
      if (parent.left.type === AST_NODE_TYPES.MemberExpression) return staticMemberName(parent.left);
    }
    if (parent.type === AST_NODE_TYPES.MemberExpression || parent.type === AST_NODE_TYPES.CallExpression) {
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.AwaitExpression || parent.type === AST_NODE_TYPES.TSAsExpression) {
      current = parent;
      continue;
    }
    return null;
  }
  return null;
}

export function functionName(fn: FunctionNode): string | null {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    return parent.id.name;
  }
  if (
    (parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.PropertyDefinition) &&
    (parent.key.type === AST_NODE_TYPES.Identifier || parent.key.type === AST_NODE_TYPES.PrivateIdentifier)
  ) {
    return parent.key.name;
  }
  return null;
}
