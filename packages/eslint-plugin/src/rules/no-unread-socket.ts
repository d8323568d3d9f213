import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import {
  DESTROY_METHODS,
  nodeApiFor,
  runsForSure,
  unhandledExits,
  type SocketSite,
  type SocketUsage,
} from '../node-api/index.js';
import { staticMemberName } from '../util/static-name.js';
import { walk } from '../util/walk.js';
import { contains } from '../util/contains.js';
import { createRule } from '../util/create-rule.js';
import { insertAtStart, insertBefore } from '../util/insert-statement.js';
import type { FunctionNode } from '../util/is-function.js';

type MessageIds =
  | 'neverRead'
  | 'endWithoutRead'
  | 'unreadPath'
  | 'pausedNeverResumed'
  | 'pauseOnConnectNeverResumed'
  | 'suggestResume'
  | 'suggestDestroy';

type Options = [{ checkClientSockets?: boolean }];

export default createRule<Options, MessageIds>({
  name: 'no-unread-socket',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow sockets that are never read, so 'end' never fires",
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      neverRead:
        "Socket '{{name}}' is never read: once the peer has sent data and closed, its FIN waits behind the unread bytes, 'end' never fires and the socket sits in CLOSE_WAIT. Read it ('data' listener, resume(), pipe(), pipeline(), for await), destroy it, or hand it off.",
      endWithoutRead:
        "Socket '{{name}}' has an 'end' listener but is never read: 'end' is emitted only after all data has been read (nodejs/node#19241), so once the peer has sent data this listener never runs and the socket sits in CLOSE_WAIT. Add a 'data' listener or call {{name}}.resume().",
      unreadPath:
        "This path leaves '{{name}}' neither read, destroyed, nor handed off: once the peer has sent data and closed, the socket sits in CLOSE_WAIT. Call {{name}}.destroy() before leaving.",
      pausedNeverResumed:
        "'{{name}}' is paused here and never resumed: a paused socket stops reading, the peer's FIN stays behind the unread data, and the socket sits in CLOSE_WAIT. Call {{name}}.resume() when ready, or destroy it.",
      pauseOnConnectNeverResumed:
        "The server was created with pauseOnConnect: true, but '{{name}}' is never resumed: a 'data' listener does not start a socket paused on connect, so its input and the peer's FIN stay in the kernel (CLOSE_WAIT). Call {{name}}.resume(), or destroy it.",
      suggestResume: 'Call {{name}}.resume() to read (and discard) the input.',
      suggestDestroy: 'Call {{name}}.destroy() before leaving.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkClientSockets: {
            type: 'boolean',
            description: 'Also check sockets this code opens (net.connect, tls.connect, new net.Socket).',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ checkClientSockets: true }],
  create(context, [options]) {
    const api = nodeApiFor(context);
    const sourceCode = context.sourceCode;
    const checked = new WeakSet<TSESTree.Node>();

    const resumeFix = (site: SocketSite, before: TSESTree.Node | null) => {
      const code = `${site.ref.name}.resume();`;
      if (before) {
        const statement = enclosingStatement(before);
        // Only where the socket's name is in scope: not before the statement that creates or receives it.
        if (!statement || contains(statement, site.node)) return null;
        return insertBefore(sourceCode, statement, code);
      }
      return site.fn ? insertAtStart(site.fn as FunctionNode, code) : null;
    };

    let resumes: boolean | null = null;
    const fileResumes = (): boolean => {
      if (resumes === null) {
        let found = false;
        walk(sourceCode.ast, (node) => {
          if (
            node.type === AST_NODE_TYPES.CallExpression &&
            node.callee.type === AST_NODE_TYPES.MemberExpression &&
            staticMemberName(node.callee) === 'resume'
          ) {
            found = true;
          }
          return !found;
        });
        resumes = found;
      }
      return resumes;
    };

    const reportPaths = (fn: FunctionNode, usage: SocketUsage, name: string): number => {
      const exits = unhandledExits(fn, usage, { endCounts: true, alsoHandling: [] }).filter((e) => e.kind === 'exit');
      for (const exit of exits) {
        const isStatement =
          exit.node.type === AST_NODE_TYPES.ReturnStatement || exit.node.type === AST_NODE_TYPES.ThrowStatement;
        const fix = isStatement ? insertBefore(sourceCode, exit.node, `${name}.destroy();`) : null;
        context.report({
          loc: exit.loc,
          messageId: 'unreadPath',
          data: { name },
          suggest: fix ? [{ messageId: 'suggestDestroy', data: { name }, fix }] : [],
        });
      }
      return exits.length;
    };

    const checkSite = (site: SocketSite): void => {
      if (site.kind !== 'server' && site.kind !== 'client') return;
      if (site.kind === 'client' && options.checkClientSockets === false) return;
      if (checked.has(site.node)) return;
      checked.add(site.node);
      const usage = api.usage.usage(site.ref);
      const name = site.ref.name;
      // A connection listener that reads, destroys or hands the socket off on some paths must do so on
      // all of them: `if (!workers.length) return;` before `worker.send('socket', conn)` leaks.
      if (site.kind === 'server' && site.fn) {
        // Only where some path reads or hands it off; a socket read nowhere is `neverRead`, once.
        const taken = usage.reads.length + usage.handoffs.length + usage.endedBy.length;
        if (taken > 0 && reportPaths(site.fn, usage, name) > 0) return;
      }
      // Someone else owns it (a wrapper, a pool, a child process, an object's field). Keeping it in a
      // Set or Map reads nothing; nor does keeping it in a field of the class that drives it.
      if (
        usage.handoffs.length > 0 ||
        usage.stores.some(
          (s) =>
            (s.type === AST_NODE_TYPES.AssignmentExpression && !ownField(s, usage)) ||
            // `this.pair = { cleartext: tls.connect(…) }`: read later through the object.
            (s.type === AST_NODE_TYPES.Property && assignedObject(s)),
        )
      ) {
        return;
      }
      if (usage.closes.some((c) => DESTROY_METHODS.has(c.method) && runsForSure(c.call, site))) return;

      if (site.pauseOnConnect && usage.resumes.length === 0) {
        const fix = resumeFix(site, null);
        context.report({
          node: site.node,
          messageId: 'pauseOnConnectNeverResumed',
          data: { name },
          suggest: fix ? [{ messageId: 'suggestResume', data: { name }, fix }] : [],
        });
        return;
      }
      // `paused.add(sock)` and later `for (const s of paused) s.resume()`.
      const resumedFromStore = usage.stores.length > 0 && fileResumes();
      if (usage.pauses.length > 0 && usage.resumes.length === 0 && !resumedFromStore) {
        context.report({ node: usage.pauses[0]!, messageId: 'pausedNeverResumed', data: { name } });
        return;
      }
      if (usage.reads.length > 0) return;
      // A client that ends its own side after writing speaks a write-only protocol (metrics, logs):
      // when the peer closes without sending, nothing is left unread.
      // A destroy() counts only where it runs on every connection (not in a timer cleared on connect).
      const writeOnly = usage.closes.some((c) => c.method === 'end' || runsForSure(c.call, site));
      if (site.kind === 'client' && writeOnly) return;

      const endListener = usage.listeners.find((l) => l.event === 'end');
      if (endListener) {
        const fix = resumeFix(site, endListener.call);
        context.report({
          node: endListener.eventNode,
          messageId: 'endWithoutRead',
          data: { name },
          suggest: fix ? [{ messageId: 'suggestResume', data: { name }, fix }] : [],
        });
        return;
      }
      const fix = site.kind === 'server' ? resumeFix(site, null) : null;
      context.report({
        node: site.node,
        messageId: 'neverRead',
        data: { name },
        suggest: fix ? [{ messageId: 'suggestResume', data: { name }, fix }] : [],
      });
    };

    const onCall = (node: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      for (const site of api.sites.sitesOf(node)) if ('ref' in site) checkSite(site);
    };
    return { CallExpression: onCall, NewExpression: onCall };
  },
});


/**
 * `this.conn = net.connect(…)` in a class whose own methods drive the socket (write to it, listen on it):
 * the class is the protocol's one implementation, and the file shows everything it does with the socket.
 */
function ownField(store: TSESTree.AssignmentExpression, usage: SocketUsage): boolean {
  const left = store.left;
  if (left.type !== AST_NODE_TYPES.MemberExpression || left.object.type !== AST_NODE_TYPES.ThisExpression) return false;
  if (!usage.ref.fields.has(staticMemberName(left) ?? '')) return false;
  return usage.ref.occurrences().some((o) => {
    const member = o.parent;
    return (
      member?.type === AST_NODE_TYPES.MemberExpression &&
      member.object === o &&
      member.parent?.type === AST_NODE_TYPES.CallExpression &&
      member.parent.callee === member
    );
  });
}

/** A property of an object literal that is assigned somewhere (`x = { socket }`, `const s = this.s = { … }`). */
function assignedObject(property: TSESTree.Property): boolean {
  const holder = property.parent.parent;
  return holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.right === property.parent;
}

function enclosingStatement(node: TSESTree.Node): TSESTree.Node | null {
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    const parent = current.parent;
    if (
      parent?.type === AST_NODE_TYPES.BlockStatement ||
      parent?.type === AST_NODE_TYPES.Program ||
      parent?.type === AST_NODE_TYPES.SwitchCase
    ) {
      return current;
    }
  }
  return null;
}
