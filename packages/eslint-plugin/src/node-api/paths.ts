import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { isFunction, type FunctionNode } from '../util/is-function.js';
import { staticMemberName } from '../util/static-name.js';
import { walk } from '../util/walk.js';
import { containsAny } from '../util/contains.js';
import { DEFER_CALLS, DESTROY_METHODS, LISTEN_METHODS, READ_EVENTS } from './sockets.js';
import type { SocketUsage } from './usage.js';

interface Flow {
  /** On every path that reaches this point, the socket has been closed, read or handed off. */
  readonly handled: boolean;
  /** Control can fall through to the next statement. */
  readonly completes: boolean;
}

export interface ExitOptions {
  /** Count `end()` as taking care of the socket on a path even when nothing read it before. */
  readonly endCounts?: boolean;
  /** Only closing the socket (or handing it off) takes care of it: the check for an 'end' listener. */
  readonly closesOnly?: boolean;
  /** More places that take care of the socket on their path, e.g. `socket.once('finish', socket.destroy)`. */
  readonly alsoHandling: readonly TSESTree.Node[];
}

/** An exit of a listener that leaves the socket unowned: a `return`/`throw`, or the end of the body. */
export interface UnhandledExit {
  /** `exit`: a return, throw or the end of the body; `rejection`: a `.then()` chain with no rejection handler. */
  readonly kind: 'exit' | 'rejection';
  readonly node: TSESTree.Node;
  readonly loc: TSESTree.SourceLocation;
}

/**
 * Finds the exits of `fn` through which the socket leaves neither destroyed, read, nor handed off.
 * Callbacks inside `fn` that deal with the socket (`authenticate(req, (err) => { … })`, `.then(…)`) are
 * walked as paths of their own; listeners registered with `.on()`/`.once()` are not, since they run later
 * and their early returns end an event, not the socket's life.
 */
export function unhandledExits(fn: FunctionNode, usage: SocketUsage, options: ExitOptions): UnhandledExit[] {
  const handling = handlingNodes(usage, options);
  // A helper given the socket's HTTP message that reaches `req.socket` takes care of it where it does.
  for (const call of usage.ownerCalls) {
    if (containsAny(call.fn, handling)) handling.push(call.call);
  }
  const handles = (node: TSESTree.Node): boolean => containsAny(node, handling);
  // `if (settled) return` where `settled = true` is set on a path that destroyed the socket.
  const guardFlags = flagsSetWhileHandling(fn, handles);
  const setByHandler = (test: TSESTree.Node): boolean => {
    let found = false;
    walk(test, (node) => {
      if (node.type === AST_NODE_TYPES.Identifier && guardFlags.has(node.name)) found = true;
      return !found;
    });
    return found;
  };
  // Throws inside a `try` with a `catch`, or in a `.then()` callback whose chain has a `.catch()` that
  // takes the socket, land where the socket is taken care of.
  const throwSafe = thenCallbacksWithHandlingCatch(fn, handles);
  let tryDepth = 0;
  let throwsCaught = false;

  const exits: UnhandledExit[] = [];
  const checkFunction = (target: FunctionNode): void => {
    throwsCaught = throwSafe.has(target);
    if (target.body.type !== AST_NODE_TYPES.BlockStatement) {
      if (!handles(target.body)) exits.push({ kind: 'exit', node: target.body, loc: target.body.loc });
      return;
    }
    const flow = walkList(target.body.body, false);
    if (flow.completes && !flow.handled) {
      const end = target.body.loc.end;
      exits.push({ kind: 'exit', node: target.body, loc: { start: { line: end.line, column: end.column - 1 }, end } });
    }
  };

  const walkList = (statements: readonly TSESTree.Statement[], handled: boolean): Flow => {
    let state = handled;
    for (const statement of statements) {
      if (state) return { handled: true, completes: true };
      const flow = walkStatement(statement, state);
      if (!flow.completes) return flow;
      state = flow.handled;
    }
    return { handled: state, completes: true };
  };

  const walkStatement = (s: TSESTree.Statement, handled: boolean): Flow => {
    switch (s.type) {
      case AST_NODE_TYPES.ThrowStatement:
        if (tryDepth > 0 || throwsCaught) return { handled: true, completes: false };
        if (!handled && !handles(s)) exits.push({ kind: 'exit', node: s, loc: s.loc });
        return { handled: true, completes: false };
      case AST_NODE_TYPES.ReturnStatement:
        if (!handled && !handles(s)) exits.push({ kind: 'exit', node: s, loc: s.loc });
        return { handled: true, completes: false };
      case AST_NODE_TYPES.BlockStatement:
        return walkList(s.body, handled);
      case AST_NODE_TYPES.IfStatement: {
        // A test of the socket's lifecycle state (`if (socket.destroyed) return`), of the connection that
        // owns it (`if (ws.readyState !== CONNECTING) return`) or of a flag set where it was destroyed
        // knows: trust it. Reading its address (`if (blocked(socket.remoteAddress))`) does not.
        if (handles(s.test) || checksState(s.test) || setByHandler(s.test)) {
          return { handled: true, completes: true };
        }
        const a = walkStatement(s.consequent, handled);
        const b = s.alternate ? walkStatement(s.alternate, handled) : { handled, completes: true };
        return {
          handled: (!a.completes || a.handled) && (!b.completes || b.handled),
          completes: a.completes || b.completes,
        };
      }
      case AST_NODE_TYPES.TryStatement: {
        if (s.finalizer && handles(s.finalizer)) return { handled: true, completes: true };
        if (s.handler) tryDepth++;
        const t = walkList(s.block.body, handled);
        if (s.handler) tryDepth--;
        // `try { await pipeline(socket, …) } catch {}`: what throws is what took the socket.
        const first = s.block.body[0];
        const caught = handled || (first !== undefined && handles(first));
        const c = s.handler ? walkList(s.handler.body.body, caught) : { handled: true, completes: false };
        if (s.finalizer) walkList(s.finalizer.body, handled);
        return {
          handled: (!t.completes || t.handled) && (!c.completes || c.handled),
          completes: t.completes || c.completes,
        };
      }
      case AST_NODE_TYPES.SwitchStatement: {
        if (handles(s.discriminant)) return { handled: true, completes: true };
        let all = true;
        let completes = false;
        for (const c of s.cases) {
          const body = c.consequent.filter((x) => x.type !== AST_NODE_TYPES.BreakStatement);
          const flow = walkList(body, handled);
          if (flow.completes) {
            completes = true;
            all &&= flow.handled;
          }
        }
        const hasDefault = s.cases.some((c) => c.test === null);
        return { handled: hasDefault ? all : handled, completes: completes || !hasDefault };
      }
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement: {
        const head =
          s.type === AST_NODE_TYPES.ForOfStatement || s.type === AST_NODE_TYPES.ForInStatement ? s.right : s.test;
        // `for await (const chunk of socket)`: the loop itself reads the socket.
        if ((head && handles(head)) || handling.includes(s)) return { handled: true, completes: true };
        const flow = walkStatement(s.body, handled);
        const once = s.type === AST_NODE_TYPES.DoWhileStatement && flow.completes && flow.handled;
        return { handled: handled || once, completes: true };
      }
      case AST_NODE_TYPES.LabeledStatement:
        return walkStatement(s.body, handled);
      case AST_NODE_TYPES.BreakStatement:
      case AST_NODE_TYPES.ContinueStatement:
        return { handled, completes: true };
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.ClassDeclaration:
        return { handled, completes: true };
      default: {
        const takes = handles(s);
        // `verify(token).then(() => wss.handleUpgrade(…))`: if the promise rejects, nothing takes it.
        if (takes && !handled && s.type === AST_NODE_TYPES.ExpressionStatement) {
          const then = unguardedThen(s.expression);
          if (then) exits.push({ kind: 'rejection', node: then, loc: then.callee.loc });
          // `.catch((err) => log(err))` after a `.then()` that took the socket: the rejection path. When
          // the chain's first call took it (`proxy.ws(req, socket).catch(noop)`), that call owns its errors.
          const root = chainRoot(s.expression);
          if (!handles(root)) for (const handler of rejectionHandlers(s.expression)) checkFunction(handler);
        }
        return { handled: handled || takes, completes: true };
      }
    }
  };

  checkFunction(fn);
  // A same-file helper that reads, closes or hands off the socket owns it while its callback runs:
  // `readProxyHeader(socket, (err) => { if (err) return; … })` where the helper destroyed it on error.
  const owningHelpers = new Set<TSESTree.Node>(
    usage.localCalls.filter((local) => containsAny(local.fn, takingNodes(usage))).map((local) => local.call),
  );
  for (const callback of callbacksWithin(fn)) {
    if (callback.parent && owningHelpers.has(callback.parent)) continue;
    if (handles(callback.body)) checkFunction(callback);
  }
  return exits;
}

/**
 * Places where a path takes care of the socket: close, read, pipe, hand-off, store, or an 'end' listener.
 * `end()` counts only after the socket is being read: on an unread socket 'end' is never emitted while
 * unread bytes remain, so 'close' never fires and the descriptor stays held (the kernel shows an
 * ownerless TIME_WAIT, `ss` shows nothing). `destroy()` always counts.
 */
function handlingNodes(usage: SocketUsage, options: ExitOptions): TSESTree.Node[] {
  if (options.closesOnly) {
    return [
      ...usage.closes.map((c) => c.call),
      ...usage.handoffs,
      ...usage.endedBy,
      ...usage.localCalls.map((c) => c.call),
      ...options.alsoHandling,
    ];
  }
  const readFrom = options.endCounts ? -1 : Math.min(...usage.reads.map((r) => r.range[0]));
  return [
    ...usage.closes.filter((c) => DESTROY_METHODS.has(c.method) || readFrom < c.call.range[0]).map((c) => c.call),
    ...options.alsoHandling,
    ...usage.reads,
    ...usage.endedBy,
    ...usage.handoffs,
    ...usage.stores,
    ...usage.announces,
    ...usage.localCalls.map((c) => c.call),
    ...usage.listeners.filter((l) => l.event === 'end' || READ_EVENTS.has(l.event)).map((l) => l.call),
  ];
}

/** Where code takes the socket over: reads it, destroys it or hands it off. */
function takingNodes(usage: SocketUsage): TSESTree.Node[] {
  return [
    ...usage.reads,
    ...usage.handoffs,
    ...usage.endedBy,
    ...usage.closes.filter((c) => DESTROY_METHODS.has(c.method)).map((c) => c.call),
  ];
}

/**
 * The last call of a promise chain ending in a one-argument `.then(…)`, with no `.catch()` and no
 * two-argument `.then()` anywhere in the chain: its rejection reaches nobody.
 */
function unguardedThen(expression: TSESTree.Expression): TSESTree.CallExpression | null {
  let expr: TSESTree.Node = expression;
  if (expr.type === AST_NODE_TYPES.UnaryExpression && expr.operator === 'void') expr = expr.argument;
  if (expr.type === AST_NODE_TYPES.AwaitExpression) expr = expr.argument;
  if (expr.type !== AST_NODE_TYPES.CallExpression) return null;
  const last = expr;
  if (last.callee.type !== AST_NODE_TYPES.MemberExpression || staticMemberName(last.callee) !== 'then') return null;
  for (let link: TSESTree.Node = last; link.type === AST_NODE_TYPES.CallExpression; ) {
    const callee: TSESTree.Node = link.callee;
    if (callee.type !== AST_NODE_TYPES.MemberExpression) break;
    const method = staticMemberName(callee);
    if (method === 'catch' || method === 'finally' || (method === 'then' && link.arguments.length > 1)) return null;
    link = callee.object;
  }
  return last;
}

/** Names of variables assigned inside a function (or callback) of `fn` that takes care of the socket. */
function flagsSetWhileHandling(fn: FunctionNode, handles: (node: TSESTree.Node) => boolean): Set<string> {
  const flags = new Set<string>();
  walk(fn.body, (node) => {
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.Identifier) {
      let scope: TSESTree.Node | undefined = node.parent;
      while (scope && !isFunction(scope)) scope = scope.parent;
      if (scope && scope !== fn && handles(scope)) flags.add(node.left.name);
    }
    return true;
  });
  return flags;
}

/** `.then(cb)` callbacks whose chain goes on to a `.catch(h)` (or `.then(_, h)`) that takes the socket. */
function thenCallbacksWithHandlingCatch(fn: FunctionNode, handles: (node: TSESTree.Node) => boolean): Set<FunctionNode> {
  const safe = new Set<FunctionNode>();
  walk(fn.body, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return true;
    if (staticMemberName(node.callee) !== 'then' || !isFunction(node.arguments[0])) return true;
    const callback = node.arguments[0];
    // Climb the chain: `x.then(cb).then(…).catch(h)`.
    for (let link: TSESTree.Node = node; ; ) {
      const member: TSESTree.Node | undefined = link.parent;
      const call: TSESTree.Node | undefined = member?.parent;
      if (member?.type !== AST_NODE_TYPES.MemberExpression || call?.type !== AST_NODE_TYPES.CallExpression) break;
      const method = staticMemberName(member);
      const handler = method === 'catch' ? call.arguments[0] : method === 'then' ? call.arguments[1] : undefined;
      if (handler && handles(handler)) safe.add(callback);
      link = call;
    }
    return true;
  });
  return safe;
}

/** The first call of a promise chain: `lookup(key)` in `lookup(key).then(…).catch(…)`. */
function chainRoot(expression: TSESTree.Expression): TSESTree.Node {
  let link: TSESTree.Node = expression.type === AST_NODE_TYPES.AwaitExpression ? expression.argument : expression;
  while (
    link.type === AST_NODE_TYPES.CallExpression &&
    link.callee.type === AST_NODE_TYPES.MemberExpression &&
    ['then', 'catch', 'finally'].includes(staticMemberName(link.callee) ?? '')
  ) {
    link = link.callee.object;
  }
  return link;
}

/** Inline rejection handlers of a promise chain: `.catch(fn)` and the second argument of `.then(ok, fn)`. */
function rejectionHandlers(expression: TSESTree.Expression): FunctionNode[] {
  const found: FunctionNode[] = [];
  let link: TSESTree.Node = expression;
  if (link.type === AST_NODE_TYPES.AwaitExpression) link = link.argument;
  while (link.type === AST_NODE_TYPES.CallExpression && link.callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = staticMemberName(link.callee);
    const handler = method === 'catch' ? link.arguments[0] : method === 'then' ? link.arguments[1] : undefined;
    if (isFunction(handler)) found.push(handler);
    link = link.callee.object;
  }
  return found;
}

const STATE_PROPERTIES =
  /^(?:destroyed|readyState|closed|aborted|writable|readable|writableEnded|writableFinished|readableEnded|_closed|_destroyed)$/;

/** Names of flags that record a connection's lifecycle (`closed`, `this._ended`, `settled`). */
const STATE_FLAGS = /^_?(?:is)?(?:closed|destroyed|ended|finished|done|settled|aborted|dead|terminated|handled|responded)$/i;

/** A test that reads a connection's lifecycle state (`x.destroyed`, `ws.readyState`, `if (!closed)`). */
function checksState(test: TSESTree.Node): boolean {
  let found = false;
  walk(test, (node) => {
    if (node.type === AST_NODE_TYPES.MemberExpression && STATE_PROPERTIES.test(staticMemberName(node) ?? '')) found = true;
    if (node.type === AST_NODE_TYPES.Identifier && STATE_FLAGS.test(node.name)) found = true;
    if (node.type === AST_NODE_TYPES.MemberExpression && STATE_FLAGS.test(staticMemberName(node) ?? '')) found = true;
    return !found;
  });
  return found;
}


/** Inline callbacks passed to calls inside `fn` that continue its work, except event listeners and timers. */
function callbacksWithin(fn: FunctionNode): FunctionNode[] {
  const found: FunctionNode[] = [];
  walk(fn.body, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return true;
    const callee = node.callee;
    const method =
      callee.type === AST_NODE_TYPES.MemberExpression
        ? staticMemberName(callee)
        : callee.type === AST_NODE_TYPES.Identifier
          ? callee.name
          : null;
    if (method !== null && (LISTEN_METHODS.has(method) || DEFER_CALLS.has(method))) return true;
    for (const arg of node.arguments) if (isFunction(arg)) found.push(arg);
    return true;
  });
  return found;
}
