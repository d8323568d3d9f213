/**
 * prefer-pipeline-for-sockets: reports a `.pipe()` that joins sockets (or two HTTP exchanges) when nothing
 * closes one side once the other fails or closes, and suggests `stream.pipeline()`. What the chain joins
 * is node-api/pipe-chains.ts; whether a side is torn down is node-api/pipe-teardown.ts.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { nodeApiFor } from '../node-api/index.js';
import { chainOf, continuation, distinct, isInnerLink, streamKey, type PipeMember } from '../node-api/pipe-chains.js';
import { PipeTeardowns } from '../node-api/pipe-teardown.js';
import { OBSERVER_CALLS } from '../node-api/sockets.js';
import { StreamKindFinder } from '../node-api/stream-kinds.js';
import { createRule } from '../util/create-rule.js';
import { enclosingFunction } from '../util/enclosing-function.js';
import { importNamed } from '../util/insert-import.js';
import { isFunction } from '../util/is-function.js';
import { staticMemberName } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';

type MessageIds = 'pipeWithoutTeardown' | 'suggestPipeline';
type Options = [{ checkHttpMessages?: boolean }];
type Variable = TSESLint.Scope.Variable;

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
    const done = new WeakSet<TSESTree.Node>();
    const reported = new Set<string>();
    const keyIds = new Map<Variable | string, number>();
    const teardowns = new PipeTeardowns(api.usage, api.functions, kinds);
    const keyOf = (node: TSESTree.Node): Variable | string => streamKey(node, sourceCode);
    const idOf = (key: Variable | string): number => {
      if (!keyIds.has(key)) keyIds.set(key, keyIds.size);
      return keyIds.get(key)!;
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
      let open: [PipeMember, PipeMember] | null = null;
      for (let i = 0; i + 1 < joined.length && !open; i++) {
        const [x, y] = [joined[i]!, joined[i + 1]!];
        if (x.key === y.key) continue;
        if (!teardowns.tearsDown(x, y)) open = [x, y];
        else if (!teardowns.tearsDown(y, x)) open = [y, x];
      }
      if (!open) return;
      reported.add(where);
      const text = (m: PipeMember) => sourceCode.getText(unwrap(m.node));
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
    const crossesExchanges = (streams: PipeMember[]): boolean => {
      const sides = new Set(streams.filter((m) => m.kind === 'message').map((m) => kinds.side(m.node)));
      return sides.has('server') && sides.has('client');
    };

    const suggestion = (
      pipe: TSESTree.CallExpression,
      members: PipeMember[],
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
          teardowns.addObserver(node);
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
