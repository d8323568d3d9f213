/**
 * The exits at which a response's body is left unread, as a rule reports them: which statement, branch
 * or missing `else` to blame for a path that leaves the region with the body pending.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { containsAny } from '../util/contains.js';
import type { SureTakes } from './body-takes.js';

/**
 * How a path leaves a response's region with its body still unread:
 * - `return`, `throw`, `break`, `continue`: that statement;
 * - `branch`: a branch that falls through to the end (`if (ok) res.pipe(f); else cb(err);`), or the
 *   branch of a returned `ok ? res.json() : null` that does not read;
 * - `else`: the missing `else` of the last `if`;
 * - `end`: the end of the function or block, when no single branch is to blame.
 */
export type BodyExitKind = 'return' | 'throw' | 'break' | 'continue' | 'branch' | 'else' | 'end';

export interface BodyExit {
  readonly kind: BodyExitKind;
  readonly node: TSESTree.Node;
  readonly loc: TSESTree.SourceLocation;
  /** No path reaching this exit has read or released the body: a release inserted before it is safe. */
  readonly onlyPending: boolean;
}

/** Records the exits of one region, one per node, blaming the branch that let the body through. */
export class BodyExitRecorder {
  readonly #exits = new Map<TSESTree.Node, BodyExit>();

  constructor(
    private readonly sure: SureTakes,
    private readonly takes: readonly TSESTree.Node[],
    /** Whether some path leaves `node` (a statement, or the test of an `if` without `else`) with the body pending. */
    private readonly pendingAfter: (node: TSESTree.Node) => boolean,
  ) {}

  get exits(): BodyExit[] {
    return [...this.#exits.values()];
  }

  /** A path leaves the region at `node` with the body pending; `onlyPending`: no path reaching it took the body. */
  leave(node: TSESTree.Node, kind: BodyExitKind, onlyPending: boolean): void {
    // `return ok ? res.json() : null`: the branch that drops the body is the exit.
    let at: TSESTree.Node = node;
    let exitKind = kind;
    const value = node.type === AST_NODE_TYPES.ReturnStatement ? node.argument : kind === 'return' ? node : null;
    const branch = value ? this.#droppingBranch(value) : null;
    if (branch) {
      at = branch;
      exitKind = 'branch';
    }
    this.#record(at, exitKind, onlyPending && !containsAny(node, this.takes));
  }

  /** In `c ? a : b` where one arm takes the body and the other does not, the other (innermost such). */
  #droppingBranch(expr: TSESTree.Node): TSESTree.Node | null {
    if (expr.type !== AST_NODE_TYPES.ConditionalExpression || this.sure.surely(expr.test)) return null;
    const a = this.sure.surely(expr.consequent);
    const b = this.sure.surely(expr.alternate);
    if (a === b) return null;
    const dropping = a ? expr.alternate : expr.consequent;
    return this.#droppingBranch(dropping) ?? dropping;
  }

  /** The end of a region reached with a pending body: blame the branch that let it through, if one did. */
  end(statements: readonly TSESTree.Node[], region: TSESTree.Node, onlyPending: boolean): void {
    const blame = this.#blame(statements);
    if (blame) {
      this.#record(blame.node, blame.kind, false);
      return;
    }
    const end = region.loc.end;
    this.#record(region, 'end', onlyPending, { start: { line: end.line, column: end.column - 1 }, end });
  }

  #blame(statements: readonly TSESTree.Node[]): { node: TSESTree.Node; kind: BodyExitKind } | null {
    const last = statements[statements.length - 1];
    if (last?.type !== AST_NODE_TYPES.IfStatement) return null;
    const consequent = this.pendingAfter(last.consequent);
    const alternate = this.pendingAfter(last.alternate ?? last.test);
    if (consequent === alternate) return null;
    if (!consequent && !last.alternate) return { node: last, kind: 'else' };
    return this.#blameIn(consequent ? last.consequent : last.alternate!);
  }

  #blameIn(branch: TSESTree.Node): { node: TSESTree.Node; kind: BodyExitKind } {
    if (branch.type === AST_NODE_TYPES.BlockStatement) {
      const inner = this.#blame(branch.body);
      if (inner) return inner;
      const last = branch.body[branch.body.length - 1];
      return { node: last ?? branch, kind: 'branch' };
    }
    if (branch.type === AST_NODE_TYPES.IfStatement) return this.#blame([branch]) ?? { node: branch, kind: 'branch' };
    return { node: branch, kind: 'branch' };
  }

  #record(node: TSESTree.Node, kind: BodyExitKind, onlyPending: boolean, loc: TSESTree.SourceLocation = node.loc): void {
    const seen = this.#exits.get(node);
    this.#exits.set(node, { kind, node, loc, onlyPending: onlyPending && (seen?.onlyPending ?? true) });
  }
}
