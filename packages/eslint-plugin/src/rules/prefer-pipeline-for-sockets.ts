import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { CLOSE_METHODS, nodeApiFor, SocketRef } from '../node-api/index.js';
import { enclosingClassBody } from '../node-api/functions.js';
import { CHAINABLE_METHODS, LISTEN_METHODS, OBSERVER_CALLS } from '../node-api/sockets.js';
import { StreamKindFinder, type StreamKind } from '../node-api/stream-kinds.js';
import { createRule } from '../util/create-rule.js';
import { enclosingFunction } from '../util/enclosing-function.js';
import { importNamed } from '../util/insert-import.js';
import { isFunction, type FunctionNode } from '../util/is-function.js';
import { staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { walk } from '../util/walk.js';

type MessageIds = 'pipeWithoutTeardown' | 'suggestPipeline';
type Options = [{ checkHttpMessages?: boolean }];
type Variable = TSESLint.Scope.Variable;

/** Events on which a stream that failed or went away tells its listeners. 'end' is not one: it means success. */
const TEARDOWN_EVENTS: ReadonlySet<string> = new Set(['error', 'close', 'aborted']);

/** One stream of a `a.pipe(b).pipe(c)` chain. */
interface Member {
  readonly node: TSESTree.Node;
  /** Listeners registered inside the chain itself: `a.on('error', h).pipe(b)`. */
  readonly listeners: { readonly event: string; readonly handler: TSESTree.Node }[];
  kind: StreamKind | null;
  key: Variable | string;
}

export default createRule<Options, MessageIds>({
  name: 'prefer-pipeline-for-sockets',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require stream.pipeline() (or error teardown on both sides) when piping sockets',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      pipeWithoutTeardown:
        "pipe() joins '{{a}}' and '{{b}}', and nothing closes '{{y}}' when '{{x}}' fails or closes: pipe() forwards neither errors nor closes, so the other side stays open — in CLOSE_WAIT once its peer hangs up, holding a file descriptor for good. Use stream.pipeline(), which destroys every stream when one fails, or destroy the other side in an 'error' or 'close' listener of each.",
      suggestPipeline: 'Rewrite as {{callee}}(…), which destroys every stream when one fails.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkHttpMessages: {
            type: 'boolean',
            description:
              'Also check pipes between a socket and an HTTP request or response (IncomingMessage, ServerResponse, ClientRequest).',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ checkHttpMessages: true }],
  create(context, [options]) {
    const api = nodeApiFor(context);
    const sourceCode = context.sourceCode;
    const scopeOf = (node: TSESTree.Node) => sourceCode.getScope(node);
    const kinds = new StreamKindFinder(api.resolver, api.functions, api.sites, scopeOf, api.types);
    const pipes: TSESTree.CallExpression[] = [];
    const observers: TSESTree.CallExpression[] = [];
    const done = new WeakSet<TSESTree.Node>();
    const reported = new Set<string>();
    const refs = new Map<Variable | string, SocketRef | null>();
    const keyIds = new Map<Variable | string, number>();

    /** Which stream an expression is: its variable, or its text; `b.pipe(c)` and `c.on(…)` are `c`. */
    const keyOf = (node: TSESTree.Node): Variable | string => {
      const expr = unwrap(node);
      if (expr.type === AST_NODE_TYPES.Identifier) return ASTUtils.findVariable(scopeOf(expr), expr) ?? expr.name;
      if (expr.type === AST_NODE_TYPES.CallExpression && expr.callee.type === AST_NODE_TYPES.MemberExpression) {
        const method = staticMemberName(expr.callee);
        const destination = expr.arguments[0];
        if (method === 'pipe' && destination && destination.type !== AST_NODE_TYPES.SpreadElement) {
          return keyOf(destination);
        }
        if (method !== null && isChainLink(method)) return keyOf(expr.callee.object);
      }
      return sourceCode.getText(expr);
    };
    const idOf = (key: Variable | string): number => {
      if (!keyIds.has(key)) keyIds.set(key, keyIds.size);
      return keyIds.get(key)!;
    };

    /** The socket as `SocketRef` sees it (with its aliases), for the usage analysis. */
    const refOf = (member: Member): SocketRef | null => {
      if (refs.has(member.key)) return refs.get(member.key)!;
      const expr = unwrap(member.node);
      let ref: SocketRef | null = null;
      if (typeof member.key !== 'string') {
        ref = SocketRef.ofVariable(member.key);
      } else if (expr.type === AST_NODE_TYPES.MemberExpression && expr.object.type === AST_NODE_TYPES.ThisExpression) {
        const field = staticMemberName(expr);
        const body = enclosingClassBody(expr);
        if (field !== null && body) {
          ref = new SocketRef(field);
          ref.addField(body, field);
        }
      }
      if (ref) api.usage.usage(ref);
      refs.set(member.key, ref);
      return ref;
    };

    /** Whether something closes `y` once `x` fails or closes: an 'error'/'close' listener of `x`, or `finished(x, cb)`. */
    const tearsDown = (x: Member, y: Member): boolean => {
      const refX = refOf(x);
      const refY = refOf(y);
      const handlers = x.listeners.filter((l) => TEARDOWN_EVENTS.has(l.event)).map((l) => l.handler);
      // `req.on('close', …)` also speaks for `res`: one exchange, one socket.
      const partner = typeof x.key === 'string' ? null : kinds.partner(x.key);
      const partnerRef = partner ? refOf({ node: x.node, listeners: [], kind: 'message', key: partner }) : null;
      for (const ref of [refX, partnerRef]) {
        if (!ref) continue;
        for (const listener of api.usage.usage(ref).listeners) {
          if (listener.handler && TEARDOWN_EVENTS.has(listener.event)) handlers.push(listener.handler);
        }
      }
      if (refX) {
        for (const call of observers) {
          const first = call.arguments[0];
          const last = call.arguments[call.arguments.length - 1];
          if (first && last && last !== first && refX.matches(unwrap(first))) handlers.push(last);
        }
      }
      // A handler we cannot follow (imported, computed) may well close it. When `y` is kept in a
      // collection (`proxySockets.push(proxySocket)`), a handler that closes what it holds
      // (`for (const p of proxySockets) p.end()`) closes `y` too.
      const stored = refY !== null && api.usage.usage(refY).stores.length > 0;
      // Destroying `proxyReq` destroys `proxyRes`; ending `res` ends the exchange `req` belongs to.
      const partnerY = typeof y.key === 'string' ? null : kinds.partner(y.key);
      const partnerRefY = partnerY ? refOf({ node: y.node, listeners: [], kind: 'message', key: partnerY }) : null;
      return handlers.some((handler) => {
        if (logsOrIgnores(handler)) return false;
        if (!refY) return true;
        if (api.usage.listenerCloses(handler, refY) !== false) return true;
        if (partnerRefY && api.usage.listenerCloses(handler, partnerRefY) === true) return true;
        const fn = stored ? api.functions.resolve(handler) : null;
        return fn !== null && closesAnything(fn, new Set());
      });
    };

    /** Whether `fn`, or a same-file function it calls, ends or destroys anything at all. */
    const closesAnything = (fn: FunctionNode, visited: Set<FunctionNode>): boolean => {
      if (visited.has(fn) || visited.size > 8) return false;
      visited.add(fn);
      let found = false;
      walk(fn.body, (node) => {
        if (found || node.type !== AST_NODE_TYPES.CallExpression) return !found;
        const callee = unwrap(node.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression && CLOSE_METHODS.has(staticMemberName(callee) ?? '')) {
          found = true;
        } else if (callee.type === AST_NODE_TYPES.Identifier) {
          const local = api.functions.resolve(callee);
          if (local && closesAnything(local, visited)) found = true;
        }
        return !found;
      });
      return found;
    };

    const check = (pipe: TSESTree.CallExpression): void => {
      if (done.has(pipe)) return;
      const chain = chainOf(pipe);
      if (!chain) return;
      const { members, innermost } = chain;
      // `a.pipe(b); b.pipe(a);` is one tunnel, `req.pipe(up); up.pipe(res);` one proxy: reported once,
      // rewritten as one pipeline.
      const next = chain.rewritable && !chain.listens ? continuation(pipe, members[members.length - 1]!, keyOf) : null;
      if (next) {
        done.add(next.expression);
        const destination = (next.expression as TSESTree.CallExpression).arguments[0]!;
        members.push({ node: destination, listeners: [], kind: null, key: '' });
      }
      for (const member of members) {
        member.kind = kinds.kind(member.node);
        member.key = keyOf(member.node);
      }
      const joined = members.filter(
        (m) => m.kind === 'socket' || (m.kind === 'message' && options.checkHttpMessages !== false),
      );
      const streams = distinct(joined);
      if (streams.length < 2 || !(streams.some((m) => m.kind === 'socket') || crossesExchanges(streams))) return;
      // One report per pair of streams in a function: `a.pipe(b)` here and `b.pipe(a)` in a callback.
      const pair = streams.map((m) => idOf(m.key)).sort((p, q) => p - q);
      const where = `${pair.join(':')}@${enclosingFunction(pipe)?.range[0] ?? -1}`;
      if (reported.has(where)) return;

      // Each link needs a teardown both ways; streams in between (a transform) have their own errors.
      let open: [Member, Member] | null = null;
      for (let i = 0; i + 1 < joined.length && !open; i++) {
        const [x, y] = [joined[i]!, joined[i + 1]!];
        if (x.key === y.key) continue;
        if (!tearsDown(x, y)) open = [x, y];
        else if (!tearsDown(y, x)) open = [y, x];
      }
      if (!open) return;
      reported.add(where);
      const text = (m: Member) => sourceCode.getText(unwrap(m.node));
      const [x, y] = open;
      const property = (innermost.callee as TSESTree.MemberExpression).property;
      context.report({
        node: property,
        messageId: 'pipeWithoutTeardown',
        data: { a: text(streams[0]!), b: text(streams[1]!), x: text(x), y: text(y) },
        suggest: chain.rewritable ? suggestion(pipe, members, next) : [],
      });
    };

    /**
     * A server's request or response piped to or from a client request or its response: a proxy
     * between two exchanges, where a client that goes away leaves the upstream request open
     * (node-http-proxy#158, #1559). `req.pipe(res)` of one exchange is an echo.
     */
    const crossesExchanges = (streams: Member[]): boolean => {
      const sides = new Set(streams.filter((m) => m.kind === 'message').map((m) => kinds.side(m.node)));
      return sides.has('server') && sides.has('client');
    };

    const suggestion = (
      pipe: TSESTree.CallExpression,
      members: Member[],
      next: TSESTree.ExpressionStatement | null,
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] => {
      const target = pipelineFor(pipe);
      if (!target) return [];
      const streams = members.map((m) => sourceCode.getText(m.node));
      const replacement = `${target.callee}(${streams.join(', ')}, (err) => { if (err) console.error(err); })`;
      return [
        {
          messageId: 'suggestPipeline',
          data: { callee: target.callee },
          fix(fixer) {
            const fixes = [fixer.replaceText(pipe, replacement)];
            if (next) {
              const before = sourceCode.getTokenBefore(next, { includeComments: true });
              fixes.push(fixer.removeRange([before ? before.range[1] : next.range[0], next.range[1]]));
            }
            if (target.importFix) fixes.push(target.importFix(fixer));
            return fixes;
          },
        },
      ];
    };

    /** How to call stream.pipeline where `node` is: a name in scope, `stream.pipeline`, or a new import. */
    const pipelineFor = (
      node: TSESTree.Node,
    ): { callee: string; importFix: ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | null } | null => {
      const scope = scopeOf(node);
      const bound = ASTUtils.findVariable(scope, 'pipeline');
      const boundId = bound?.identifiers[0];
      if (boundId && api.resolver.is(boundId, 'stream', ['pipeline'])) return { callee: 'pipeline', importFix: null };
      for (let s: TSESLint.Scope.Scope | null = scope; s; s = s.upper) {
        for (const variable of s.variables) {
          const id = variable.identifiers[0];
          const ref = id ? api.resolver.resolve(id) : null;
          if (ref?.module === 'stream' && ref.path.length === 0 && ASTUtils.findVariable(scope, variable.name) === variable) {
            return { callee: `${variable.name}.pipeline`, importFix: null };
          }
        }
      }
      if (bound) return null;
      return { callee: 'pipeline', importFix: importNamed(sourceCode, 'stream', 'pipeline') };
    };

    // Sockets and messages are learnt only in files that pipe at all.
    const calls: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];

    return {
      NewExpression(node) {
        calls.push(node);
      },
      CallExpression(node) {
        calls.push(node);
        const callee = unwrap(node.callee);
        const name =
          callee.type === AST_NODE_TYPES.MemberExpression
            ? staticMemberName(callee)
            : callee.type === AST_NODE_TYPES.Identifier
              ? callee.name
              : null;
        if (name === 'pipe' && callee.type === AST_NODE_TYPES.MemberExpression && !isInnerLink(node)) pipes.push(node);
        if (name !== null && OBSERVER_CALLS.has(name) && isFunction(node.arguments[node.arguments.length - 1])) {
          observers.push(node);
        }
      },
      'Program:exit'() {
        if (pipes.length === 0) return;
        for (const call of calls) kinds.collect(call);
        for (const pipe of pipes) check(pipe);
      },
    };
  },
});

interface Chain {
  readonly members: Member[];
  /** The first `.pipe()` of the chain, where the report goes. */
  readonly innermost: TSESTree.CallExpression;
  /** Every link is a plain `.pipe(stream)`, so `pipeline(…)` says the same. */
  readonly rewritable: boolean;
  /** The chain registers listeners (`a.on('error', h).pipe(b)`) that a rewrite would have to keep. */
  readonly listens: boolean;
}

/** `a.pipe(b).pipe(c)` as [a, b, c], looking through `.on()` and other calls that return the stream. */
function chainOf(outer: TSESTree.CallExpression): Chain | null {
  const members: Member[] = [];
  // `a.pipe(b).on('error', h)`: listeners of `b`, registered after the chain.
  const after: Member['listeners'][number][] = [];
  for (let link: TSESTree.Node = outer; ; ) {
    const member: TSESTree.Node | undefined = link.parent;
    const call: TSESTree.Node | undefined = member?.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== link) break;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) break;
    const method = staticMemberName(member);
    if (method === null || !isChainLink(method)) break;
    const event = LISTEN_METHODS.has(method) ? staticString(call.arguments[0]) : null;
    if (event !== null && call.arguments[1]) after.push({ event, handler: call.arguments[1] });
    link = call;
  }
  let rewritable = true;
  // `pipeline()` returns the last stream, as `pipe()` does; but merged with a later `b.pipe(a)` the last
  // stream changes, and so would the emitter of these listeners.
  let listeners = after.length > 0;
  let pending: Member['listeners'][number][] = after;
  let node: TSESTree.Node = outer;
  let innermost = outer;
  for (let depth = 0; depth < 16; depth++) {
    const expr = unwrap(node);
    const callee = expr.type === AST_NODE_TYPES.CallExpression ? unwrap(expr.callee) : null;
    const method = callee?.type === AST_NODE_TYPES.MemberExpression ? staticMemberName(callee) : null;
    if (expr.type !== AST_NODE_TYPES.CallExpression || callee?.type !== AST_NODE_TYPES.MemberExpression || method === null) {
      members.unshift({ node: expr, listeners: pending, kind: null, key: '' });
      return { members, innermost, rewritable, listens: listeners };
    }
    if (method === 'pipe') {
      const [destination, options] = expr.arguments;
      if (!destination || destination.type === AST_NODE_TYPES.SpreadElement) return null;
      if (options) rewritable = false;
      members.unshift({ node: destination, listeners: pending, kind: null, key: '' });
      pending = [];
      innermost = expr;
    } else if (isChainLink(method)) {
      // `a.on('error', h).pipe(b)`: `on()` returns `a`.
      rewritable = false;
      listeners = true;
      const event = LISTEN_METHODS.has(method) ? staticString(expr.arguments[0]) : null;
      const handler = expr.arguments[1];
      if (event !== null && handler) pending.push({ event, handler });
    } else {
      members.unshift({ node: expr, listeners: pending, kind: null, key: '' });
      return { members, innermost, rewritable, listens: listeners };
    }
    node = callee.object;
  }
  return null;
}

/** A later `b.pipe(c);` statement in the same block as `a.pipe(b);`, going on from its last stream. */
function continuation(
  pipe: TSESTree.CallExpression,
  last: Member,
  keyOf: (node: TSESTree.Node) => Variable | string,
): TSESTree.ExpressionStatement | null {
  const statement = pipe.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || !isSimple(last.node)) return null;
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement && block?.type !== AST_NODE_TYPES.Program) return null;
  const key = keyOf(last.node);
  for (const other of block.body) {
    if (other.range[0] <= statement.range[0] || other.type !== AST_NODE_TYPES.ExpressionStatement) continue;
    const call = other.expression;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length !== 1) continue;
    const callee = call.callee;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || staticMemberName(callee) !== 'pipe') continue;
    if (call.arguments[0]!.type === AST_NODE_TYPES.SpreadElement || !isSimple(call.arguments[0]!)) continue;
    if (isSimple(callee.object) && keyOf(callee.object) === key) return other;
  }
  return null;
}

/** `socket.on('error', console.error)`, `logger.warn.bind(logger)`, `noop`: handled, but nothing is closed. */
function logsOrIgnores(handler: TSESTree.Node): boolean {
  let target = unwrap(handler);
  if (
    target.type === AST_NODE_TYPES.CallExpression &&
    target.callee.type === AST_NODE_TYPES.MemberExpression &&
    staticMemberName(target.callee) === 'bind'
  ) {
    target = unwrap(target.callee.object);
  }
  if (target.type === AST_NODE_TYPES.Identifier) return IGNORING_NAME.test(target.name);
  if (target.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = unwrap(target.object);
  const owner =
    object.type === AST_NODE_TYPES.Identifier
      ? object.name
      : object.type === AST_NODE_TYPES.MemberExpression
        ? staticMemberName(object)
        : null;
  return LOG_METHOD.test(staticMemberName(target) ?? '') && (owner === 'console' || /log/i.test(owner ?? ''));
}

const IGNORING_NAME = /^(?:noop|ignore|ignoreError|_)$/;
const LOG_METHOD = /^(?:log|info|warn|error|debug|trace)$/;

/** Methods that return the stream they are called on; not `connect`, which `net.connect()` is a factory of. */
function isChainLink(method: string): boolean {
  return method !== 'connect' && CHAINABLE_METHODS.has(method);
}

/** A name or `this.name`: safe to write twice. */
function isSimple(node: TSESTree.Node): boolean {
  const expr = unwrap(node);
  return (
    expr.type === AST_NODE_TYPES.Identifier ||
    (expr.type === AST_NODE_TYPES.MemberExpression &&
      expr.object.type === AST_NODE_TYPES.ThisExpression &&
      staticMemberName(expr) !== null)
  );
}

/** Members that are different streams: `a.pipe(b).pipe(a)` joins two. */
function distinct(members: Member[]): Member[] {
  const seen = new Set<Variable | string>();
  return members.filter((m) => !seen.has(m.key) && seen.add(m.key));
}

/** `a.pipe(b)` in `a.pipe(b).pipe(c)`: checked as part of the outer call. */
function isInnerLink(call: TSESTree.CallExpression): boolean {
  let node: TSESTree.Node = call;
  for (;;) {
    const member: TSESTree.Node | undefined = node.parent;
    const outer: TSESTree.Node | undefined = member?.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== node) return false;
    if (outer?.type !== AST_NODE_TYPES.CallExpression || outer.callee !== member) return false;
    const method = staticMemberName(member);
    if (method === 'pipe') return true;
    if (method === null || !isChainLink(method)) return false;
    node = outer;
  }
}
