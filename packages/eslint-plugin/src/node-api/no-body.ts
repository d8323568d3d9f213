/**
 * Whether a test (`res.status === 204`, `!res.body`, `[204, 304].includes(status)`) proves that a response
 * has no body left to consume, so that the branch it guards need not read one.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { staticMemberName } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { NO_BODY_STATUSES, type BodyKind } from './bodies.js';
import type { Tracker } from './body-tracker.js';

/** Whether `test` having the truth value `truthy` proves that there is no body left to consume. */
export function noBodyWhen(test: TSESTree.Node, truthy: boolean, tracker: Tracker, kind: BodyKind): boolean {
  const expr = unwrap(test);
  switch (expr.type) {
    case AST_NODE_TYPES.UnaryExpression:
      return expr.operator === '!' && noBodyWhen(expr.argument, !truthy, tracker, kind);
    case AST_NODE_TYPES.LogicalExpression: {
      const a = (t: boolean) => noBodyWhen(expr.left, t, tracker, kind);
      const b = (t: boolean) => noBodyWhen(expr.right, t, tracker, kind);
      if (expr.operator === '||') return truthy ? a(true) && b(true) : a(false) || b(false);
      if (expr.operator === '&&') return truthy ? a(true) || b(true) : a(false) && b(false);
      return false;
    }
    case AST_NODE_TYPES.BinaryExpression: {
      const equal = expr.operator === '===' || expr.operator === '==';
      const unequal = expr.operator === '!==' || expr.operator === '!=';
      if (!equal && !unequal) return false;
      // Only `===` being true (or `!==` being false) says what the value is.
      if (equal !== truthy) return false;
      const left = unwrap(expr.left);
      const right = unwrap(expr.right);
      for (const [subject, value] of [
        [left, right],
        [right, left],
      ] as const) {
        if (kind !== 'aws' && tracker.isStatus(subject) && NO_BODY_STATUSES.has(numberValue(value) ?? -1)) return true;
        if ((tracker.isBody(subject) || tracker.isResponse(subject)) && isNullish(value)) return true;
      }
      return false;
    }
    case AST_NODE_TYPES.CallExpression: {
      // `[204, 304].includes(res.status)`
      const callee = expr.callee;
      if (!truthy || kind === 'aws' || callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      if (staticMemberName(callee) !== 'includes' || !expr.arguments[0] || !tracker.isStatus(unwrap(expr.arguments[0]))) {
        return false;
      }
      const list = unwrap(callee.object);
      return (
        list.type === AST_NODE_TYPES.ArrayExpression &&
        list.elements.length > 0 &&
        list.elements.every((e) => e !== null && NO_BODY_STATUSES.has(numberValue(e) ?? -1))
      );
    }
    case AST_NODE_TYPES.MemberExpression:
      // `if (res.bodyUsed)`: already read. `if (!res.body)`: nothing to read.
      if (staticMemberName(expr) === 'bodyUsed' && tracker.isResponse(unwrap(expr.object))) return truthy;
      return !truthy && tracker.isBody(expr);
    case AST_NODE_TYPES.Identifier:
      // `if (!res) return` after `fetch(u).catch(() => null)`: no response, no body.
      return !truthy && (tracker.isBody(expr) || tracker.isResponse(expr));
    default:
      return false;
  }
}

export function numberValue(node: TSESTree.Node): number | null {
  const expr = unwrap(node);
  return expr.type === AST_NODE_TYPES.Literal && typeof expr.value === 'number' ? expr.value : null;
}

function isNullish(node: TSESTree.Node): boolean {
  const expr = unwrap(node);
  return (
    (expr.type === AST_NODE_TYPES.Literal && expr.value === null && !('regex' in expr)) ||
    (expr.type === AST_NODE_TYPES.Identifier && expr.name === 'undefined')
  );
}
