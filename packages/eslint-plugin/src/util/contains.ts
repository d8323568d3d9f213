import type { TSESTree } from '@typescript-eslint/utils';

/** Whether `inner` lies within `outer` in the source (a node contains itself). */
export function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}

/** Whether any of `inner` lies within `outer`. */
export function containsAny(outer: TSESTree.Node, inner: readonly TSESTree.Node[]): boolean {
  return inner.some((node) => contains(outer, node));
}
