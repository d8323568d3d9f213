import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { unwrap } from './unwrap.js';

/**
 * The name a member expression reads (`a.b`, `a['b']`, `` a[`b`] ``, `this.#b` as `#b`), or null when it is
 * computed at run time.
 */
export function staticMemberName(node: TSESTree.MemberExpression): string | null {
  if (!node.computed) {
    if (node.property.type === AST_NODE_TYPES.PrivateIdentifier) return `#${node.property.name}`;
    return node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : null;
  }
  return staticString(node.property);
}

/** The name of a class member or property key as `staticMemberName` spells it (`#b` for a private one). */
export function memberKeyName(member: { readonly key: TSESTree.Node; readonly computed: boolean }): string | null {
  if (member.computed) return staticString(member.key);
  if (member.key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${member.key.name}`;
  return member.key.type === AST_NODE_TYPES.Identifier ? member.key.name : null;
}

/** A string literal or a template literal without expressions, as a string; otherwise null. */
export function staticString(node: TSESTree.Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) {
    return node.quasis[0]?.value.cooked ?? null;
  }
  return null;
}

/** The name an identifier or a member expression reads: `f` of `f`, `b` of `a.b`; null otherwise. */
export function nameOf(node: TSESTree.Node): string | null {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  return node.type === AST_NODE_TYPES.MemberExpression ? staticMemberName(node) : null;
}

/** The name a call's callee reads: `f` of `f(x)`, `b` of `a.b(x)` and of `(0, a.b)(x)`. */
export function calleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | null {
  return nameOf(unwrap(call.callee));
}
