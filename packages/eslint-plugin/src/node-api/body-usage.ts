import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { climb } from '../util/climb.js';
import { contains } from '../util/contains.js';
import { isFunction, type FunctionNode } from '../util/is-function.js';
import { staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { argumentKind } from './argument-kind.js';
import {
  BODY_CHAIN_METHODS,
  BODY_PROPERTY,
  BODY_READ_METHODS,
  BODY_STREAM_METHODS,
  CONNECTION_DROP_METHODS,
  CONNECTION_MEMBERS,
  NO_BODY_STATUSES,
  STATUS_PROPERTIES,
  type BodyKind,
} from './bodies.js';
import type { BodyObligation } from './body-sources.js';
import type { FunctionResolver } from './functions.js';
import type { NodeResolver } from './resolve.js';
import { LISTEN_METHODS } from './sockets.js';

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;
export type BodyRole = 'response' | 'body';
type Role = BodyRole;

/** Which branch of a test runs only when there is no body left to consume. */
export type NoBodyBranch = 'consequent' | 'alternate' | null;

/** What the code does with one response's body, across aliases and same-file helpers. */
export interface BodyUsage {
  /**
   * Where a path takes care of the body: reads it (`res.json()`, `body.pipe(x)`, `for await`), releases it
   * (`body.cancel()`, `body.dump()`, `res.resume()`, `res.destroy()`, `req.destroy()`) or hands it on
   * (returned, passed to a function, stored in a field or an array, resolved).
   */
  readonly takes: readonly TSESTree.Node[];
  /**
   * Same-file helpers given the response that neither read nor keep it (`assertOk(res)`): a `throw` in
   * one leaves the body unread, since the caller's later read never runs.
   */
  readonly borrowers: readonly Borrower[];
  /** Which branch of an `if` has no body to consume: `if (res.status === 204)`, `if (!res.body)`. */
  noBodyBranch(test: TSESTree.Node): NoBodyBranch;
  /** Whether a `case` of `switch (res.status)` has no body to consume (`case 304:`). */
  noBodyCase(discriminant: TSESTree.Node, test: TSESTree.Node | null): boolean;
}

export interface Borrower {
  /** The call that lends the response: `assertOk(res)`. */
  readonly call: TSESTree.CallExpression;
  readonly fn: FunctionNode;
  readonly param: Variable;
  readonly role: Role;
}

const MAX_VARIABLES = 32;
const MAX_HELPER_DEPTH = 4;

/** Collects what the code does with a response's body. */
export class BodyUsageAnalyzer {
  constructor(
    private readonly resolver: NodeResolver,
    private readonly functions: FunctionResolver,
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
  ) {}

  usage(obligation: BodyObligation): BodyUsage {
    const tracker = new Tracker(this, obligation.kind);
    for (const v of obligation.responses) tracker.add(v, 'response');
    for (const v of obligation.bodies) tracker.add(v, 'body');
    tracker.statusOf(obligation.node);
    tracker.run(0);
    const takes = [...tracker.takes, ...obligation.releases];
    addNamedCallbacks(takes, obligation.region, this.scopeOf);
    const kind = obligation.kind;
    return {
      takes,
      borrowers: tracker.borrowers,
      noBodyBranch: (test) => {
        if (kind === 'http') return null;
        if (noBodyWhen(test, true, tracker, kind)) return 'consequent';
        if (noBodyWhen(test, false, tracker, kind)) return 'alternate';
        return null;
      },
      noBodyCase: (discriminant, test) =>
        kind !== 'http' &&
        kind !== 'aws' &&
        test !== null &&
        tracker.isStatus(unwrap(discriminant)) &&
        NO_BODY_STATUSES.has(numberValue(test) ?? -1),
    };
  }

  /** Whether a same-file helper takes care of the body it receives as parameter `index`. */
  helperTakes(fn: FunctionNode, index: number, role: Role, kind: BodyKind, depth: number): boolean {
    if (depth >= MAX_HELPER_DEPTH) return true;
    const param = this.functions.paramVariable(fn, index);
    if (!param) return true; // a pattern or rest parameter: cannot follow, trust it
    const tracker = new Tracker(this, kind);
    tracker.add(param, role);
    tracker.run(depth + 1);
    return tracker.takes.length > 0;
  }

  paramVariable(fn: FunctionNode, index: number): Variable | null {
    return this.functions.paramVariable(fn, index);
  }

  localCallee(callee: TSESTree.Node): FunctionNode | null {
    if (callee.type === AST_NODE_TYPES.Identifier) return this.functions.resolve(callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.ThisExpression) {
      const name = staticMemberName(callee);
      return name === null ? null : this.functions.classMember(callee, name);
    }
    return null;
  }

  argumentKind(call: TSESTree.CallExpression): ReturnType<typeof argumentKind> {
    return argumentKind(this.resolver, (c) => this.localCallee(c), call);
  }

  variableOf(id: TSESTree.Identifier): Variable | null {
    return ASTUtils.findVariable(this.scopeOf(id), id);
  }
}

/** Follows the variables that hold one response (or its body) and records what happens to them. */
class Tracker {
  readonly takes: TSESTree.Node[] = [];
  readonly borrowers: Borrower[] = [];
  readonly #queue: { variable: Variable; role: Role }[] = [];
  readonly #seen = new Set<Variable>();
  readonly #ids = new Map<TSESTree.Node, Role>();
  readonly #statusIds = new Set<TSESTree.Node>();

  constructor(
    private readonly analyzer: BodyUsageAnalyzer,
    private readonly kind: BodyKind,
  ) {}

  add(variable: Variable, role: Role): void {
    if (this.#seen.has(variable) || this.#seen.size >= MAX_VARIABLES) return;
    this.#seen.add(variable);
    this.#queue.push({ variable, role });
    for (const reference of variable.references) this.#ids.set(reference.identifier, role);
  }

  /** `const { statusCode, body } = …`: `statusCode` is the status of the response whose body is `body`. */
  statusOf(holder: TSESTree.Node): void {
    const prop = holder.parent?.type === AST_NODE_TYPES.AssignmentPattern ? holder.parent.parent : holder.parent;
    const pattern = prop?.parent;
    if (prop?.type !== AST_NODE_TYPES.Property || pattern?.type !== AST_NODE_TYPES.ObjectPattern) return;
    for (const other of pattern.properties) {
      if (other.type !== AST_NODE_TYPES.Property) continue;
      const value = other.value;
      if (value.type !== AST_NODE_TYPES.Identifier) continue;
      const key = !other.computed && other.key.type === AST_NODE_TYPES.Identifier ? other.key.name : null;
      if (key === null || !STATUS_PROPERTIES.has(key)) continue;
      const variable = this.analyzer.variableOf(value);
      for (const reference of variable?.references ?? []) this.#statusIds.add(reference.identifier);
    }
  }

  run(depth: number): void {
    for (let item = this.#queue.shift(); item; item = this.#queue.shift()) {
      for (const reference of item.variable.references) {
        if (!reference.isRead()) continue;
        if (item.role === 'response') this.#responseUse(reference.identifier, depth);
        else this.#bodyUse(reference.identifier, depth);
      }
    }
  }

  /** An identifier of a response variable, or `res.body` of one. */
  isResponse(node: TSESTree.Node): boolean {
    return node.type === AST_NODE_TYPES.Identifier && this.#ids.get(node) === 'response';
  }

  isBody(node: TSESTree.Node): boolean {
    if (node.type === AST_NODE_TYPES.Identifier) return this.#ids.get(node) === 'body';
    return (
      node.type === AST_NODE_TYPES.MemberExpression &&
      staticMemberName(node) === BODY_PROPERTY[this.kind] &&
      this.isResponse(unwrap(node.object))
    );
  }

  isStatus(node: TSESTree.Node): boolean {
    if (node.type === AST_NODE_TYPES.Identifier) return this.#statusIds.has(node);
    return (
      node.type === AST_NODE_TYPES.MemberExpression &&
      STATUS_PROPERTIES.has(staticMemberName(node) ?? '') &&
      this.isResponse(unwrap(node.object))
    );
  }

  #responseUse(id: TSESTree.Node, depth: number): void {
    const node = climb(id);
    const parent = node.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node) {
      const name = staticMemberName(parent);
      if (name !== null && name === BODY_PROPERTY[this.kind]) {
        this.#bodyUse(parent, depth);
        return;
      }
      const call = invocation(parent);
      if (call && name !== null && BODY_READ_METHODS.has(name)) this.takes.push(call);
      return;
    }
    this.#escape(id, node, 'response', depth);
  }

  #bodyUse(expr: TSESTree.Node, depth: number): void {
    const node = climb(expr);
    const parent = node.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node) {
      const name = staticMemberName(parent) ?? '';
      const call = invocation(parent);
      if (call) {
        if (BODY_STREAM_METHODS.has(name)) {
          this.takes.push(call);
        } else if (LISTEN_METHODS.has(name)) {
          const event = staticString(call.arguments[0]);
          if (event === 'data' || event === 'readable') this.takes.push(call);
          else this.#bodyUse(call, depth);
        } else if (BODY_CHAIN_METHODS.has(name)) {
          this.#bodyUse(call, depth);
        }
        return;
      }
      // `res.socket.destroy()`, `res.req.destroy()`: the connection goes, and the response with it.
      if (this.kind === 'http' && CONNECTION_MEMBERS.has(name)) {
        const outer = climb(parent).parent;
        const drop =
          outer?.type === AST_NODE_TYPES.MemberExpression && CONNECTION_DROP_METHODS.has(staticMemberName(outer) ?? '')
            ? invocation(outer)
            : null;
        if (drop) this.takes.push(drop);
      }
      return;
    }
    if (parent?.type === AST_NODE_TYPES.ForOfStatement && parent.right === node && parent.await) {
      this.takes.push(expr);
      return;
    }
    this.#escape(expr, node, 'body', depth);
  }

  /**
   * Uses that hand the value on: passed to a call, returned, yielded, thrown, stored in an object, array
   * or field; or copied to another variable, which is then followed too.
   */
  #escape(occurrence: TSESTree.Node, node: TSESTree.Node, role: Role, depth: number): void {
    const parent = node.parent;
    if (!parent) return;
    switch (parent.type) {
      case AST_NODE_TYPES.CallExpression:
        if (parent.callee !== node) this.#argument(parent, parent.arguments.indexOf(node as never), occurrence, role, depth);
        return;
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.ReturnStatement:
      case AST_NODE_TYPES.YieldExpression:
      case AST_NODE_TYPES.ThrowStatement:
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.SpreadElement:
        this.takes.push(occurrence);
        return;
      case AST_NODE_TYPES.ArrowFunctionExpression:
        if (parent.body === node) this.takes.push(occurrence);
        return;
      case AST_NODE_TYPES.Property:
        if (parent.value === node && parent.parent?.type === AST_NODE_TYPES.ObjectExpression) this.takes.push(occurrence);
        return;
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init === node) this.#copy(parent.id, role);
        return;
      case AST_NODE_TYPES.AssignmentExpression:
        if (parent.right !== node) return;
        if (parent.left.type === AST_NODE_TYPES.Identifier) this.#copy(parent.left, role);
        else this.takes.push(occurrence); // `this.res = res`: kept where others reach it
        return;
      default:
        return;
    }
  }

  #copy(target: TSESTree.Node, role: Role): void {
    if (target.type === AST_NODE_TYPES.Identifier) {
      const variable = this.analyzer.variableOf(target);
      if (variable) this.add(variable, role);
      return;
    }
    if (target.type !== AST_NODE_TYPES.ObjectPattern || role !== 'response') return;
    for (const prop of target.properties) {
      if (prop.type !== AST_NODE_TYPES.Property) continue;
      const key = !prop.computed && prop.key.type === AST_NODE_TYPES.Identifier ? prop.key.name : null;
      const value = prop.value.type === AST_NODE_TYPES.AssignmentPattern ? prop.value.left : prop.value;
      if (key === null || value.type !== AST_NODE_TYPES.Identifier) continue;
      const variable = this.analyzer.variableOf(value);
      if (!variable) continue;
      if (key === BODY_PROPERTY[this.kind]) this.add(variable, 'body');
      // `const { status } = res`: tests of `status` are tests of the response's status.
      else if (STATUS_PROPERTIES.has(key)) for (const reference of variable.references) this.#statusIds.add(reference.identifier);
    }
  }

  #argument(call: TSESTree.CallExpression, index: number, occurrence: TSESTree.Node, role: Role, depth: number): void {
    switch (this.analyzer.argumentKind(call)) {
      case 'ignore':
      case 'observer':
        // `console.log(res)`, `finished(res)`: looked at, not read.
        return;
      case 'events': {
        // `await once(res, 'end')` waits without reading; `on(res, 'data')` reads.
        const event = staticString(call.arguments[1]);
        if (role === 'body' && (event === 'data' || event === 'readable')) this.takes.push(call);
        return;
      }
      case 'local': {
        const fn = this.analyzer.localCallee(unwrap(call.callee));
        if (!fn || this.analyzer.helperTakes(fn, index, role, this.kind, depth)) {
          this.takes.push(occurrence);
          return;
        }
        const param = this.analyzer.paramVariable(fn, index);
        if (param) this.borrowers.push({ call, fn, param, role });
        return;
      }
      default:
        this.takes.push(occurrence);
    }
  }
}

/** The call that invokes a member: `x.m` in `x.m()` or `x?.m()`. */
function invocation(member: TSESTree.MemberExpression): TSESTree.CallExpression | null {
  const call = member.parent;
  return call?.type === AST_NODE_TYPES.CallExpression && call.callee === member ? call : null;
}

/**
 * Takes inside a named function of the region (`function done() { res.resume() }`) happen where the
 * function is called or passed on (`done()`, `res.on('end', done)`), not where it is declared.
 */
function addNamedCallbacks(takes: TSESTree.Node[], region: TSESTree.Node, scopeOf: (node: TSESTree.Node) => Scope): void {
  const done = new Set<TSESTree.Node>();
  for (let round = 0; round < 3; round++) {
    const before = takes.length;
    for (const take of [...takes]) {
      for (let fn: TSESTree.Node | undefined = take.parent; fn && fn !== region; fn = fn.parent) {
        if (!isFunction(fn) || done.has(fn) || !contains(region, fn)) continue;
        done.add(fn);
        const id =
          fn.type === AST_NODE_TYPES.FunctionDeclaration
            ? fn.id
            : fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier
              ? fn.parent.id
              : null;
        if (!id) continue;
        const variable = ASTUtils.findVariable(scopeOf(id), id);
        for (const reference of variable?.references ?? []) {
          if (reference.isRead() && !contains(fn, reference.identifier)) takes.push(reference.identifier);
        }
      }
    }
    if (takes.length === before) return;
  }
}

/** Whether `test` having the truth value `truthy` proves that there is no body left to consume. */
function noBodyWhen(test: TSESTree.Node, truthy: boolean, tracker: Tracker, kind: BodyKind): boolean {
  const expr = unwrap(test);
  switch (expr.type) {
    case AST_NODE_TYPES.UnaryExpression:
      return expr.operator === '!' && noBodyWhen(expr.argument, !truthy, tracker, kind);
    case AST_NODE_TYPES.LogicalExpression: {
      const a = (t: boolean) => noBodyWhen(expr.left, t, tracker, kind);
      const b = (t: boolean) => noBodyWhen(expr.right, t, tracker, kind);
      if (expr.operator === '||') return truthy ? a(true) && b(true) : a(false) || b(false);
      if (expr.operator === '&&') return truthy ? a(true) || b(true) : a(false) && b(false);
      return false;
    }
    case AST_NODE_TYPES.BinaryExpression: {
      const equal = expr.operator === '===' || expr.operator === '==';
      const unequal = expr.operator === '!==' || expr.operator === '!=';
      if (!equal && !unequal) return false;
      // Only `===` being true (or `!==` being false) says what the value is.
      if (equal !== truthy) return false;
      const left = unwrap(expr.left);
      const right = unwrap(expr.right);
      for (const [subject, value] of [
        [left, right],
        [right, left],
      ] as const) {
        if (kind !== 'aws' && tracker.isStatus(subject) && NO_BODY_STATUSES.has(numberValue(value) ?? -1)) return true;
        if ((tracker.isBody(subject) || tracker.isResponse(subject)) && isNullish(value)) return true;
      }
      return false;
    }
    case AST_NODE_TYPES.CallExpression: {
      // `[204, 304].includes(res.status)`
      const callee = expr.callee;
      if (!truthy || kind === 'aws' || callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      if (staticMemberName(callee) !== 'includes' || !expr.arguments[0] || !tracker.isStatus(unwrap(expr.arguments[0]))) {
        return false;
      }
      const list = unwrap(callee.object);
      return (
        list.type === AST_NODE_TYPES.ArrayExpression &&
        list.elements.length > 0 &&
        list.elements.every((e) => e !== null && NO_BODY_STATUSES.has(numberValue(e) ?? -1))
      );
    }
    case AST_NODE_TYPES.MemberExpression:
      // `if (res.bodyUsed)`: already read. `if (!res.body)`: nothing to read.
      if (staticMemberName(expr) === 'bodyUsed' && tracker.isResponse(unwrap(expr.object))) return truthy;
      return !truthy && tracker.isBody(expr);
    case AST_NODE_TYPES.Identifier:
      // `if (!res) return` after `fetch(u).catch(() => null)`: no response, no body.
      return !truthy && (tracker.isBody(expr) || tracker.isResponse(expr));
    default:
      return false;
  }
}

function numberValue(node: TSESTree.Node): number | null {
  const expr = unwrap(node);
  return expr.type === AST_NODE_TYPES.Literal && typeof expr.value === 'number' ? expr.value : null;
}

function isNullish(node: TSESTree.Node): boolean {
  const expr = unwrap(node);
  return (
    (expr.type === AST_NODE_TYPES.Literal && expr.value === null && !('regex' in expr)) ||
    (expr.type === AST_NODE_TYPES.Identifier && expr.name === 'undefined')
  );
}

