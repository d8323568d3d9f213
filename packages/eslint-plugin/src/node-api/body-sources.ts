import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { withCallers } from './callers.js';
import { climb } from '../util/climb.js';
import { isFunction, type FunctionNode } from '../util/is-function.js';
import { staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import {
  AWS_STREAMING_COMMANDS,
  AWS_STREAMING_METHODS,
  BODY_PROPERTY,
  BODY_READ_METHODS,
  CONNECTION_DROP_METHODS,
  UNDICI_DISPATCHERS,
  type BodyKind,
} from './bodies.js';
import type { FunctionResolver } from './functions.js';
import type { NodeResolver } from './resolve.js';
import { CHAINABLE_METHODS, HTTP_REQUEST_FACTORIES, LISTEN_METHODS } from './sockets.js';
import type { TypeInfo } from './types.js';

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

/** The statements a response variable lives in: a callback, or the block (function, module) of its declaration. */
export type BodyRegion = FunctionNode | TSESTree.BlockStatement | TSESTree.Program | TSESTree.SwitchStatement;

/** A response whose body the code must consume, release or hand on, on every path of its region. */
export interface BodyObligation {
  readonly kind: BodyKind;
  /** Where a finding about the response as a whole is reported: the parameter or variable that receives it. */
  readonly node: TSESTree.Node;
  readonly name: string;
  /** Variables holding the response (`res`, whose `body`/`Body` is the body). */
  readonly responses: readonly Variable[];
  /** Variables holding the body itself: `const { body } = await request(u)`, an http response. */
  readonly bodies: readonly Variable[];
  readonly region: BodyRegion;
  /** What creates the obligation inside the region (`const res = await fetch(u)`); null: the region's start. */
  readonly start: TSESTree.Node | null;
  /** Calls that drop the connection from outside the response: `req.destroy()`, `controller.abort()`. */
  readonly releases: readonly TSESTree.Node[];
}

/** A response thrown away with its body unread: `await fetch(u);`, `const { status } = await fetch(u)`. */
export interface DroppedResponse {
  readonly kind: BodyKind;
  /** The request call, where the finding is reported. */
  readonly call: TSESTree.CallExpression;
  /** `await fetch(u);` as a statement of its own, which a suggestion can rewrite. */
  readonly statement: TSESTree.ExpressionStatement | null;
}

export interface BodySources {
  readonly obligations: BodyObligation[];
  readonly dropped: DroppedResponse[];
}

const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['globalThis', 'global', 'window', 'self']);

/**
 * Finds the calls that return a response with a body: the global `fetch`, undici's `fetch`, `request` and
 * dispatchers' `request()`, node-fetch, the AWS SDK's `GetObjectCommand`, and `http(s).get/request`
 * (whose response arrives in a callback or a `'response'` listener), and follows each response to the
 * variable or parameter that holds it. Every import form is resolved by {@link NodeResolver}.
 */
export class BodySourceFinder {
  constructor(
    private readonly resolver: NodeResolver,
    private readonly functions: FunctionResolver,
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
    private readonly scopeManager: TSESLint.Scope.ScopeManager | null,
    private readonly types: TypeInfo | null,
  ) {}

  /** The responses a call produces: through its value, its callback, or a `'response'` listener it registers. */
  sourcesOf(call: TSESTree.CallExpression): BodySources {
    const found: BodySources = { obligations: [], dropped: [] };
    const kind = this.promiseKind(call);
    if (kind) {
      this.#follow(call, kind, call, false, found);
      return found;
    }
    if (this.#isHttpRequest(call)) {
      const callback = [...call.arguments].reverse().find((arg) => this.functions.resolve(arg));
      if (callback) this.#callback(callback, 'http', call, this.#requestReleases(call), found);
      return found;
    }
    const callee = unwrap(call.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && LISTEN_METHODS.has(staticMemberName(callee) ?? '')) {
      if (staticString(call.arguments[0]) === 'response' && call.arguments[1] && this.#isClientRequest(callee.object)) {
        this.#callback(call.arguments[1], 'http', call, this.#emitterReleases(callee.object), found);
      }
      return found;
    }
    // `const [res] = await once(req, 'response')`
    if (
      this.resolver.is(callee, 'events', ['once']) &&
      staticString(call.arguments[1]) === 'response' &&
      call.arguments[0] &&
      this.#isClientRequest(call.arguments[0])
    ) {
      this.#follow(call, 'http', call, false, found, true);
    }
    return found;
  }

  /**
   * With type information: an awaited call (`await api.get(path)`) whose value is a fetch `Response`, kept in
   * a variable. Only calls no table knows are asked, and only when the variable is used like a response.
   */
  typedSourcesOf(call: TSESTree.CallExpression): BodySources | null {
    if (!this.types) return null;
    // Calls the tables know (a HEAD fetch, say) were judged by them.
    const callee = unwrap(call.callee);
    if (this.#isGlobalFetch(callee) || this.resolver.resolve(callee)) return null;
    const awaited = call.parent;
    if (awaited?.type !== AST_NODE_TYPES.AwaitExpression) return null;
    const holder = awaited.parent;
    const id =
      holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === awaited
        ? holder.id
        : holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.right === awaited
          ? holder.left
          : null;
    if (id?.type !== AST_NODE_TYPES.Identifier) return null;
    if (!this.#usedLikeResponse(id)) return null;
    if (!this.types.hasNamed(awaited, 'Response')) return null;
    const found: BodySources = { obligations: [], dropped: [] };
    this.#follow(call, 'fetch', call, false, found);
    return found;
  }

  /** What kind of response a promise-returning request call resolves to; null when it is not one (or is HEAD). */
  promiseKind(call: TSESTree.CallExpression): BodyKind | null {
    const callee = unwrap(call.callee);
    const [first, second] = call.arguments;
    if (this.#isGlobalFetch(callee)) return isHead(second, this.scopeOf) || isHeadRequest(first, this.scopeOf) ? null : 'fetch';
    const ref = this.resolver.resolve(callee);
    if (ref) {
      const name = ref.path.join('.');
      if (ref.module === 'undici' && name === 'fetch') return isHead(second, this.scopeOf) ? null : 'fetch';
      if (ref.module === 'undici' && name === 'request') return isHead(second, this.scopeOf) ? null : 'undici';
      if ((ref.module === 'node-fetch' || ref.module === 'cross-fetch') && (name === '' || name === 'fetch')) {
        return isHead(second, this.scopeOf) ? null : 'node-fetch';
      }
      return null;
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const method = staticMemberName(callee);
    if (method === 'request' && this.#isUndiciDispatcher(callee.object)) return isHead(first, this.scopeOf) ? null : 'undici';
    if (method === 'send' && first && this.#isAwsStreamingCommand(first)) return 'aws';
    if (method !== null && AWS_STREAMING_METHODS.has(method) && this.#isAggregatedS3(callee.object)) return 'aws';
    return null;
  }

  #isGlobalFetch(callee: TSESTree.Node): boolean {
    if (callee.type === AST_NODE_TYPES.Identifier) return callee.name === 'fetch' && this.#isGlobal(callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || staticMemberName(callee) !== 'fetch') return false;
    const object = unwrap(callee.object);
    return object.type === AST_NODE_TYPES.Identifier && GLOBAL_OBJECTS.has(object.name) && this.#isGlobal(object);
  }

  #isGlobal(id: TSESTree.Identifier): boolean {
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    return !variable || variable.defs.length === 0;
  }

  #isHttpRequest(call: TSESTree.CallExpression): boolean {
    return this.resolver.is(call.callee, ['http', 'https'], HTTP_REQUEST_FACTORIES);
  }

  /** A `ClientRequest`: `http.request(…)` (through chained calls), a `const` holding one, or one by type. */
  #isClientRequest(node: TSESTree.Node): boolean {
    let expr = unwrap(node);
    while (
      expr.type === AST_NODE_TYPES.CallExpression &&
      expr.callee.type === AST_NODE_TYPES.MemberExpression &&
      CHAINABLE_METHODS.has(staticMemberName(expr.callee) ?? '')
    ) {
      expr = unwrap(expr.callee.object);
    }
    if (expr.type === AST_NODE_TYPES.CallExpression && this.#isHttpRequest(expr)) return true;
    if (expr.type === AST_NODE_TYPES.Identifier) {
      const init = this.#constInit(expr);
      if (init?.type === AST_NODE_TYPES.CallExpression && this.#isClientRequest(init)) return true;
    }
    return this.types?.has(node, 'http:ClientRequest') ?? false;
  }

  #isUndiciDispatcher(node: TSESTree.Node): boolean {
    const expr = unwrap(node);
    const made = expr.type === AST_NODE_TYPES.Identifier ? this.#constInit(expr) : expr;
    if (made?.type === AST_NODE_TYPES.NewExpression) {
      const ref = this.resolver.resolve(made.callee);
      return ref?.module === 'undici' && ref.path.length === 1 && UNDICI_DISPATCHERS.has(ref.path[0]!);
    }
    if (made?.type === AST_NODE_TYPES.CallExpression) {
      const ref = this.resolver.resolve(made.callee);
      return ref?.module === 'undici' && ref.path.join('.') === 'getGlobalDispatcher';
    }
    return false;
  }

  #isAwsStreamingCommand(node: TSESTree.Node): boolean {
    const expr = unwrap(node);
    const made = expr.type === AST_NODE_TYPES.Identifier ? this.#constInit(expr) : expr;
    if (made?.type !== AST_NODE_TYPES.NewExpression) return false;
    const ref = this.resolver.resolve(made.callee);
    return ref?.module === '@aws-sdk/client-s3' && ref.path.length === 1 && AWS_STREAMING_COMMANDS.has(ref.path[0]!);
  }

  #isAggregatedS3(node: TSESTree.Node): boolean {
    const expr = unwrap(node);
    const made = expr.type === AST_NODE_TYPES.Identifier ? this.#constInit(expr) : expr;
    if (made?.type !== AST_NODE_TYPES.NewExpression) return false;
    const ref = this.resolver.resolve(made.callee);
    return ref?.module === '@aws-sdk/client-s3' && ref.path.join('.') === 'S3';
  }

  /** The initial value of a variable that is never reassigned. */
  #constInit(id: TSESTree.Identifier): TSESTree.Node | null {
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Variable' || !def.node.init || def.node.id.type !== AST_NODE_TYPES.Identifier) return null;
    if (variable!.references.some((r) => r.isWrite() && !r.init)) return null;
    return unwrap(def.node.init);
  }

  /**
   * Where the value of `expr` (a response, or a promise of one when `awaited` is false) goes: into a
   * variable, a `.then()` callback, a destructuring pattern, or nowhere.
   */
  #follow(
    expr: TSESTree.Node,
    kind: BodyKind,
    call: TSESTree.CallExpression,
    awaited: boolean,
    found: BodySources,
    tuple = false,
  ): void {
    const node = climb(expr);
    const parent = node.parent;
    if (!parent) return;
    const bodyProperty = BODY_PROPERTY[kind];
    switch (parent.type) {
      case AST_NODE_TYPES.AwaitExpression:
        if (!awaited) this.#follow(parent, kind, call, true, found, tuple);
        return;
      case AST_NODE_TYPES.MemberExpression: {
        if (parent.object !== node) return;
        const method = staticMemberName(parent);
        const invoked = parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent;
        if (!awaited) {
          if (!invoked) return;
          const chained = parent.parent as TSESTree.CallExpression;
          if (method === 'then' && chained.arguments[0]) {
            this.#callback(chained.arguments[0], kind, call, [], found);
          } else if (method === 'catch' || method === 'finally') {
            this.#follow(chained, kind, call, false, found, tuple);
          }
          return;
        }
        // `(await fetch(u)).json()` reads it; `(await fetch(u)).status` drops it.
        if (tuple) return;
        if (method === bodyProperty || (invoked && method !== null && BODY_READ_METHODS.has(method))) return;
        found.dropped.push({ kind, call, statement: null });
        return;
      }
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init === node && awaited) this.#declared(parent.id, parent, kind, found, tuple, call);
        return;
      case AST_NODE_TYPES.AssignmentExpression:
        if (parent.right === node && awaited && parent.operator === '=') this.#declared(parent.left, parent, kind, found, tuple, call);
        return;
      case AST_NODE_TYPES.ExpressionStatement:
        found.dropped.push({ kind, call, statement: awaited ? parent : null });
        return;
      case AST_NODE_TYPES.UnaryExpression:
        if (parent.operator === 'void') found.dropped.push({ kind, call, statement: null });
        return;
      default:
        // Returned, passed on, stored: whoever receives it owns the body now.
        return;
    }
  }

  /** A response stored by `const res = …`, `res = …`, `const { status, body } = …` or `const [res] = …`. */
  #declared(
    target: TSESTree.Node,
    at: TSESTree.VariableDeclarator | TSESTree.AssignmentExpression,
    kind: BodyKind,
    found: BodySources,
    tuple: boolean,
    call: TSESTree.CallExpression,
  ): void {
    let id: TSESTree.Node = target;
    if (tuple) {
      if (id.type !== AST_NODE_TYPES.ArrayPattern) return;
      const first = id.elements[0];
      if (!first) return;
      id = first;
    }
    const holder = this.#holder(id, kind);
    if (holder === 'dropped') {
      found.dropped.push({ kind, call, statement: null });
      return;
    }
    if (!holder) return;
    const variable = ASTUtils.findVariable(this.scopeOf(holder.id), holder.id);
    if (!variable) return;
    const region = regionOf(variable);
    if (!region) return;
    const role = holder.role;
    found.obligations.push({
      kind,
      node: holder.id,
      name: holder.id.name,
      responses: role === 'response' ? [variable] : [],
      bodies: role === 'body' ? [variable] : [],
      region,
      start: at,
      releases: this.#signalReleases(call),
    });
  }

  /** A callback (`.then(cb)`, `http.get(url, cb)`, `req.on('response', cb)`) whose first parameter is the response. */
  #callback(
    arg: TSESTree.Node,
    kind: BodyKind,
    call: TSESTree.CallExpression,
    releases: TSESTree.Node[],
    found: BodySources,
  ): void {
    const fn = this.functions.resolve(arg);
    if (!fn) return;
    const offset = boundArguments(arg);
    const param = fn.params[offset];
    if (!param) {
      found.dropped.push({ kind, call, statement: null });
      return;
    }
    const holder = this.#holder(param, kind);
    if (holder === 'dropped') {
      found.dropped.push({ kind, call, statement: null });
      return;
    }
    if (!holder || !this.scopeManager) return;
    const variable = this.scopeManager.getDeclaredVariables(fn).find((v) => v.identifiers.includes(holder.id));
    if (!variable) return;
    found.obligations.push({
      kind,
      node: holder.id,
      name: holder.id.name,
      responses: holder.role === 'response' ? [variable] : [],
      bodies: holder.role === 'body' ? [variable] : [],
      region: fn,
      start: null,
      releases: [...releases, ...this.#signalReleases(call)],
    });
  }

  /**
   * The identifier that receives the response or its body: `res`, `{ body }`, `{ Body: stream }`,
   * `{ status, ...rest }`. 'dropped' when a pattern takes only other fields (`{ statusCode }`).
   */
  #holder(
    node: TSESTree.Node,
    kind: BodyKind,
  ): { id: TSESTree.Identifier; role: 'response' | 'body' } | 'dropped' | null {
    let target = node;
    if (target.type === AST_NODE_TYPES.AssignmentPattern) target = target.left;
    if (target.type === AST_NODE_TYPES.TSParameterProperty) return null;
    if (target.type === AST_NODE_TYPES.Identifier) return { id: target, role: kind === 'http' ? 'body' : 'response' };
    if (target.type !== AST_NODE_TYPES.ObjectPattern) return null;
    const bodyProperty = BODY_PROPERTY[kind];
    for (const prop of target.properties) {
      if (prop.type === AST_NODE_TYPES.RestElement) {
        return prop.argument.type === AST_NODE_TYPES.Identifier && kind !== 'http'
          ? { id: prop.argument, role: 'response' }
          : null;
      }
      const key = !prop.computed && prop.key.type === AST_NODE_TYPES.Identifier ? prop.key.name : staticString(prop.key);
      if (key === null) return null;
      if (key !== bodyProperty) continue;
      let value: TSESTree.Node = prop.value;
      if (value.type === AST_NODE_TYPES.AssignmentPattern) value = value.left;
      return value.type === AST_NODE_TYPES.Identifier ? { id: value, role: 'body' } : null;
    }
    return 'dropped';
  }

  /** `req.destroy()` / `req.abort()` on the request whose callback receives the response. */
  #requestReleases(call: TSESTree.CallExpression): TSESTree.Node[] {
    const holder = climb(call).parent;
    if (holder?.type !== AST_NODE_TYPES.VariableDeclarator || holder.id.type !== AST_NODE_TYPES.Identifier) return [];
    return this.#emitterReleases(holder.id);
  }

  #emitterReleases(emitter: TSESTree.Node): TSESTree.Node[] {
    const expr = unwrap(emitter);
    return expr.type === AST_NODE_TYPES.Identifier ? this.#methodCalls(expr, CONNECTION_DROP_METHODS) : [];
  }

  /** `controller.abort()` for a request made with `{ signal: controller.signal }`. */
  #signalReleases(call: TSESTree.CallExpression): TSESTree.Node[] {
    for (const arg of call.arguments) {
      const options = objectLiteral(arg, this.scopeOf);
      const signal = options && property(options, 'signal');
      if (signal?.type !== AST_NODE_TYPES.MemberExpression || staticMemberName(signal) !== 'signal') continue;
      const controller = unwrap(signal.object);
      if (controller.type === AST_NODE_TYPES.Identifier) {
        return withCallers(this.#methodCalls(controller, new Set(['abort'])), this.scopeOf);
      }
    }
    return [];
  }

  /** Calls of `methods` on the variable `id` names, anywhere in the file. */
  #methodCalls(id: TSESTree.Identifier, methods: ReadonlySet<string>): TSESTree.Node[] {
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    if (!variable) return [];
    const calls: TSESTree.Node[] = [];
    for (const reference of variable.references) {
      const member = reference.identifier.parent;
      const call = member?.parent;
      if (
        member?.type === AST_NODE_TYPES.MemberExpression &&
        member.object === reference.identifier &&
        methods.has(staticMemberName(member) ?? '') &&
        call?.type === AST_NODE_TYPES.CallExpression &&
        call.callee === member
      ) {
        calls.push(call);
      }
    }
    return calls;
  }

  #usedLikeResponse(id: TSESTree.Identifier): boolean {
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    return (
      variable?.references.some((r) => {
        const parent = r.identifier.parent;
        return (
          parent?.type === AST_NODE_TYPES.MemberExpression &&
          parent.object === r.identifier &&
          /^(?:ok|status|statusText|headers|body|bodyUsed|text|json|arrayBuffer|blob|bytes|formData)$/.test(
            staticMemberName(parent) ?? '',
          )
        );
      }) ?? false
    );
  }
}

/** The block a variable lives in, as a region of statements; null for scopes we do not walk. */
function regionOf(variable: Variable): BodyRegion | null {
  const block = variable.scope.block;
  if (isFunction(block)) return block;
  if (
    block.type === AST_NODE_TYPES.BlockStatement ||
    block.type === AST_NODE_TYPES.Program ||
    block.type === AST_NODE_TYPES.SwitchStatement
  ) {
    return block;
  }
  return null;
}

/** How many arguments `handler.bind(thisArg, a, b)` puts before the emitter's. */
function boundArguments(node: TSESTree.Node): number {
  const expr = unwrap(node);
  if (
    expr.type === AST_NODE_TYPES.CallExpression &&
    expr.callee.type === AST_NODE_TYPES.MemberExpression &&
    staticMemberName(expr.callee) === 'bind'
  ) {
    return Math.max(0, expr.arguments.length - 1);
  }
  return 0;
}

/** An object literal, inline or in a `const`. */
function objectLiteral(node: TSESTree.Node | undefined, scopeOf: (node: TSESTree.Node) => Scope): TSESTree.ObjectExpression | null {
  if (!node) return null;
  let expr = unwrap(node);
  if (expr.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(scopeOf(expr), expr);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Variable' || def.parent.kind !== 'const' || !def.node.init) return null;
    expr = unwrap(def.node.init);
  }
  return expr.type === AST_NODE_TYPES.ObjectExpression ? expr : null;
}

function property(object: TSESTree.ObjectExpression, name: string): TSESTree.Node | null {
  for (const prop of object.properties) {
    if (prop.type !== AST_NODE_TYPES.Property) continue;
    const key = !prop.computed && prop.key.type === AST_NODE_TYPES.Identifier ? prop.key.name : staticString(prop.key);
    if (key === name) return unwrap(prop.value);
  }
  return null;
}

/** Request options that say `method: 'HEAD'`: a HEAD response has no body, and fetch-like clients release it. */
function isHead(options: TSESTree.Node | undefined, scopeOf: (node: TSESTree.Node) => Scope): boolean {
  const object = objectLiteral(options, scopeOf);
  const method = object && property(object, 'method');
  return staticString(method)?.toUpperCase() === 'HEAD';
}

/** `fetch(new Request(url, { method: 'HEAD' }))`. */
function isHeadRequest(input: TSESTree.Node | undefined, scopeOf: (node: TSESTree.Node) => Scope): boolean {
  const expr = input ? unwrap(input) : null;
  return (
    expr?.type === AST_NODE_TYPES.NewExpression &&
    expr.callee.type === AST_NODE_TYPES.Identifier &&
    expr.callee.name === 'Request' &&
    isHead(expr.arguments[1], scopeOf)
  );
}
