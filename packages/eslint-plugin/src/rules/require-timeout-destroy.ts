import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import {
  LISTEN_METHODS,
  nodeApiFor,
  type SocketRef,
  type TimeoutRegistration,
  type TimeoutTarget,
  type TimeoutVerdict,
} from '../node-api/index.js';
import { createRule } from '../util/create-rule.js';
import { appendToFunction, insertAfter } from '../util/insert-statement.js';
import { isFunction, type FunctionNode } from '../util/is-function.js';
import { memberPath } from '../util/member-path.js';
import { staticMemberName, staticString } from '../util/static-name.js';
import { climb } from '../util/climb.js';
import { unwrap } from '../util/unwrap.js';

type MessageIds =
  | 'noDestroy'
  | 'replacesDefault'
  | 'socketNotTaken'
  | 'noListener'
  | 'suggestDestroy'
  | 'suggestListener';

/** Something that was given an idle timeout and must have it handled: a socket, or a `ClientRequest`. */
interface Armed {
  readonly ref: SocketRef;
  /** The call that created it, whose `timeout` option may arm it. */
  readonly factory: TSESTree.CallExpression | TSESTree.NewExpression | null;
}

/** `.setTimeout(`, a `'timeout'` event name, a `timeout` option (`timeout: ms`, `{ timeout }`). */
const MENTIONS_TIMEOUT = /\.\s*setTimeout\s*\(|['"`]timeout['"`]|\btimeout\s*[:,}]/;

interface Judged {
  readonly reg: TimeoutRegistration;
  readonly fn: FunctionNode | null;
  readonly target: TimeoutTarget;
  readonly verdict: TimeoutVerdict;
}

export default createRule<[], MessageIds>({
  name: 'require-timeout-destroy',
  meta: {
    type: 'problem',
    docs: {
      description: "Require 'timeout' handlers to destroy what timed out",
      // In `strict` only: on packages it had not been tuned on, most of its findings were handlers that
      // close through code it cannot follow (docs/corpus.md).
      recommended: false,
    },
    hasSuggestions: true,
    messages: {
      noDestroy:
        "This 'timeout' handler never destroys '{{name}}': a timeout only notifies and Node closes nothing, so the stalled connection stays open and keeps its socket (rejecting a promise or logging does not close it). Call {{name}}.destroy() here.",
      replacesDefault:
        "A 'timeout' listener on {{what}} replaces Node's default, which destroys the timed-out socket, and this one never destroys '{{name}}': idle and keep-alive connections now stay open for good. Call {{name}}.destroy() here.",
      socketNotTaken:
        "A 'timeout' listener on an http server replaces Node's default, which destroys the timed-out socket, but this one does not even take the socket it is given: idle and keep-alive connections now stay open for good. Take the socket parameter and destroy it.",
      noListener:
        "'{{name}}' gets an idle timeout ({{how}}) but nothing handles its 'timeout' event: Node only emits the event and closes nothing, so a stalled peer keeps the connection open for good. Destroy {{name}} in a 'timeout' listener.",
      suggestDestroy: 'Call {{name}}.destroy() at the end of this handler.',
      suggestListener: "Destroy {{name}} when it times out.",
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    // Most files never arm or handle an idle timeout: skip them before any resolving.
    if (!MENTIONS_TIMEOUT.test(context.sourceCode.text)) return {};
    const api = nodeApiFor(context);
    const timeouts = api.timeouts;
    const sourceCode = context.sourceCode;
    const registrations: TimeoutRegistration[] = [];
    const armed: Armed[] = [];
    /** Objects the file calls setTimeout() on: a 'timeout' listener on one of them is about a socket. */
    const timedPaths = new Set<string>();
    const reported = new WeakSet<TSESTree.Node>();

    const judge = (reg: TimeoutRegistration): Judged | null => {
      const owner = timeouts.owners.of(reg.emitter);
      // An http server's own socket: core's 'timeout' listener destroys it, whoever else listens.
      if (owner === 'managed') return null;
      const timed = reg.form === 'setTimeout' || timedPaths.has(memberPath(reg.emitter) ?? '');
      if (!timeouts.owners.plausible(reg.emitter, owner, timed)) return null;
      const fn = api.functions.resolve(reg.handler);
      const target = timeouts.target(reg, fn);
      return { reg, fn, target, verdict: timeouts.verdict(reg, fn, target) };
    };

    /** Both handlers hear the same timeout: one that logs beside one that destroys is fine. */
    const sameTimeout = (a: Judged, b: Judged): boolean =>
      timeouts.sameEmitter(a.reg.emitter, b.reg.emitter) ||
      (a.target.owner !== 'server' && timeouts.ownersOf(b.reg.emitter).some((n) => a.target.ref.matches(n)));

    const reportHandler = (reg: TimeoutRegistration, fn: FunctionNode | null, target: TimeoutTarget): void => {
      const inline = isFunction(unwrap(reg.handler)) ? fn : null;
      const emitterPath = memberPath(reg.emitter);
      if (target.owner === 'server' && !target.param) {
        context.report({ node: reg.node, messageId: 'socketNotTaken' });
        return;
      }
      // What the suggestion calls destroy() on, in the handler's scope: in a `function` handler, `this`.
      let name: string | null;
      if (target.owner === 'server' || target.owner === 'message') {
        name = target.param?.name ?? emitterPath;
      } else if (target.thisIs === 'handler') {
        name = 'this';
      } else {
        name = emitterPath ?? chainedName(reg.emitter);
      }
      const suggest =
        inline && name !== null
          ? [
              {
                messageId: 'suggestDestroy' as const,
                data: { name },
                fix: appendToFunction(sourceCode, inline, `${name}.destroy();`),
              },
            ]
          : [];
      const shown = target.owner === 'server' || target.owner === 'message' ? name : (emitterPath ?? name);
      const data = { name: shown ?? 'what timed out' };
      if (target.owner === 'server' || target.owner === 'message') {
        const what = target.owner === 'server' ? 'an http server' : 'a request or response of an http server';
        context.report({ node: reg.node, messageId: 'replacesDefault', data: { ...data, what }, suggest });
      } else {
        context.report({ node: reg.node, messageId: 'noDestroy', data, suggest });
      }
    };

    /** A socket or request given a timeout (setTimeout(ms), `timeout` option) with no 'timeout' handler. */
    const checkArmed = (item: Armed): void => {
      const { ref, factory } = item;
      const settings: { node: TSESTree.Node; how: string; call: TSESTree.CallExpression | null }[] = [];
      const option = factory ? timeouts.timeoutOption(factory) : null;
      if (option) settings.push({ node: option, how: "the 'timeout' option", call: null });
      const usage = api.usage.usage(ref);
      for (const occurrence of ref.occurrences()) {
        const call = timeouts.armedBy(occurrence);
        if (call && call.callee.type === AST_NODE_TYPES.MemberExpression) {
          settings.push({ node: call.callee.property, how: 'setTimeout()', call });
        }
      }
      const first = settings[0];
      if (!first || reported.has(first.node)) return;
      // Passed to code we cannot see, or kept where others reach it: they may listen for 'timeout'.
      if (usage.handoffs.length > 0 || usage.stores.some((s) => !isFieldStore(s))) return;
      if (usage.listeners.some((l) => l.event === 'timeout')) return;
      if (registrations.some((r) => timeouts.ownersOf(r.emitter).some((n) => ref.matches(n)))) return;
      if (ref.occurrences().some(registersUnknownEvent)) return;
      reported.add(first.node);
      const name = ref.name;
      context.report({
        node: first.node,
        messageId: 'noListener',
        data: { name, how: first.how },
        suggest: listenerFix(first.call, factory, name),
      });
    };

    const listenerFix = (
      call: TSESTree.CallExpression | null,
      factory: TSESTree.CallExpression | TSESTree.NewExpression | null,
      name: string,
    ) => {
      const destroy = `() => ${name}.destroy()`;
      // `socket.setTimeout(ms)` → `socket.setTimeout(ms, () => socket.destroy())`
      if (call) {
        const object = call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee.object : null;
        if (!object || memberPath(object) !== name) return [];
        const ms = call.arguments[0]!;
        return [
          {
            messageId: 'suggestListener' as const,
            data: { name },
            fix: (fixer: TSESLint.RuleFixer) => fixer.insertTextAfter(ms, `, ${destroy}`),
          },
        ];
      }
      // `const req = http.get(url, { timeout })` → a 'timeout' listener after the statement.
      const declaration = factory ? storedIn(factory, name) : null;
      const fix = declaration ? insertAfter(declaration, `${name}.on('timeout', ${destroy});`) : null;
      return fix ? [{ messageId: 'suggestListener' as const, data: { name }, fix }] : [];
    };

    const onCall = (node: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const reg = timeouts.registration(node);
        if (reg) registrations.push(reg);
        const callee = unwrap(node.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression && staticMemberName(callee) === 'setTimeout') {
          const path = memberPath(timeouts.chainBase(callee.object));
          if (path !== null) timedPaths.add(path);
        }
        const request = timeouts.requestOf(node);
        if (request) armed.push({ ref: request, factory: node });
      }
      for (const site of api.sites.sitesOf(node)) {
        if ('ref' in site) armed.push({ ref: site.ref, factory: site.kind === 'client' ? node : null });
      }
    };

    return {
      CallExpression: onCall,
      NewExpression: onCall,
      'Program:exit'() {
        const judged = registrations.map(judge).filter((j) => j !== null);
        for (const item of judged) {
          if (item.verdict !== 'leaves') continue;
          if (judged.some((other) => other.verdict !== 'leaves' && sameTimeout(item, other))) continue;
          reportHandler(item.reg, item.fn, item.target);
        }
        for (const item of armed) checkArmed(item);
      },
    };
  },
});

/** `this.socket = socket`: kept by its object, whose methods the same ref follows. */
function isFieldStore(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.AssignmentExpression &&
    node.left.type === AST_NODE_TYPES.MemberExpression &&
    node.left.object.type === AST_NODE_TYPES.ThisExpression
  );
}

/** `socket.on(eventName, …)` with an event the file does not spell out: it may be 'timeout'. */
function registersUnknownEvent(occurrence: TSESTree.Node): boolean {
  const node = climb(occurrence);
  const member = node.parent;
  const call = member?.parent;
  return (
    member?.type === AST_NODE_TYPES.MemberExpression &&
    member.object === node &&
    call?.type === AST_NODE_TYPES.CallExpression &&
    LISTEN_METHODS.has(staticMemberName(member) ?? '') &&
    call.arguments.length > 0 &&
    staticString(call.arguments[0]) === null
  );
}

/** The variable a chain's result is stored in: `req` in `const req = http.get(u).on('timeout', f)`. */
function chainedName(node: TSESTree.Node): string | null {
  let current: TSESTree.Node = node;
  while (
    current.parent?.type === AST_NODE_TYPES.MemberExpression &&
    current.parent.parent?.type === AST_NODE_TYPES.CallExpression
  ) {
    current = current.parent.parent;
  }
  const parent = current.parent;
  return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier
    ? parent.id.name
    : null;
}

/** The declaration statement that stores `factory`'s result under `name`. */
function storedIn(factory: TSESTree.Node, name: string): TSESTree.Node | null {
  for (let node: TSESTree.Node | undefined = factory.parent; node; node = node.parent) {
    if (node.type === AST_NODE_TYPES.VariableDeclarator) {
      const declaration = node.parent;
      return node.id.type === AST_NODE_TYPES.Identifier && node.id.name === name && declaration ? declaration : null;
    }
    if (
      node.type !== AST_NODE_TYPES.MemberExpression &&
      node.type !== AST_NODE_TYPES.CallExpression &&
      node.type !== AST_NODE_TYPES.AwaitExpression
    ) {
      return null;
    }
  }
  return null;
}
