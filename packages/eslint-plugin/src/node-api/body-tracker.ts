/**
 * Follows the variables that hold one response (or its body), across aliases and same-file helpers, and
 * records where the code reads, releases or hands on the body, and which names are its status.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { climb } from '../util/climb.js';
import { staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import {
  BODY_CHAIN_METHODS,
  BODY_PROPERTY,
  BODY_READ_METHODS,
  BODY_STREAM_METHODS,
  CONNECTION_DROP_METHODS,
  CONNECTION_MEMBERS,
  STATUS_PROPERTIES,
  type BodyKind,
} from './bodies.js';
import type { BodyRole, BodyUsageAnalyzer, Borrower } from './body-usage.js';
import { LISTEN_METHODS } from './sockets.js';

type Variable = TSESLint.Scope.Variable;
type Role = BodyRole;

const MAX_VARIABLES = 32;

/** Follows the variables that hold one response (or its body) and records what happens to them. */
export class Tracker {
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
