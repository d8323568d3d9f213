/**
 * Which calls are requests whose response carries a body: the global `fetch`, undici's `fetch`, `request`
 * and dispatchers' `request()`, node-fetch, the AWS SDK's streaming commands, `http(s).get/request` and
 * the `ClientRequest` they return; a HEAD request has no body. Every import form is resolved by
 * {@link NodeResolver}.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { browserOnly } from '../util/browser-only.js';
import { staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { AWS_STREAMING_COMMANDS, AWS_STREAMING_METHODS, UNDICI_DISPATCHERS, type BodyKind } from './bodies.js';
import type { NodeResolver } from './resolve.js';
import { CHAINABLE_METHODS, HTTP_REQUEST_FACTORIES } from './sockets.js';
import type { TypeInfo } from './types.js';

type Scope = TSESLint.Scope.Scope;

const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['globalThis', 'global', 'window', 'self']);

/** Recognises the requests whose responses carry a body. */
export class BodyRequests {
  constructor(
    private readonly resolver: NodeResolver,
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
    private readonly types: TypeInfo | null,
  ) {}

  /** What kind of response a promise-returning request call resolves to; null when it is not one (or is HEAD). */
  promiseKind(call: TSESTree.CallExpression): BodyKind | null {
    const callee = unwrap(call.callee);
    const [first, second] = call.arguments;
    if (this.#isGlobalFetch(callee)) {
      // A browser's fetch, behind a `typeof window` test: the browser owns its connections.
      if (browserOnly(call, this.scopeOf)) return null;
      return isHead(second, this.scopeOf) || isHeadRequest(first, this.scopeOf) ? null : 'fetch';
    }
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

  /** Whether a table knows the callee: the global `fetch`, or anything imported from a module. */
  isKnown(callee: TSESTree.Node): boolean {
    return this.#isGlobalFetch(callee) || this.resolver.resolve(callee) !== null;
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

  isHttpRequest(call: TSESTree.CallExpression): boolean {
    return this.resolver.is(call.callee, ['http', 'https'], HTTP_REQUEST_FACTORIES);
  }

  /** A `ClientRequest`: `http.request(…)` (through chained calls), a `const` holding one, or one by type. */
  isClientRequest(node: TSESTree.Node): boolean {
    let expr = unwrap(node);
    while (
      expr.type === AST_NODE_TYPES.CallExpression &&
      expr.callee.type === AST_NODE_TYPES.MemberExpression &&
      CHAINABLE_METHODS.has(staticMemberName(expr.callee) ?? '')
    ) {
      expr = unwrap(expr.callee.object);
    }
    if (expr.type === AST_NODE_TYPES.CallExpression && this.isHttpRequest(expr)) return true;
    if (expr.type === AST_NODE_TYPES.Identifier) {
      const init = this.#constInit(expr);
      if (init?.type === AST_NODE_TYPES.CallExpression && this.isClientRequest(init)) return true;
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
}

/** An object literal, inline or in a `const`. */
export function objectLiteral(node: TSESTree.Node | undefined, scopeOf: (node: TSESTree.Node) => Scope): TSESTree.ObjectExpression | null {
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

/** The value of the property `name` of an object literal, when its key is static. */
export function property(object: TSESTree.ObjectExpression, name: string): TSESTree.Node | null {
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
