/**
 * Follows the control flow of a response's region (branches, loops, `switch`, `try`/`finally`, jumps)
 * to find the paths that leave it with the body still unread.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { contains, containsAny } from '../util/contains.js';
import { isFunction } from '../util/is-function.js';
import { isLoop, type LoopStatement } from '../util/is-loop.js';
import { walk } from '../util/walk.js';
import { BodyExitRecorder, type BodyExit, type BodyExitKind } from './body-exits.js';
import type { BodyRegion } from './body-sources.js';
import { SureTakes } from './body-takes.js';
import type { BodyUsage } from './body-usage.js';

export interface BodyPaths {
  readonly exits: BodyExit[];
  /** The response is replaced on a loop's next round (`res = await fetch(u)` again) while possibly unread. */
  readonly overwritten: boolean;
  /** Whether some path may reach `node` (an expression in the region) with the body still unread. */
  pendingAt(node: TSESTree.Node): boolean;
}

// The state of one response on the paths reaching a point, as a set: no response yet (or no body),
// a body waiting to be read, a body read or handed on. 0: no path reaches the point.
const NONE = 1;
const PENDING = 2;
const TAKEN = 4;

const take = (s: number): number => (s & PENDING ? (s & ~PENDING) | TAKEN : s);
const clear = (s: number): number => (s & PENDING ? (s & ~PENDING) | NONE : s);

interface Target {
  readonly labels: readonly string[];
  readonly loop: boolean;
  readonly switch: boolean;
  readonly handlers: number;
  /** The region itself (a `switch` whose `case` declares the response): breaking out of it drops the body. */
  readonly region: boolean;
  breaks: number;
  continues: number;
}

type Handler = { readonly kind: 'catch'; entry: number } | { readonly kind: 'finally' };

/**
 * Finds the paths of a region on which a response's body is left unread: every `return`, `throw`,
 * `break` or `continue` that leaves the region, and its end, reached while some path still holds an
 * unread body. A path takes care of the body at a statement that surely runs one of `usage.takes`
 * (callbacks count where they are passed: they are trusted to run). Explicit `throw`s inside a `try`
 * go to its `catch`; a `finally` that releases the body covers every exit through it.
 *
 * `unhandledExits()` (paths.ts) answers the same question for a socket handed to a listener, but its
 * socket owns the whole listener and a `throw` inside `try` is taken as handled by the `catch`; a
 * response is born mid-function (`const res = await fetch(u)`), lives in a block (a loop body, where
 * `continue` drops it), and a `catch` that cannot see it reads nothing. Hence a walker of its own.
 */
export function bodyExits(region: BodyRegion, start: TSESTree.Node | null, usage: BodyUsage): BodyPaths {
  return new Walker(start, usage).run(region);
}

class Walker {
  readonly #exits: BodyExitRecorder;
  readonly #sure: SureTakes;
  readonly #targets: Target[] = [];
  readonly #handlers: Handler[] = [];
  readonly #after = new Map<TSESTree.Node, number>();
  /** The state entering each statement or expression evaluated as a whole (after the response's birth). */
  readonly #entry = new Map<TSESTree.Node, number>();
  #dry = 0;
  #overwritten = false;

  constructor(
    private readonly start: TSESTree.Node | null,
    private readonly usage: BodyUsage,
  ) {
    this.#sure = new SureTakes(usage.takes);
    const pendingAfter = (node: TSESTree.Node) => ((this.#after.get(node) ?? 0) & PENDING) !== 0;
    this.#exits = new BodyExitRecorder(this.#sure, usage.takes, pendingAfter);
  }

  run(region: BodyRegion): BodyPaths {
    const initial = this.start ? NONE : PENDING;
    if (isFunction(region)) {
      if (region.body.type === AST_NODE_TYPES.BlockStatement) {
        const end = this.#list(region.body.body, initial);
        if (end & PENDING) this.#end(region.body.body, region.body, end);
      } else {
        const value = this.#expression(region.body, initial);
        if (value & PENDING) this.#leave(region.body, 'return', value);
      }
    } else if (region.type === AST_NODE_TYPES.SwitchStatement) {
      const end = this.#switch(region, initial, true);
      if (end & PENDING) this.#end([], region, end);
    } else {
      // The response lives in a `try` block whose `catch` releases it from outside (aborts the request's
      // signal): a `throw` out of the block lands there.
      const outer = region.parent;
      const caught =
        region.type === AST_NODE_TYPES.BlockStatement &&
        outer?.type === AST_NODE_TYPES.TryStatement &&
        outer.block === region &&
        outer.handler !== null &&
        this.#releases(outer.handler.body);
      if (caught) this.#handlers.push({ kind: 'catch', entry: 0 });
      const end = this.#list(region.body, initial);
      // The end of a module is not the end of its variables: exported functions may read them later.
      if (end & PENDING && region.type === AST_NODE_TYPES.BlockStatement) this.#end(region.body, region, end);
    }
    const entries = [...this.#entry];
    return {
      exits: this.#exits.exits,
      overwritten: this.#overwritten,
      pendingAt: (node) => {
        // The innermost statement evaluated as a whole that holds `node`; unknown places count as pending.
        let best: [TSESTree.Node, number] | null = null;
        for (const entry of entries) {
          if (contains(entry[0], node) && (!best || contains(best[0], entry[0]))) best = entry;
        }
        return best === null || (best[1] & PENDING) !== 0;
      },
    };
  }

  #list(statements: readonly TSESTree.Node[], state: number): number {
    let s = state;
    for (const statement of statements) {
      if (s === 0) return 0;
      s = this.#statement(statement, s);
    }
    return s;
  }

  #statement(node: TSESTree.Node, state: number): number {
    const s = this.#visit(node, state);
    this.#after.set(node, s);
    return s;
  }

  #visit(node: TSESTree.Node, state: number): number {
    if (state === 0) return 0;
    switch (node.type) {
      case AST_NODE_TYPES.BlockStatement:
        return this.#list(node.body, state);
      case AST_NODE_TYPES.IfStatement: {
        const s = this.#expression(node.test, state);
        const branch = this.usage.noBodyBranch(node.test);
        const a = this.#statement(node.consequent, branch === 'consequent' ? clear(s) : s);
        const skip = branch === 'alternate' ? clear(s) : s;
        const b = node.alternate ? this.#statement(node.alternate, skip) : skip;
        if (!node.alternate) this.#after.set(node.test, skip);
        return a | b;
      }
      case AST_NODE_TYPES.ReturnStatement: {
        const s = this.#expression(node, state);
        this.#leave(node, 'return', s);
        return 0;
      }
      case AST_NODE_TYPES.ThrowStatement: {
        const s = this.#expression(node, state);
        this.#throw(node, s);
        return 0;
      }
      case AST_NODE_TYPES.BreakStatement:
      case AST_NODE_TYPES.ContinueStatement:
        this.#jump(node, state);
        return 0;
      case AST_NODE_TYPES.LabeledStatement: {
        if (isLoop(node.body)) return this.#loop(node.body, state, labelsOf(node));
        const target = this.#push(labelsOf(node), false, false);
        const s = this.#statement(node.body, state);
        this.#targets.pop();
        return s | target.breaks;
      }
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
        return this.#loop(node, state, []);
      case AST_NODE_TYPES.SwitchStatement:
        return this.#switch(node, state);
      case AST_NODE_TYPES.TryStatement:
        return this.#try(node, state);
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.ClassDeclaration:
        // Runs when called: its takes count where it is called (see addNamedCallbacks).
        return state;
      default:
        return this.#expression(node, state);
    }
  }

  /** A statement or expression evaluated as a whole: the response may be created, then taken, in it. */
  #expression(node: TSESTree.Node, state: number): number {
    if (state === 0) return 0;
    let s = state;
    if (this.start && contains(node, this.start)) s = PENDING;
    if (!this.#dry) this.#entry.set(node, (this.#entry.get(node) ?? 0) | s);
    if (this.#sure.surely(node)) return take(s);
    // `const data = res.ok ? await res.json() : null`: read on some paths through here, not all.
    return s & PENDING && containsAny(node, this.usage.takes) ? s | TAKEN : s;
  }

  #throw(node: TSESTree.ThrowStatement, state: number): void {
    for (let i = this.#handlers.length - 1; i >= 0; i--) {
      const handler = this.#handlers[i]!;
      if (handler.kind === 'finally') return;
      handler.entry |= state;
      return;
    }
    this.#leave(node, 'throw', state);
  }

  #jump(node: TSESTree.BreakStatement | TSESTree.ContinueStatement, state: number): void {
    const label = node.label?.name;
    const isContinue = node.type === AST_NODE_TYPES.ContinueStatement;
    for (let i = this.#targets.length - 1; i >= 0; i--) {
      const target = this.#targets[i]!;
      const matches = label ? target.labels.includes(label) : isContinue ? target.loop : target.loop || target.switch;
      if (!matches) continue;
      if (target.region) break;
      const released = this.#handlers.slice(target.handlers).some((h) => h.kind === 'finally');
      const s = released ? take(state) : state;
      if (isContinue) target.continues |= s;
      else target.breaks |= s;
      return;
    }
    // The loop or switch is outside the region: the response goes out of scope here.
    this.#leave(node, isContinue ? 'continue' : 'break', state);
  }

  #push(labels: readonly string[], loop: boolean, isSwitch: boolean, region = false): Target {
    const target: Target = {
      labels,
      loop,
      switch: isSwitch,
      handlers: this.#handlers.length,
      region,
      breaks: 0,
      continues: 0,
    };
    this.#targets.push(target);
    return target;
  }

  #loop(node: LoopStatement, state: number, labels: readonly string[]): number {
    let head = state;
    if (node.type === AST_NODE_TYPES.ForStatement && node.init) head = this.#expression(node.init, head);
    if (node.type === AST_NODE_TYPES.ForOfStatement || node.type === AST_NODE_TYPES.ForInStatement) {
      head = this.#expression(node.right, head);
    }
    const test = node.type === AST_NODE_TYPES.ForInStatement || node.type === AST_NODE_TYPES.ForOfStatement ? null : node.test;
    const endless =
      node.type !== AST_NODE_TYPES.ForInStatement &&
      node.type !== AST_NODE_TYPES.ForOfStatement &&
      (test === null || isTrue(test));
    const target = this.#push(labels, true, false);
    let done = 0;
    let back = 0;
    // Round and round until the states reaching the loop's head stop growing (three bits: a few rounds).
    for (let round = 0; round < 4; round++) {
      let entry = head;
      if (node.type !== AST_NODE_TYPES.DoWhileStatement) {
        entry = test ? this.#expression(test, head) : head;
        if (!endless) done |= entry;
      }
      back = this.#statement(node.body, entry) | target.continues;
      if (node.type === AST_NODE_TYPES.ForStatement && node.update) back = this.#expression(node.update, back);
      if (node.type === AST_NODE_TYPES.DoWhileStatement) {
        back = this.#expression(node.test, back);
        if (!endless) done |= back;
      }
      if ((head | back) === head) break;
      head |= back;
    }
    this.#targets.pop();
    if (this.start && contains(node.body, this.start) && back & PENDING && !this.#dry) this.#overwritten = true;
    return done | target.breaks;
  }

  #switch(node: TSESTree.SwitchStatement, state: number, isRegion = false): number {
    const s = this.#expression(node.discriminant, state);
    const target = this.#push([], false, true, isRegion);
    let fallthrough = 0;
    for (const c of node.cases) {
      const entry = this.usage.noBodyCase(node.discriminant, c.test) ? clear(s) : s;
      fallthrough = this.#list(c.consequent, fallthrough | entry);
    }
    this.#targets.pop();
    const hasDefault = node.cases.some((c) => c.test === null);
    return fallthrough | target.breaks | (hasDefault ? 0 : s);
  }

  #try(node: TSESTree.TryStatement, state: number): number {
    const releases = node.finalizer !== null && this.#releases(node.finalizer);
    if (releases) this.#handlers.push({ kind: 'finally' });
    const handler = node.handler ? { kind: 'catch' as const, entry: 0 } : null;
    if (handler) this.#handlers.push(handler);
    // `try { validate(res.headers) } catch { return }`: a same-file function that throws, called while the
    // body is unread, lands in the catch with it unread.
    if (handler && state & PENDING && this.#throwsFirst(node.block)) handler.entry |= state & PENDING;
    const t = this.#list(node.block.body, state);
    if (handler) this.#handlers.pop();
    // Exceptions we cannot see (a failed `await`) are taken to happen before the response exists.
    const c = node.handler && handler ? this.#list(node.handler.body.body, handler.entry | NONE) : 0;
    if (releases) this.#handlers.pop();
    const out = t | c;
    if (!node.finalizer) return out;
    const f = this.#list(node.finalizer.body, out || NONE);
    return out ? f : 0;
  }

  /** Whether the block calls a same-file function that can throw before anything in it takes the body. */
  #throwsFirst(block: TSESTree.BlockStatement): boolean {
    for (const statement of block.body) {
      if (this.#sure.surely(statement) || containsAny(statement, this.usage.takes)) return false;
      let throws = false;
      walk(statement, (node) => {
        if (throws || isFunction(node)) return false;
        if (node.type === AST_NODE_TYPES.CallExpression) throws = this.usage.callThrows(node);
        return !throws;
      });
      if (throws) return true;
    }
    return false;
  }

  /** Whether a `finally` block takes care of a pending body on every path through it. */
  #releases(block: TSESTree.BlockStatement): boolean {
    this.#dry++;
    const s = this.#list(block.body, PENDING);
    this.#dry--;
    return s !== 0 && !(s & PENDING);
  }

  #leave(node: TSESTree.Node, kind: BodyExitKind, state: number): void {
    if (this.#dry || !(state & PENDING)) return;
    if (kind !== 'throw' && this.#handlers.some((h) => h.kind === 'finally')) return;
    this.#exits.leave(node, kind, state === PENDING);
  }

  /** The end of a region reached with a pending body. */
  #end(statements: readonly TSESTree.Node[], region: TSESTree.Node, state: number): void {
    if (this.#dry) return;
    this.#exits.end(statements, region, state === PENDING);
  }
}

function labelsOf(node: TSESTree.LabeledStatement): string[] {
  const labels = [node.label.name];
  for (let parent = node.parent; parent?.type === AST_NODE_TYPES.LabeledStatement; parent = parent.parent) {
    labels.push(parent.label.name);
  }
  return labels;
}

function isTrue(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Literal && (node.value === true || node.value === 1);
}
