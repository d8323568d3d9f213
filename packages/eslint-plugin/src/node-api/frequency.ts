import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { functionId } from '../util/function-id.js';
import { isFunction, type FunctionNode } from '../util/is-function.js';
import { calleeName, nameOf, staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import type { NodeResolver } from './resolve.js';
import { functionName } from './sites.js';
import type { TypeInfo } from './types.js';

type Scope = TSESLint.Scope.Scope;

/**
 * How often a piece of code runs, seen from the function around it:
 * - `module`: once, at module level (an IIFE and its `.then()` callbacks included);
 * - `initialiser`: once per instance (a constructor, a class field, a static block);
 * - `once`: in a function the file calls exactly once from module level (`main()`), or a `before` hook;
 * - `loop`: in the body of a loop or of an array iteration callback (`urls.map(u => …)`);
 * - `handler`: in a request handler (an http server callback, a route of express/koa/fastify/hapi, a
 *   `'request'`/`'upgrade'`/`'connect'`/`'message'` listener, a Next.js or Lambda handler) or in a
 *   function nested in one;
 * - `call`: in any other function: as often as it is called.
 */
export type Frequency =
  | { readonly kind: 'module' | 'initialiser' | 'once' }
  | { readonly kind: 'loop'; readonly node: TSESTree.Node }
  | { readonly kind: 'handler' | 'call'; readonly fn: FunctionNode };

/** Array methods whose callback runs once per element. */
const ITERATION_METHODS: ReadonlySet<string> = new Set([
  'map',
  'forEach',
  'flatMap',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
]);

/** Promise methods whose callback runs once, within the same call of the function around them. */
const PROMISE_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

/** Events an emitter fires once per request, connection or message. */
const REQUEST_EVENTS: ReadonlySet<string> = new Set([
  'request',
  'upgrade',
  'connect',
  'connection',
  'secureConnection',
  'stream',
  'message',
  'checkContinue',
  'checkExpectation',
]);

/** Router methods of express, koa-router, fastify, hapi, restify, polka, … */
const ROUTE_METHODS: ReadonlySet<string> = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'all',
  'use',
  'head',
  'options',
  'any',
]);

/** App-router handlers of Next.js and kin: `export async function GET(request)`. */
const HTTP_VERB_EXPORT = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/;

const REQUEST_PARAM = /^(?:req|request|incoming|incomingMessage)$/i;
const RESPONSE_PARAM = /^(?:res|response|resp|reply|h|outgoing|serverResponse)$/i;
const CONTEXT_PARAM = /^(?:ctx|context)$/;

/** Server factories whose callback runs once per request or connection. */
const HTTP_SERVER_FACTORIES: ReadonlySet<string> = new Set(['createServer', 'createSecureServer', 'Server']);

/** Test cases, test hooks and other callbacks a framework runs once (a test is not a request). */
const ONCE_CALLBACKS: ReadonlySet<string> = new Set([
  'describe',
  'it',
  'test',
  'before',
  'beforeAll',
  'beforeEach',
  'after',
  'afterAll',
  'afterEach',
  'listen',
]);

export class FrequencyFinder {
  readonly #cache = new WeakMap<FunctionNode, Frequency>();

  constructor(
    private readonly resolver: NodeResolver,
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
    private readonly types: TypeInfo | null,
  ) {}

  /** How often `node` runs. */
  of(node: TSESTree.Node): Frequency {
    let loop: TSESTree.Node | null = null;
    let current: TSESTree.Node = node;
    for (let depth = 0; depth < 32; depth++) {
      let parent: TSESTree.Node | undefined = current.parent;
      for (; parent && !isFunction(parent); current = parent, parent = parent.parent) {
        if (isLoopBody(parent, current)) loop ??= parent;
        if (
          (parent.type === AST_NODE_TYPES.PropertyDefinition && parent.value === current) ||
          parent.type === AST_NODE_TYPES.StaticBlock
        ) {
          return loop ? { kind: 'loop', node: loop } : { kind: 'initialiser' };
        }
      }
      if (!parent) return loop ? { kind: 'loop', node: loop } : { kind: 'module' };
      const fn = parent;
      const call = callbackOf(fn);
      if (call && ITERATION_METHODS.has(calleeName(call) ?? '')) {
        loop ??= fn;
        current = fn;
        continue;
      }
      if (call && this.#isImmediate(fn, call)) {
        current = fn;
        continue;
      }
      if (loop) return { kind: 'loop', node: loop };
      return this.#ofFunction(fn);
    }
    return { kind: 'module' };
  }

  /** Whether `fn`, or a function it is nested in, handles requests. */
  inHandler(fn: FunctionNode): boolean {
    for (let current: TSESTree.Node | undefined = fn; current; current = current.parent) {
      if (isFunction(current) && this.isHandler(current)) return true;
    }
    return false;
  }

  /** Whether `fn` is called once per request, connection or message. */
  isHandler(fn: FunctionNode): boolean {
    const params = fn.params.map((p) => (p.type === AST_NODE_TYPES.Identifier ? p.name : ''));
    if (REQUEST_PARAM.test(params[0] ?? '') && RESPONSE_PARAM.test(params[1] ?? '')) return true;
    if (CONTEXT_PARAM.test(params[0] ?? '') && params[1] === 'next') return true;
    if (this.types && fn.params.length >= 2 && this.types.has(fn.params[0]!, 'http:IncomingMessage')) {
      if (this.types.has(fn.params[1]!, 'http:ServerResponse')) return true;
    }
    const name = functionName(fn);
    if (name !== null && isExported(fn)) {
      if (HTTP_VERB_EXPORT.test(name)) return true;
      if (name === 'handler' && fn.params.length > 0) return true;
    }
    const call = callbackOf(fn);
    if (!call) return isLambdaExport(fn) || this.#isRouteOption(fn);
    const callee = unwrap(call.callee);
    const ref = this.resolver.resolve(callee);
    // An http(s)/http2 server's request handler, a net/tls server's connection listener.
    if (ref && ['http', 'https', 'http2', 'net', 'tls'].includes(ref.module)) {
      return ref.path.length === 1 && HTTP_SERVER_FACTORIES.has(ref.path[0]!);
    }
    const method = calleeName(call);
    if (method === 'on' || method === 'addListener' || method === 'prependListener') {
      return REQUEST_EVENTS.has(staticString(call.arguments[0]) ?? '');
    }
    if (method !== null && ROUTE_METHODS.has(method) && callee.type === AST_NODE_TYPES.MemberExpression) {
      const first = call.arguments[0];
      return first !== undefined && first !== fn && isPathLike(first);
    }
    return false;
  }

  #ofFunction(fn: FunctionNode): Frequency {
    const cached = this.#cache.get(fn);
    if (cached) return cached;
    // A recursive look-up (a function calling itself) is not "once".
    this.#cache.set(fn, { kind: 'call', fn });
    let result: Frequency;
    if (fn.parent?.type === AST_NODE_TYPES.MethodDefinition && fn.parent.kind === 'constructor') {
      result = { kind: 'initialiser' };
    } else if (this.inHandler(fn)) {
      result = { kind: 'handler', fn };
    } else if (this.#runsOnce(fn)) {
      result = { kind: 'once' };
    } else {
      result = { kind: 'call', fn };
    }
    this.#cache.set(fn, result);
    return result;
  }

  /** `(async () => { … })()`, `.then(cb)`, `new Promise(executor)`: run within the code around them. */
  #isImmediate(fn: FunctionNode, call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
    if (call.callee === fn) return true;
    if (call.type === AST_NODE_TYPES.NewExpression) {
      return call.callee.type === AST_NODE_TYPES.Identifier && call.callee.name === 'Promise';
    }
    return PROMISE_METHODS.has(calleeName(call) ?? '');
  }

  /** A function the file calls exactly once, from code that itself runs once; or a `before` hook. */
  #runsOnce(fn: FunctionNode): boolean {
    const call = callbackOf(fn);
    if (call) {
      const name = calleeName(call);
      const where = name !== null && ONCE_CALLBACKS.has(name) ? this.of(call).kind : null;
      return where === 'module' || where === 'once';
    }
    if (isExported(fn)) return false;
    const id = functionId(fn);
    if (!id) return false;
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    if (!variable) return false;
    const reads = variable.references.filter((r) => r.isRead());
    if (reads.length !== 1) return false;
    const use = reads[0]!.identifier;
    const parent = use.parent;
    if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.callee !== use) return false;
    const often = this.of(parent);
    const where = often.kind;
    // Called once by a factory (`createTransport()` returning `new Transport(…)`): it runs once per
    // client that factory makes, like the constructor it stands in for.
    if (where === 'call' && isFactory(often.fn)) return true;
    return where === 'module' || where === 'once' || where === 'initialiser';
  }

  /** `fastify.route({ handler })`, `server.route({ method, path, handler })`. */
  #isRouteOption(fn: FunctionNode): boolean {
    const property = fn.parent;
    if (property?.type !== AST_NODE_TYPES.Property || property.value !== fn) return false;
    const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : staticString(property.key);
    if (key !== 'handler') return false;
    const call = property.parent?.parent;
    return call?.type === AST_NODE_TYPES.CallExpression && calleeName(call) === 'route';
  }
}

/** The call `fn` is passed to as an argument (or called as, for an IIFE). */
export function callbackOf(fn: FunctionNode): TSESTree.CallExpression | TSESTree.NewExpression | null {
  let node: TSESTree.Node = fn;
  // `(async () => {})()`, `handler.bind(this)`
  while (node.parent?.type === AST_NODE_TYPES.TSAsExpression) node = node.parent;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) {
    if (parent.callee === node || parent.arguments.includes(node as TSESTree.CallExpressionArgument)) return parent;
  }
  return null;
}

/** Array iteration callbacks: their body runs once per element. */
export function isIterationCallback(fn: FunctionNode): boolean {
  const call = callbackOf(fn);
  return call !== null && call.callee !== fn && ITERATION_METHODS.has(calleeName(call) ?? '');
}

/** `.then()`/`.catch()`/`.finally()` callbacks, Promise executors and IIFEs: they run once, where they stand. */
export function isImmediateCallback(fn: FunctionNode): boolean {
  const call = callbackOf(fn);
  if (!call) return false;
  if (call.callee === fn) return true;
  if (call.type === AST_NODE_TYPES.NewExpression) {
    return call.callee.type === AST_NODE_TYPES.Identifier && call.callee.name === 'Promise';
  }
  return PROMISE_METHODS.has(calleeName(call) ?? '');
}


/** Whether `child` is a part of `loop` that runs once per iteration. */
function isLoopBody(loop: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (loop.type) {
    case AST_NODE_TYPES.ForStatement:
      return child === loop.body || child === loop.test || child === loop.update;
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
      return child === loop.body;
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return child === loop.body || child === loop.test;
    default:
      return false;
  }
}

function isPathLike(node: TSESTree.Node): boolean {
  const expr = unwrap(node);
  if (expr.type === AST_NODE_TYPES.Literal) return typeof expr.value === 'string' || 'regex' in expr;
  if (expr.type === AST_NODE_TYPES.TemplateLiteral) return true;
  if (expr.type === AST_NODE_TYPES.ArrayExpression) return expr.elements.some((e) => e !== null && isPathLike(e));
  return false;
}

const FACTORY_NAME = /^(?:create|make|build|new)[A-Z_\d]/;

/** A function named as a factory that returns a new instance: `createClient() { …; return new Client(…) }`. */
function isFactory(fn: FunctionNode): boolean {
  const name = functionName(fn);
  if (name === null || !FACTORY_NAME.test(name) || fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  return fn.body.body.some(
    (statement) =>
      statement.type === AST_NODE_TYPES.ReturnStatement &&
      statement.argument !== null &&
      unwrap(statement.argument).type === AST_NODE_TYPES.NewExpression,
  );
}

function isExported(fn: FunctionNode): boolean {
  let node: TSESTree.Node | undefined = fn.parent;
  if (node?.type === AST_NODE_TYPES.VariableDeclarator) node = node.parent?.parent;
  return node?.type === AST_NODE_TYPES.ExportNamedDeclaration || node?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
}

/** `exports.handler = async (event) => …`, `module.exports.handler = …`: an AWS Lambda entry point. */
function isLambdaExport(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent?.type !== AST_NODE_TYPES.AssignmentExpression || parent.right !== fn) return false;
  const left = parent.left;
  if (left.type !== AST_NODE_TYPES.MemberExpression || staticMemberName(left) !== 'handler') return false;
  const object = left.object;
  return (
    (object.type === AST_NODE_TYPES.Identifier && object.name === 'exports') ||
    (object.type === AST_NODE_TYPES.MemberExpression &&
      object.object.type === AST_NODE_TYPES.Identifier &&
      object.object.name === 'module' &&
      staticMemberName(object) === 'exports')
  );
}
