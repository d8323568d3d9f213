/**
 * Where a response with a body goes once a request returns it: into a variable, a destructuring pattern,
 * a `.then()` or request callback, a `'response'` listener, or nowhere (dropped unread). Each holder
 * becomes a {@link BodyObligation} over the region of statements it lives in.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { boundArguments } from '../util/bound-arguments.js';
import { climb } from '../util/climb.js';
import { isFunction, type FunctionNode } from '../util/is-function.js';
import { staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { BODY_PROPERTY, BODY_READ_METHODS, type BodyKind } from './bodies.js';
import { emitterReleases, requestReleases, signalReleases } from './body-releases.js';
import { BodyRequests } from './body-requests.js';
import type { FunctionResolver } from './functions.js';
import type { NodeResolver } from './resolve.js';
import { LISTEN_METHODS } from './sockets.js';
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

/**
 * Finds the calls that return a response with a body: the global `fetch`, undici's `fetch`, `request` and
 * dispatchers' `request()`, node-fetch, the AWS SDK's `GetObjectCommand`, and `http(s).get/request`
 * (whose response arrives in a callback or a `'response'` listener), and follows each response to the
 * variable or parameter that holds it. Every import form is resolved by {@link NodeResolver}.
 */
export class BodySourceFinder {
  readonly #requests: BodyRequests;

  constructor(
    private readonly resolver: NodeResolver,
    private readonly functions: FunctionResolver,
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
    private readonly scopeManager: TSESLint.Scope.ScopeManager | null,
    private readonly types: TypeInfo | null,
  ) {
    this.#requests = new BodyRequests(resolver, scopeOf, types);
  }

  /** The responses a call produces: through its value, its callback, or a `'response'` listener it registers. */
  sourcesOf(call: TSESTree.CallExpression): BodySources {
    const found: BodySources = { obligations: [], dropped: [] };
    const kind = this.#requests.promiseKind(call);
    if (kind) {
      this.#follow(call, kind, call, false, found);
      return found;
    }
    if (this.#requests.isHttpRequest(call)) {
      const callback = [...call.arguments].reverse().find((arg) => this.functions.resolve(arg));
      if (callback) this.#callback(callback, 'http', call, requestReleases(call, this.scopeOf), found);
      return found;
    }
    const callee = unwrap(call.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && LISTEN_METHODS.has(staticMemberName(callee) ?? '')) {
      if (staticString(call.arguments[0]) === 'response' && call.arguments[1] && this.#requests.isClientRequest(callee.object)) {
        this.#callback(call.arguments[1], 'http', call, emitterReleases(callee.object, this.scopeOf), found);
      }
      return found;
    }
    // `const [res] = await once(req, 'response')`
    if (
      this.resolver.is(callee, 'events', ['once']) &&
      staticString(call.arguments[1]) === 'response' &&
      call.arguments[0] &&
      this.#requests.isClientRequest(call.arguments[0])
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
    if (this.#requests.isKnown(callee)) return null;
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
      releases: signalReleases(call, this.scopeOf),
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
      releases: [...releases, ...signalReleases(call, this.scopeOf)],
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

