/**
 * What the code does with one response's body: where each path reads, releases or hands it on, which
 * helpers only borrow it, and which branches have no body to consume.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { functionId } from '../util/function-id.js';
import { contains } from '../util/contains.js';
import { isFunction, type FunctionNode } from '../util/is-function.js';
import { unwrap } from '../util/unwrap.js';
import { walk } from '../util/walk.js';
import { argumentKind } from './argument-kind.js';
import { NO_BODY_STATUSES, type BodyKind } from './bodies.js';
import type { BodyObligation } from './body-sources.js';
import { Tracker } from './body-tracker.js';
import type { FunctionResolver } from './functions.js';
import { noBodyWhen, numberValue } from './no-body.js';
import type { NodeResolver } from './resolve.js';

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
  /** Whether a call runs a same-file function with a `throw` of its own (`validate(res.headers)`). */
  callThrows(call: TSESTree.CallExpression): boolean;
}

export interface Borrower {
  /** The call that lends the response: `assertOk(res)`. */
  readonly call: TSESTree.CallExpression;
  readonly fn: FunctionNode;
  readonly param: Variable;
  readonly role: Role;
}

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
      callThrows: (call) => {
        const fn = this.functions.localCallee(unwrap(call.callee));
        let throws = false;
        if (fn) {
          walk(fn.body, (node) => {
            if (node.type === AST_NODE_TYPES.ThrowStatement) throws = true;
            return !throws && !isFunction(node);
          });
        }
        return throws;
      },
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
    return this.functions.localCallee(callee);
  }

  argumentKind(call: TSESTree.CallExpression): ReturnType<typeof argumentKind> {
    return argumentKind(this.resolver, (c) => this.localCallee(c), call);
  }

  variableOf(id: TSESTree.Identifier): Variable | null {
    return ASTUtils.findVariable(this.scopeOf(id), id);
  }
}

/**
 * Takes inside a named function (`function done() { res.resume() }`, `const finish = () => controller.abort()`)
 * happen where the function is called or passed on (`done()`, `res.on('end', done)`), not where it is
 * declared — also a function declared beside the region (before the `try` block a response lives in).
 */
function addNamedCallbacks(takes: TSESTree.Node[], region: TSESTree.Node, scopeOf: (node: TSESTree.Node) => Scope): void {
  const done = new Set<TSESTree.Node>();
  for (let round = 0; round < 3; round++) {
    const before = takes.length;
    for (const take of [...takes]) {
      for (let fn: TSESTree.Node | undefined = take.parent; fn && fn !== region; fn = fn.parent) {
        // Not a function the region is in: its callers are outside it.
        if (!isFunction(fn) || done.has(fn) || contains(fn, region)) continue;
        done.add(fn);
        const id = functionId(fn);
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
