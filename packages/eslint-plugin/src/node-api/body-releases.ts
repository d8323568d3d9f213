/**
 * Calls that drop a request's connection from outside its response, and so release an unread body:
 * `req.destroy()` / `req.abort()` on the request, `controller.abort()` on the signal it was given.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { climb } from '../util/climb.js';
import { staticMemberName } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { CONNECTION_DROP_METHODS } from './bodies.js';
import { objectLiteral, property } from './body-requests.js';

type Scope = TSESLint.Scope.Scope;

/** `req.destroy()` / `req.abort()` on the request whose callback receives the response. */
export function requestReleases(call: TSESTree.CallExpression, scopeOf: (node: TSESTree.Node) => Scope): TSESTree.Node[] {
  const holder = climb(call).parent;
  if (holder?.type !== AST_NODE_TYPES.VariableDeclarator || holder.id.type !== AST_NODE_TYPES.Identifier) return [];
  return emitterReleases(holder.id, scopeOf);
}

/** `destroy()` / `abort()` calls on the request `emitter` names. */
export function emitterReleases(emitter: TSESTree.Node, scopeOf: (node: TSESTree.Node) => Scope): TSESTree.Node[] {
  const expr = unwrap(emitter);
  return expr.type === AST_NODE_TYPES.Identifier ? methodCalls(expr, CONNECTION_DROP_METHODS, scopeOf) : [];
}

/** `controller.abort()` for a request made with `{ signal: controller.signal }`. */
export function signalReleases(call: TSESTree.CallExpression, scopeOf: (node: TSESTree.Node) => Scope): TSESTree.Node[] {
  for (const arg of call.arguments) {
    const options = objectLiteral(arg, scopeOf);
    const signal = options && property(options, 'signal');
    if (signal?.type !== AST_NODE_TYPES.MemberExpression || staticMemberName(signal) !== 'signal') continue;
    const controller = unwrap(signal.object);
    if (controller.type === AST_NODE_TYPES.Identifier) {
      return methodCalls(controller, new Set(['abort']), scopeOf);
    }
  }
  return [];
}

/** Calls of `methods` on the variable `id` names, anywhere in the file. */
function methodCalls(id: TSESTree.Identifier, methods: ReadonlySet<string>, scopeOf: (node: TSESTree.Node) => Scope): TSESTree.Node[] {
  const variable = ASTUtils.findVariable(scopeOf(id), id);
    if (!variable) return [];
    const calls: TSESTree.Node[] = [];
    for (const reference of variable.references) {
      const member = reference.identifier.parent;
      const call = member?.parent;
      if (
        member?.type === AST_NODE_TYPES.MemberExpression &&
        member.object === reference.identifier &&
        methods.has(staticMemberName(member) ?? '') &&
        call?.type === AST_NODE_TYPES.CallExpression &&
        call.callee === member
      ) {
        calls.push(call);
      }
    }
    return calls;
  }
