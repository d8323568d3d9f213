import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import type { FunctionNode } from '../util/is-function.js';
import { memberKeyName, staticMemberName, staticString } from '../util/static-name.js';
import { climb } from '../util/climb.js';
import { unwrap } from '../util/unwrap.js';
import { walk } from '../util/walk.js';
import { enclosingClassBody, type FunctionResolver } from './functions.js';
import type { NodeResolver } from './resolve.js';
import { SocketRef } from './socket-ref.js';
import {
  CHAINABLE_METHODS,
  CLOSE_LIKE_NAME,
  CLOSE_METHODS,
  LISTEN_METHODS,
  READ_EVENTS,
  READ_METHODS,
} from './sockets.js';
import { argumentKind, type ArgumentKind } from './argument-kind.js';
import { CloseAnalyzer } from './closes.js';
import { HolderAnalyzer } from './holders.js';

type Scope = TSESLint.Scope.Scope;

export interface ListenerUse {
  readonly event: string;
  /** The event name argument, where findings about the listener are reported. */
  readonly eventNode: TSESTree.Node;
  /** The listener function expression; null for `await once(socket, 'end')`. */
  readonly handler: TSESTree.Node | null;
  readonly call: TSESTree.CallExpression;
}

export interface LocalCall {
  readonly fn: FunctionNode;
  readonly index: number;
  readonly call: TSESTree.CallExpression;
}

/** Everything the code does with one socket, gathered across aliases, fields and same-file helpers. */
export interface SocketUsage {
  readonly ref: SocketRef;
  readonly listeners: ListenerUse[];
  readonly closes: { readonly method: string; readonly call: TSESTree.CallExpression }[];
  /** Anything that consumes input: 'data'/'readable' listeners, resume(), pipe(), pipeline(), for await. */
  readonly reads: TSESTree.Node[];
  /** Reads that also restart a paused socket ('data' listeners do not: flowing stays false after pause()). */
  readonly resumes: TSESTree.Node[];
  readonly pauses: TSESTree.CallExpression[];
  /**
   * Something else ends our side: `pipeline(…, socket)` with the socket as a destination,
   * `source.pipe(socket)`, `for await` (the iterator destroys the socket when the loop ends).
   * `socket.pipe(x)`, `pipeline(socket, sink)` and readline only read: a half-open socket stays open.
   */
  readonly endedBy: TSESTree.Node[];
  /** Passed to code we cannot see, returned, yielded, emitted: someone else owns it now. */
  readonly handoffs: TSESTree.Node[];
  /** Kept in a field, Map or array. The socket is still ours, but others can reach it. */
  readonly stores: TSESTree.Node[];
  /** Emitted to the app's own listeners (`app.emit('open', socket)`): given away on that path, still ours to close. */
  readonly announces: TSESTree.Node[];
  /** Passed to a function of the same file, whose use of the parameter is part of this usage. */
  readonly localCalls: LocalCall[];
  /** The socket's HTTP message (`req`) passed to a same-file function, which may reach `req.socket`. */
  readonly ownerCalls: LocalCall[];
}

const MAX_VARIABLES = 64;



/** Collects a socket's usage and answers questions about listener bodies. */
export class UsageAnalyzer {
  readonly #cache = new Map<SocketRef, SocketUsage>();
  /** Whether a socket kept in a local object stays in sight of the file. */
  readonly holders: HolderAnalyzer;
  /** Whether a listener or function closes a socket. */
  readonly closing: CloseAnalyzer;

  constructor(
    private readonly resolver: NodeResolver,
    private readonly functions: FunctionResolver,
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
  ) {
    this.holders = new HolderAnalyzer(resolver, functions, scopeOf);
    this.closing = new CloseAnalyzer(resolver, functions);
  }

  usage(ref: SocketRef): SocketUsage {
    const cached = this.#cache.get(ref);
    if (cached) return cached;
    const usage: SocketUsage = {
      ref,
      listeners: [],
      closes: [],
      reads: [],
      resumes: [],
      pauses: [],
      endedBy: [],
      handoffs: [],
      stores: [],
      announces: [],
      localCalls: [],
      ownerCalls: [],
    };
    // Aliases and helper parameters found on one pass add occurrences for the next.
    const seen = new Set<TSESTree.Node>();
    for (let pass = 0; pass < 8; pass++) {
      this.#followOwners(ref, usage, seen);
      const fresh = ref.occurrences().filter((o) => !seen.has(o));
      if (fresh.length === 0) break;
      for (const occurrence of fresh) {
        seen.add(occurrence);
        this.#classify(occurrence, ref, usage);
      }
    }
    this.#cache.set(ref, usage);
    return usage;
  }

  /** What `call` does with a socket passed to it (see argumentKind). */
  argumentKind(call: TSESTree.CallExpression): ArgumentKind {
    return argumentKind(this.resolver, (c) => this.functions.localCallee(c), call);
  }



  #classify(occurrence: TSESTree.Node, ref: SocketRef, usage: SocketUsage): void {
    const node = climb(occurrence);
    const parent = node.parent;
    if (!parent) return;
    switch (parent.type) {
      case AST_NODE_TYPES.MemberExpression:
        if (parent.object === node) this.#memberUse(parent, ref, usage);
        return;
      case AST_NODE_TYPES.CallExpression: {
        if (parent.callee === node) return;
        const index = parent.arguments.indexOf(node as TSESTree.CallExpressionArgument);
        this.#argumentUse(parent, index, ref, usage);
        return;
      }
      case AST_NODE_TYPES.NewExpression: {
        if (parent.callee === node) return;
        // `new ReplicaStream(sock)` with the class in this file: the socket lives on in its field, and the
        // class's methods are its code.
        const index = parent.arguments.indexOf(node as TSESTree.CallExpressionArgument);
        const ctor = this.functions.localConstructor(parent.callee);
        const param = ctor ? this.functions.paramVariable(ctor, index) : null;
        if (ctor && param && ref.variables.size < MAX_VARIABLES) {
          ref.addVariable(param);
          const declared = ctor.params[index];
          const body = enclosingClassBody(ctor);
          if (declared?.type === AST_NODE_TYPES.TSParameterProperty && body) ref.addField(body, param.name);
          usage.stores.push(parent);
        } else {
          usage.handoffs.push(parent);
        }
        return;
      }
      case AST_NODE_TYPES.ForOfStatement:
        if (parent.right === node) {
          // The async iterator destroys the stream when the loop ends, breaks or throws.
          usage.reads.push(parent);
          usage.resumes.push(parent);
          usage.endedBy.push(parent);
        }
        return;
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) this.#addAlias(parent.id, ref);
        return;
      case AST_NODE_TYPES.AssignmentExpression: {
        if (parent.right !== node) return;
        const left = parent.left;
        if (left.type === AST_NODE_TYPES.Identifier) {
          this.#addAlias(left, ref);
        } else if (left.type === AST_NODE_TYPES.MemberExpression) {
          const field = staticMemberName(left);
          const body = enclosingClassBody(left);
          if (left.object.type === AST_NODE_TYPES.ThisExpression && field !== null && body) ref.addField(body, field);
          usage.stores.push(parent);
        }
        return;
      }
      case AST_NODE_TYPES.PropertyDefinition: {
        // `private sock = new Socket()`: the class's methods use it as `this.sock`.
        const body = parent.parent;
        const field = memberKeyName(parent);
        if (parent.value === node && field && body?.type === AST_NODE_TYPES.ClassBody) ref.addField(body, field);
        return;
      }
      case AST_NODE_TYPES.ReturnStatement:
      case AST_NODE_TYPES.YieldExpression:
        usage.handoffs.push(parent);
        return;
      case AST_NODE_TYPES.ArrowFunctionExpression:
        // `() => socket` returns it; `(s) => s.on('end', f)` only returns a chain's `this`, which a
        // listener or executor drops.
        if (parent.body === node && occurrence === node && ref.matches(node)) usage.handoffs.push(parent);
        return;
      case AST_NODE_TYPES.Property: {
        // `{ id, socket }`: what happens to the object happens to the socket.
        const object = parent.parent;
        if (parent.value !== node || object?.type !== AST_NODE_TYPES.ObjectExpression) return;
        const holder = object.parent;
        if (
          holder?.type === AST_NODE_TYPES.CallExpression &&
          holder.callee.type === AST_NODE_TYPES.MemberExpression &&
          staticMemberName(holder.callee) === 'createInterface'
        ) {
          // readline reads its input to the end, and ends nothing.
          usage.reads.push(holder);
          usage.resumes.push(holder);
          return;
        }
        const stored =
          (holder?.type === AST_NODE_TYPES.CallExpression &&
            holder.callee !== object &&
            argumentKind(this.resolver, (c) => this.functions.localCallee(c), holder) === 'store') ||
          (holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.right === object);
        (stored ? usage.stores : usage.handoffs).push(parent);
        return;
      }
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.SpreadElement:
        usage.stores.push(parent);
        return;
      default:
        return;
    }
  }

  #memberUse(member: TSESTree.MemberExpression, ref: SocketRef, usage: SocketUsage): void {
    const name = staticMemberName(member);
    const call = member.parent;
    if (name === null || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return;
    if (LISTEN_METHODS.has(name)) {
      const event = staticString(call.arguments[0]);
      if (event !== null) {
        usage.listeners.push({ event, eventNode: call.arguments[0]!, handler: call.arguments[1] ?? null, call });
        if (READ_EVENTS.has(event)) usage.reads.push(call);
        if (event === 'readable') usage.resumes.push(call);
      }
    } else if (CLOSE_METHODS.has(name)) {
      usage.closes.push({ method: name, call });
    } else if (name === 'pause') {
      usage.pauses.push(call);
    } else if (READ_METHODS.has(name)) {
      usage.reads.push(call);
      usage.resumes.push(call);
    }
    if (CHAINABLE_METHODS.has(name)) this.#classify(call, ref, usage);
  }

  #argumentUse(call: TSESTree.CallExpression, index: number, ref: SocketRef, usage: SocketUsage): void {
    switch (argumentKind(this.resolver, (c) => this.functions.localCallee(c), call)) {
      case 'pipeline':
        usage.reads.push(call);
        usage.resumes.push(call);
        if (index > 0) usage.endedBy.push(call);
        return;
      case 'pipe-into':
        usage.endedBy.push(call);
        // `pipe()` returns its destination: in `client.pipe(socket).pipe(client)` the socket is read.
        if (index === 0) this.#classify(call, ref, usage);
        return;
      case 'reader':
        usage.reads.push(call);
        usage.resumes.push(call);
        return;
      case 'events': {
        // `await once(socket, 'end')`, `for await (const c of on(socket, 'data'))`
        const event = index === 0 ? staticString(call.arguments[1]) : null;
        if (event !== null) {
          usage.listeners.push({ event, eventNode: call.arguments[1]!, handler: null, call });
          if (READ_EVENTS.has(event)) {
            usage.reads.push(call);
            usage.resumes.push(call);
          }
        }
        return;
      }
      case 'emit':
        usage.handoffs.push(call);
        return;
      case 'store':
        usage.stores.push(call);
        return;
      case 'announce':
        usage.announces.push(call);
        return;
      case 'observer':
      case 'ignore':
        return;
      case 'local': {
        const fn = this.functions.localCallee(unwrap(call.callee))!;
        const param = this.functions.paramVariable(fn, index);
        if (param && ref.variables.size < MAX_VARIABLES) {
          ref.variables.add(param);
          usage.localCalls.push({ fn, index, call });
        } else {
          usage.handoffs.push(call);
        }
        return;
      }
      case 'handoff':
        usage.handoffs.push(call);
        return;
    }
  }

  /** `fail(req, err)` with a same-file `fail` that uses `req.socket`: follow `req` into the helper. */
  #followOwners(ref: SocketRef, usage: SocketUsage, seen: Set<TSESTree.Node>): void {
    for (const { identifier } of ref.ownerReferences()) {
      if (seen.has(identifier)) continue;
      seen.add(identifier);
      const call = identifier.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee === identifier) continue;
      const index = call.arguments.indexOf(identifier as TSESTree.Identifier);
      const fn = this.functions.localCallee(unwrap(call.callee));
      const param = fn ? this.functions.paramVariable(fn, index) : null;
      if (fn && param && ref.owners.size < MAX_VARIABLES) {
        ref.owners.add(param);
        usage.ownerCalls.push({ fn, index, call });
      }
    }
  }

  #addAlias(id: TSESTree.Identifier, ref: SocketRef): void {
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    if (variable && ref.variables.size < MAX_VARIABLES) ref.variables.add(variable);
  }
}
