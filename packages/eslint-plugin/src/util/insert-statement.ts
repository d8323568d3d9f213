import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import type { FunctionNode } from './is-function.js';

/**
 * A fix that runs `code` just before `statement`. A statement that is the lone body of an `if`/loop
 * is wrapped in a block, so the new call stays on the same path.
 */
export function insertBefore(
  sourceCode: Readonly<TSESLint.SourceCode>,
  statement: TSESTree.Node,
  code: string,
): (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix {
  const parent = statement.parent;
  const inList =
    parent?.type === AST_NODE_TYPES.BlockStatement ||
    parent?.type === AST_NODE_TYPES.Program ||
    parent?.type === AST_NODE_TYPES.SwitchCase;
  if (inList) {
    const indent = ' '.repeat(statement.loc.start.column);
    return (fixer) => fixer.insertTextBefore(statement, `${code}\n${indent}`);
  }
  return (fixer) => fixer.replaceText(statement, `{ ${code} ${sourceCode.getText(statement)} }`);
}

/** A fix that adds `code` as the first statement of a function body; null for an expression-bodied arrow. */
export function insertAtStart(
  fn: FunctionNode,
  code: string,
): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | null {
  const body = fn.body;
  if (body.type !== AST_NODE_TYPES.BlockStatement) return null;
  const first = body.body[0];
  if (first) {
    const indent = ' '.repeat(first.loc.start.column);
    return (fixer) => fixer.insertTextBefore(first, `${code}\n${indent}`);
  }
  return (fixer) => fixer.insertTextAfterRange([body.range[0], body.range[0] + 1], ` ${code} `);
}

/** A fix that adds `code` as the last statement of a block-bodied function. */
export function insertAtEnd(fn: FunctionNode, code: string): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | null {
  const body = fn.body;
  if (body.type !== AST_NODE_TYPES.BlockStatement) return null;
  const last = body.body[body.body.length - 1];
  if (!last) return (fixer) => fixer.insertTextAfterRange([body.range[0], body.range[0] + 1], ` ${code} `);
  const indent = ' '.repeat(last.loc.start.column);
  return (fixer) => fixer.insertTextAfter(last, `\n${indent}${code}`);
}

/**
 * A fix that makes `code` the function's last step: before a closing `return`/`throw`, and for an
 * expression-bodied arrow `() => reject(err)` by turning the body into a block that keeps the expression.
 */
export function appendToFunction(
  sourceCode: Readonly<TSESLint.SourceCode>,
  fn: FunctionNode,
  code: string,
): (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix {
  const body = fn.body;
  if (body.type !== AST_NODE_TYPES.BlockStatement) {
    const text = sourceCode.getText(body);
    const expression = body.type === AST_NODE_TYPES.ObjectExpression ? `(${text})` : text;
    return (fixer) => fixer.replaceText(body, `{ ${expression}; ${code} }`);
  }
  const last = body.body[body.body.length - 1];
  if (last?.type === AST_NODE_TYPES.ReturnStatement || last?.type === AST_NODE_TYPES.ThrowStatement) {
    return insertBefore(sourceCode, last, code);
  }
  return insertAtEnd(fn, code)!;
}

/** A fix that runs `code` just after `statement`, when the statement stands in a list; null otherwise. */
export function insertAfter(
  statement: TSESTree.Node,
  code: string,
): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | null {
  const parent = statement.parent;
  const inList =
    parent?.type === AST_NODE_TYPES.BlockStatement ||
    parent?.type === AST_NODE_TYPES.Program ||
    parent?.type === AST_NODE_TYPES.SwitchCase;
  if (!inList) return null;
  const indent = ' '.repeat(statement.loc.start.column);
  return (fixer) => fixer.insertTextAfter(statement, `\n${indent}${code}`);
}
