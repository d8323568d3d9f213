import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction } from '../util/enclosing-function.js';
import { staticString } from '../util/static-name.js';
import { walk } from '../util/walk.js';
import type { SocketSite } from './sites.js';
import { TIMER_CALLS } from './sockets.js';

function clearsTimers(scope: TSESTree.Node | null): boolean {
  if (!scope) return true;
  let clears = false;
  walk(scope, (node) => {
    if (
      node.type === AST_NODE_TYPES.CallExpression &&
      node.callee.type === AST_NODE_TYPES.Identifier &&
      /^clear(?:Timeout|Interval)$/.test(node.callee.name)
    ) {
      clears = true;
    }
    return !clears;
  });
  return clears;
}


/** Socket events that arrive on every connection that lives: a timeout, our side flushed, connected. */
const SURE_EVENTS: ReadonlySet<string> = new Set(['timeout', 'finish', 'connect', 'secureConnect', 'ready']);

/**
 * Whether `call` runs on every connection from `site`, whatever the peer sends: on the listener's (or
 * the creating scope's) own unconditional path, in the connect callback, on a timeout, once our side is
 * flushed (`socket.end(reply, () => socket.destroy())`). A call on a reject branch, in a `catch`, or in an
 * 'error'/'end'/'close'/'data' listener leaves other connections untouched.
 */
export function runsForSure(call: TSESTree.Node, site: SocketSite): boolean {
  const scope = site.fn ?? enclosingFunction(site.node);
  for (let node: TSESTree.Node = call; node.parent; node = node.parent) {
    const parent: TSESTree.Node = node.parent;
    if (parent === scope) return true;
    switch (parent.type) {
      case AST_NODE_TYPES.IfStatement:
        if (parent.test !== node) return false;
        break;
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.SwitchCase:
      case AST_NODE_TYPES.CatchClause:
        return false;
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression: {
        if (parent.callee === node || parent === site.node) break;
        const callee = parent.callee;
        const name =
          callee.type === AST_NODE_TYPES.Identifier
            ? callee.name
            : callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier
              ? callee.property.name
              : '';
        // A global timer that the code may clear (`clearTimeout(timer)` on connect) is not sure.
        if (TIMER_CALLS.has(name) && callee.type === AST_NODE_TYPES.Identifier) {
          if (clearsTimers(scope)) return false;
          break;
        }
        if (TIMER_CALLS.has(name) || name === 'end' || name === 'connect') break;
        const event = (name === 'on' || name === 'once') && staticString(parent.arguments[0]);
        if (event && SURE_EVENTS.has(event)) break;
        return false;
      }
      default:
        break;
    }
  }
  return scope === null;
}
