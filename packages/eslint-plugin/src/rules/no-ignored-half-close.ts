import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import {
  LISTEN_METHODS,
  nodeApiFor,
  TIMER_CALLS,
  runsForSure,
  unhandledExits,
  type SocketSite,
  type SocketUsage,
  type UnnamedSocket,
} from '../node-api/index.js';
import { contains } from '../util/contains.js';
import { createRule } from '../util/create-rule.js';
import { insertAtEnd, insertAtStart, insertBefore } from '../util/insert-statement.js';
import { enclosingFunction } from '../util/enclosing-function.js';
import { isFunction, type FunctionNode } from '../util/is-function.js';
import { inReturningBlock, reachAfter } from '../util/reach.js';
import { staticMemberName, staticString } from '../util/static-name.js';
import { walk } from '../util/walk.js';
import { unwrap } from '../util/unwrap.js';

type MessageIds =
  | 'endWithoutClose'
  | 'endSometimesWithoutClose'
  | 'missingEndHandling'
  | 'unhandledExit'
  | 'unhandledRejection'
  | 'errorPathLeaks'
  | 'unnamedSocket'
  | 'suggestEnd'
  | 'suggestDestroy'
  | 'suggestCatch';

const HALF_OPEN_WHY = {
  server: 'allowHalfOpen: true',
  client: 'allowHalfOpen: true',
  upgrade: 'handed over half-open by the http server',
} as const;

export default createRule<[], MessageIds>({
  name: 'no-ignored-half-close',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow ignoring the peer's FIN on half-open sockets",
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      endWithoutClose:
        "This 'end' listener never ends or destroys '{{name}}' ({{why}}): Node will not end it for you, so after the peer's FIN the socket stays in CLOSE_WAIT and holds a file descriptor. Call {{name}}.end() or {{name}}.destroy() here.",
      endSometimesWithoutClose:
        "This 'end' listener ends or destroys '{{name}}' ({{why}}) on some paths only, and nothing else closes it later: on the others it stays in CLOSE_WAIT. Close it on every path, or where the pending work finishes.",
      missingEndHandling:
        "Half-open socket '{{name}}' ({{why}}) is never ended after the peer's FIN: it stays in CLOSE_WAIT. Add an 'end' listener that calls {{name}}.end(), destroy it, or hand it to its owner.",
      unhandledExit:
        "This path leaves '{{name}}', the raw socket handed to this '{{event}}' listener, neither destroyed, read, nor handed off: nobody else reads or closes it, so it sits in CLOSE_WAIT once the peer closes (end() alone does not help while unread bytes remain). Call {{name}}.destroy() before leaving.",
      unhandledRejection:
        "If this promise rejects, '{{name}}', the raw socket handed to this '{{event}}' listener, is neither destroyed nor handed off: nobody else reads or closes it, so it sits in CLOSE_WAIT once the peer closes. Add .catch(() => {{name}}.destroy()).",
      errorPathLeaks:
        "This {{what}} is a failure path that never destroys '{{name}}': the raw socket handed to this '{{event}}' listener then sits in CLOSE_WAIT once the peer closes. Call {{name}}.destroy() here.",
      unnamedSocket:
        "This '{{event}}' listener receives the raw socket as its second argument but never takes it: nobody reads or closes that socket, so it sits in CLOSE_WAIT once the peer closes. Declare the parameter and destroy the socket or hand it off.",
      suggestEnd: 'Call {{name}}.end() in this listener.',
      suggestDestroy: 'Call {{name}}.destroy() before leaving.',
      suggestCatch: 'Destroy {{name}} when the promise rejects.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const api = nodeApiFor(context);
    const sourceCode = context.sourceCode;
    const checked = new WeakSet<TSESTree.Node>();
    const typedCandidates: FunctionNode[] = [];

    /** How the listener call names the socket (`socket`, `this.socket`); the site's name for chains. */
    const socketText = (call: TSESTree.CallExpression, fallback: string): string => {
      const object = call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee.object : null;
      const simple =
        object?.type === AST_NODE_TYPES.Identifier ||
        (object?.type === AST_NODE_TYPES.MemberExpression && object.object.type === AST_NODE_TYPES.ThisExpression);
      return simple ? sourceCode.getText(object) : fallback;
    };

    /** 'end' listeners that do not close, and half-open sockets with no 'end' handling at all. */
    const checkHalfOpen = (site: SocketSite, usage: SocketUsage, exitsReported: boolean): void => {
      // Passed to code we cannot see, or ended by the stream machinery (`pipeline(…, socket)`,
      // `source.pipe(socket)`, `for await`). `socket.pipe(sink)` and readline only read it.
      // A local object holding the socket (`const session = { id, socket }`) hands it to nobody when
      // the file sees every use of that object and none of them closes the socket.
      const handedOff = usage.handoffs.some(
        (h) => h.type !== AST_NODE_TYPES.Property || !api.usage.holders.keptInSight(h),
      );
      if (handedOff || usage.endedBy.length > 0) return;
      // Ended or destroyed on every connection (`socket.end(query)` by a client that then reads to
      // the FIN): the peer's FIN finishes a socket that is already ended.
      if (usage.closes.some((c) => runsForSure(c.call, site))) return;
      const why = HALF_OPEN_WHY[site.kind === 'client-upgrade' ? 'upgrade' : site.kind];
      const ends = usage.listeners.filter((l) => l.event === 'end');
      const endHandlers = ends.map((l) => (l.handler ? unwrap(l.handler) : null)).filter(isFunction);
      const closedLater = usage.closes.some((c) => !endHandlers.some((h) => contains(h, c.call)));
      for (const listener of ends) {
        const closes =
          listener.handler === null ? usage.closes.length > 0 : api.usage.closing.listenerCloses(listener.handler, usage.ref);
        if (closes === 'unknown') continue;
        if (closes) {
          // `if (inflight === 0) socket.end()` with no close where the work finishes.
          const handler = listener.handler ? unwrap(listener.handler) : null;
          // Only when its closes are ones the paths can see (not `this.end()`, not a helper's).
          const visible = isFunction(handler) && usage.closes.some((c) => contains(handler, c.call));
          if (isFunction(handler) && visible && !closedLater) {
            const open = unhandledExits(handler, usage, { closesOnly: true, alsoHandling: [] });
            if (open.some((exit) => exit.kind === 'exit')) {
              context.report({
                node: listener.eventNode,
                messageId: 'endSometimesWithoutClose',
                data: { name: socketText(listener.call, site.ref.name), why },
              });
            }
          }
          continue;
        }
        const name = socketText(listener.call, site.ref.name);
        const fn = listener.handler ? unwrap(listener.handler) : null;
        const fix = isFunction(fn) ? insertAtStart(fn, `${name}.end();`) : null;
        context.report({
          node: listener.eventNode,
          messageId: 'endWithoutClose',
          data: { name, why },
          suggest: fix ? [{ messageId: 'suggestEnd', data: { name }, fix }] : [],
        });
      }
      // A closing call on some branch (a reject path, an 'error' listener, a stop() method) does not
      // answer the FIN. An upgrade socket nobody reads is the path check's business.
      const kept = site.kind !== 'upgrade' || usage.reads.length > 0;
      if (ends.length === 0 && kept && !exitsReported) {
        context.report({ node: site.node, messageId: 'missingEndHandling', data: { name: site.ref.name, why } });
      }
    };

    const reportedExits = new WeakSet<TSESTree.Node>();
    /** `'upgrade'` listeners per emitter and event: with several, falling through means "not mine". */
    const listenerCount = new Map<string, number>();
    const emitterKey = (site: SocketSite): string | null =>
      site.emitter ? `${site.event}:${sourceCode.getText(site.emitter)}` : null;
    let sharedEmitter = false;

    const reportExits = (fn: FunctionNode, usage: SocketUsage, event: string): number => {
      // `socket.once('finish', socket.destroy); socket.end(reply)`: the reject path ws uses.
      const destroyOnFinish = usage.listeners
        .filter((l) => l.event === 'finish' && l.handler && api.usage.closing.listenerCloses(l.handler, usage.ref) === true)
        .map((l) => l.call);
      const exits = unhandledExits(fn, usage, { alsoHandling: destroyOnFinish });
      const name = usage.ref.name;
      for (const exit of exits) {
        if (reportedExits.has(exit.node)) continue;
        if (sharedEmitter && exit.kind === 'exit' && exit.node === fn.body) continue;
        reportedExits.add(exit.node);
        if (exit.kind === 'rejection') {
          const chain = exit.node;
          context.report({
            loc: exit.loc,
            messageId: 'unhandledRejection',
            data: { name, event },
            suggest: [
              {
                messageId: 'suggestCatch',
                data: { name },
                fix: (fixer) => fixer.insertTextAfter(chain, `.catch(() => ${name}.destroy())`),
              },
            ],
          });
          continue;
        }
        const isStatement =
          exit.node.type === AST_NODE_TYPES.ReturnStatement || exit.node.type === AST_NODE_TYPES.ThrowStatement;
        // The end of a body: of the listener, or of a callback inside it (`.catch((err) => …)`).
        const owner = isFunction(exit.node.parent) ? exit.node.parent : fn;
        const fix = isStatement
          ? insertBefore(sourceCode, exit.node, `${name}.destroy();`)
          : takenBefore(owner, usage)
            ? null
            : insertAtEnd(owner, `${name}.destroy();`);
        context.report({
          loc: exit.loc,
          messageId: 'unhandledExit',
          data: { name, event },
          suggest: fix ? [{ messageId: 'suggestDestroy', data: { name }, fix }] : [],
        });
      }
      return exits.length;
    };

    /** Destroying at the end of `owner` is safe only if no path reaching the end took the socket. */
    const takenBefore = (owner: FunctionNode, usage: SocketUsage): boolean =>
      [
        ...usage.closes.map((c) => c.call),
        ...usage.handoffs,
        ...usage.reads,
        ...usage.stores,
        ...usage.localCalls.map((c) => c.call),
      ].some((n) => n.range[0] >= owner.range[0] && n.range[1] <= owner.range[1] && !inReturningBlock(n, owner));

    const checkSite = (site: SocketSite): void => {
      if (checked.has(site.node)) return;
      checked.add(site.node);
      if (site.fn && (site.kind === 'upgrade' || site.kind === 'client-upgrade')) {
        const message = api.functions.paramVariable(site.fn, site.offset ?? 0);
        if (message) site.ref.owners.add(message);
      }
      const usage = api.usage.usage(site.ref);
      if (site.kind === 'server' || site.kind === 'client') {
        if (site.halfOpen === true) checkHalfOpen(site, usage, false);
        return;
      }
      const key = emitterKey(site);
      sharedEmitter = key !== null && (listenerCount.get(key) ?? 0) > 1;
      // A raw socket handed over on 'upgrade'/'connect': every path must destroy, read or hand it off,
      // including the paths of same-file helpers the listener hands it to. A helper called later, from
      // a 'data' listener say (`broadcast(text, socket)`), only uses the socket.
      let exits = reportExits(site.fn!, usage, site.event ?? 'upgrade');
      for (const local of usage.localCalls) {
        if (checked.has(local.fn) || !onListenerPath(local.call, site.fn!) || usedAfter(local.call, usage)) continue;
        checked.add(local.fn);
        exits += reportExits(local.fn, usage, site.event ?? 'upgrade');
      }
      exits += checkErrorListeners(site, usage);
      if (site.kind === 'upgrade') checkHalfOpen(site, usage, exits > 0);
    };

    /**
     * Failure paths of another stream inside the listener (the upstream of a CONNECT proxy): an 'error'
     * or 'timeout' handler, `upstream.setTimeout(ms, cb)`, or a handshake timer. One that answers on the
     * socket (`socket.write('HTTP/1.1 502 …')`) must close it. When the listener takes the socket only
     * inside callbacks (`upstream.on('connect', () => client.pipe(upstream))`), every failure handler
     * of the upstream must close it, unless a 'close' listener of the upstream does.
     */
    const checkErrorListeners = (site: SocketSite, usage: SocketUsage): number => {
      const fn = site.fn!;
      const mentions = usage.ref.occurrences();
      const taken = [
        ...usage.closes.map((c) => c.call),
        ...usage.handoffs,
        ...usage.reads,
        ...usage.endedBy,
        ...usage.stores,
        ...usage.announces,
        ...usage.localCalls.map((c) => c.call),
      ].filter((n) => contains(fn, n));
      const deferred = taken.length > 0 && taken.every((n) => enclosingFunction(n) !== fn);
      const closes = (handler: FunctionNode) => api.usage.closing.functionCloses(handler, usage.ref, new Set());
      const failureHandlers: { node: TSESTree.Node; handler: FunctionNode; what: string; emitter: string | null }[] = [];
      const coveredEmitters = new Set<string>();
      walk(fn.body, (node) => {
        if (node.type !== AST_NODE_TYPES.CallExpression) return true;
        const callee = node.callee;
        if (callee.type === AST_NODE_TYPES.Identifier && TIMER_CALLS.has(callee.name)) {
          // `setTimeout(() => socket.write('HTTP/1.1 408 …'), ms)`: the timeout path of the handshake.
          if (isFunction(node.arguments[0])) {
            failureHandlers.push({ node: callee, handler: node.arguments[0], what: 'timer callback', emitter: null });
          }
          return true;
        }
        if (callee.type !== AST_NODE_TYPES.MemberExpression || isSocket(callee.object, usage)) return true;
        const method = staticMemberName(callee);
        const emitter = sourceCode.getText(callee.object);
        const handler = node.arguments[1];
        if (method === 'setTimeout' && isFunction(handler)) {
          failureHandlers.push({ node: callee.property, handler, what: `timeout handler of '${emitter}'`, emitter });
        } else if (method !== null && LISTEN_METHODS.has(method) && isFunction(handler)) {
          const event = staticString(node.arguments[0]);
          if (event === 'close' && closes(handler)) coveredEmitters.add(emitter);
          if (event === 'error' || event === 'timeout') {
            failureHandlers.push({ node: node.arguments[0]!, handler, what: `'${event}' listener`, emitter });
          }
        }
        return true;
      });
      let reported = 0;
      for (const { node, handler, what, emitter } of failureHandlers) {
        if (closes(handler)) continue;
        const answers = mentions.some((m) => contains(handler, m));
        const leftBehind = deferred && emitter !== null && !coveredEmitters.has(emitter);
        if (!answers && !leftBehind) continue;
        const name = usage.ref.name;
        const fix = insertAtEnd(handler, `${name}.destroy();`);
        context.report({
          node,
          messageId: 'errorPathLeaks',
          data: { name, event: site.event ?? 'upgrade', what },
          suggest: fix ? [{ messageId: 'suggestDestroy', data: { name }, fix }] : [],
        });
        reported++;
      }
      return reported;
    };

    /** The socket itself, also as what `upstream.pipe(socket)` returns (pipe() returns its destination). */
    const isSocket = (node: TSESTree.Node, usage: SocketUsage): boolean => {
      const target = unwrap(node);
      if (
        target.type === AST_NODE_TYPES.CallExpression &&
        target.callee.type === AST_NODE_TYPES.MemberExpression &&
        staticMemberName(target.callee) === 'pipe' &&
        target.arguments[0]
      ) {
        return usage.ref.matches(unwrap(target.arguments[0]));
      }
      return usage.ref.matches(target);
    };

    const onListenerPath = (call: TSESTree.Node, listener: FunctionNode): boolean => {
      for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
        if (fn === listener) return true;
        const parent = fn.parent;
        const registers =
          parent?.type === AST_NODE_TYPES.CallExpression &&
          parent.callee.type === AST_NODE_TYPES.MemberExpression &&
          LISTEN_METHODS.has(staticMemberName(parent.callee) ?? '');
        if (registers) return false;
      }
      return false;
    };

    /** A helper after which the caller goes on using the socket only assists (`setupSocket(socket)`). */
    const usedAfter = (call: TSESTree.Node, usage: SocketUsage): boolean => {
      const caller = enclosingFunction(call);
      if (caller === null) return false;
      // Uses in code the call's path has left (`reject(socket); return;` then `socket.pipe(…)`) do not count.
      const reach = reachAfter(call, caller);
      return usage.ref.occurrences().some((o) => o.range[0] > call.range[1] && o.range[1] <= reach.range[1]);
    };

    const reportUnnamed = (unnamed: UnnamedSocket): void => {
      if (checked.has(unnamed.fn)) return;
      checked.add(unnamed.fn);
      context.report({ node: unnamed.fn, messageId: 'unnamedSocket', data: { event: unnamed.event } });
    };

    const handoverSites: SocketSite[] = [];
    const onCall = (node: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      for (const site of api.sites.sitesOf(node)) {
        if (!('ref' in site)) reportUnnamed(site);
        else if (site.kind === 'server' || site.kind === 'client') checkSite(site);
        else {
          // Judged once every listener of the emitter is known.
          handoverSites.push(site);
          const key = emitterKey(site);
          if (key) listenerCount.set(key, (listenerCount.get(key) ?? 0) + 1);
        }
      }
    };

    return {
      CallExpression: onCall,
      NewExpression: onCall,
      ':function'(node: FunctionNode) {
        // Only functions that declare their parameter types are asked about: a listener typed by its
        // emitter is found through the emitter.
        if (api.types && node.params.length >= 2 && node.params.slice(0, 2).every(hasTypeAnnotation)) {
          typedCandidates.push(node);
        }
      },
      'Program:exit'() {
        for (const site of handoverSites) checkSite(site);
        for (const fn of typedCandidates) {
          if (checked.has(fn.params[1]!)) continue;
          const site = api.sites.typedUpgradeSite(fn);
          if (site) checkSite(site);
        }
      },
    };
  },
});

function hasTypeAnnotation(param: TSESTree.Parameter): boolean {
  const target = param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
  return 'typeAnnotation' in target && target.typeAnnotation !== undefined;
}
