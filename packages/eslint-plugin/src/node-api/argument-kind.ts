import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import type { FunctionNode } from '../util/is-function.js';
import { nameOf, staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import type { NodeResolver } from './resolve.js';
import { NON_OWNING_CALLS, OBSERVER_CALLS, PIPELINE_CALLS } from './sockets.js';

/** Events whose emit gives a socket to a server or agent rather than just telling listeners about it. */
const HANDOFF_EVENTS: ReadonlySet<string> = new Set(['connection', 'secureConnection', 'upgrade', 'connect', 'free', 'session']);

/**
 * What a call does with a socket passed to it: reads it to the end (`pipeline`), watches it
 * (`finished`), listens to it (`events.once`), gives it to a server (`emit('connection')`) or to the
 * app's listeners (`emit('open')`), keeps it (`Map#set`), ignores it (`console.log`, `Set#delete`),
 * passes it to a same-file helper, or hands it to code we cannot see.
 */
export type ArgumentKind =
  | 'pipeline'
  | 'pipe-into'
  | 'reader'
  | 'observer'
  | 'events'
  | 'emit'
  | 'announce'
  | 'store'
  | 'ignore'
  | 'local'
  | 'handoff';

export function argumentKind(
  resolver: NodeResolver,
  localCallee: (callee: TSESTree.Node) => FunctionNode | null,
  call: TSESTree.CallExpression,
): ArgumentKind {
  const callee = unwrap(call.callee);
  const name = nameOf(callee);
  if (resolver.is(callee, ['stream', 'stream/promises'], ['pipeline', 'compose'])) return 'pipeline';
  if (name !== null && PIPELINE_CALLS.has(name)) return 'pipeline';
  if (resolver.is(callee, ['stream', 'stream/promises'], ['finished'])) return 'observer';
  if (name !== null && OBSERVER_CALLS.has(name)) return 'observer';
  if (resolver.is(callee, 'events', ['once', 'on'])) return 'events';
  if ((name === 'once' || name === 'on') && staticString(call.arguments[1]) !== null) return 'events';
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const object = unwrap(callee.object);
    if (object.type === AST_NODE_TYPES.Identifier && object.name === 'console') return 'ignore';
    if (name === 'emit') {
      // `server.emit('connection', socket)` gives the socket to a server; `app.emit('gone', socket)`
      // only tells the app about it.
      const event = staticString(call.arguments[0]);
      return event !== null && HANDOFF_EVENTS.has(event) ? 'emit' : 'announce';
    }
    if (name === 'push' || name === 'set' || name === 'add' || name === 'unshift') return 'store';
  }
  if (name !== null && NON_OWNING_CALLS.has(name)) return 'ignore';
  // `source.pipe(socket)` writes to the socket and ends it when the source ends; nothing reads it.
  if (name === 'pipe' && callee.type === AST_NODE_TYPES.MemberExpression) return 'pipe-into';
  if (localCallee(callee)) return 'local';
  return 'handoff';
}
