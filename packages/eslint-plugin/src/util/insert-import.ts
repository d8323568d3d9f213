import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { staticString } from './static-name.js';

type Fix = (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix;

/**
 * A fix that brings the named export `name` of Node's core `module` into module scope, in the file's own
 * style: added to an existing `import { … } from 'node:stream'` or `const { … } = require('stream')`, or
 * as a new statement after the last import or require (`node:` prefixed when the file writes core
 * modules that way, or writes none).
 */
export function importNamed(sourceCode: Readonly<TSESLint.SourceCode>, module: string, name: string): Fix {
  const program = sourceCode.ast;
  const specifiers = [module, `node:${module}`];
  const imports = program.body.filter((s): s is TSESTree.ImportDeclaration => s.type === AST_NODE_TYPES.ImportDeclaration);
  // TypeScript's `import net = require('net')` is an import statement too.
  const importEquals = program.body.filter(
    (s): s is TSESTree.TSImportEqualsDeclaration =>
      s.type === AST_NODE_TYPES.TSImportEqualsDeclaration && s.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference,
  );
  const requires = program.body.filter(isRequireDeclaration);
  const esm = imports.length > 0 || importEquals.length > 0 || (requires.length === 0 && program.sourceType === 'module');

  if (esm) {
    const existing = imports.find(
      (i) =>
        specifiers.includes(i.source.value) &&
        i.importKind !== 'type' &&
        i.specifiers.length > 0 &&
        i.specifiers.every((s) => s.type === AST_NODE_TYPES.ImportSpecifier),
    );
    const last = existing?.specifiers[existing.specifiers.length - 1];
    if (last) return (fixer) => fixer.insertTextAfter(last, `, ${name}`);
    const sources = [
      ...imports.map((i) => i.source.value),
      ...importEquals.map((i) => staticString((i.moduleReference as TSESTree.TSExternalModuleReference).expression) ?? ''),
    ];
    const statement = `import { ${name} } from '${specifierStyle(sources, module)}';`;
    const lastImport = [...imports, ...importEquals].sort((a, b) => a.range[0] - b.range[0]).pop();
    return after(lastImport, program, statement);
  }
  for (const declaration of requires) {
    const declarator = declaration.declarations[0]!;
    const source = requireSource(declarator.init);
    if (source === null || !specifiers.includes(source) || declarator.id.type !== AST_NODE_TYPES.ObjectPattern) continue;
    const last = declarator.id.properties[declarator.id.properties.length - 1];
    if (last && last.type !== AST_NODE_TYPES.RestElement) return (fixer) => fixer.insertTextAfter(last, `, ${name}`);
  }
  const used = requires.map((r) => requireSource(r.declarations[0]!.init)).filter((s): s is string => s !== null);
  const statement = `const { ${name} } = require('${specifierStyle(used, module)}');`;
  return after(requires[requires.length - 1], program, statement);
}

const CORE_MODULES: ReadonlySet<string> = new Set([
  'assert', 'buffer', 'child_process', 'crypto', 'dgram', 'dns', 'events', 'fs', 'http', 'http2', 'https',
  'net', 'os', 'path', 'readline', 'stream', 'tls', 'url', 'util', 'zlib',
]);

/** `node:stream` unless the file names core modules without the prefix. */
function specifierStyle(sources: readonly string[], module: string): string {
  const prefixed = sources.some((s) => s.startsWith('node:'));
  const bare = sources.some((s) => CORE_MODULES.has(s.split('/')[0]!));
  return bare && !prefixed ? module : `node:${module}`;
}

function after(statement: TSESTree.Node | undefined, program: TSESTree.Program, text: string): Fix {
  if (statement) return (fixer) => fixer.insertTextAfter(statement, `\n${text}`);
  // After the directives ('use strict'), before the first statement.
  let lastDirective: TSESTree.Node | undefined;
  for (const s of program.body) {
    if (s.type !== AST_NODE_TYPES.ExpressionStatement || s.directive === undefined) break;
    lastDirective = s;
  }
  if (lastDirective) {
    const directive = lastDirective;
    return (fixer) => fixer.insertTextAfter(directive, `\n${text}`);
  }
  const first = program.body[0];
  if (first) return (fixer) => fixer.insertTextBefore(first, `${text}\n`);
  return (fixer) => fixer.insertTextAfterRange([0, 0], `${text}\n`);
}

function isRequireDeclaration(statement: TSESTree.ProgramStatement): statement is TSESTree.VariableDeclaration {
  return (
    statement.type === AST_NODE_TYPES.VariableDeclaration &&
    statement.declarations.length === 1 &&
    requireSource(statement.declarations[0]!.init) !== null
  );
}

/** `'stream'` for `require('stream')` (also behind `.default` or a member). */
function requireSource(init: TSESTree.Expression | null): string | null {
  let node: TSESTree.Node | null = init;
  while (node?.type === AST_NODE_TYPES.MemberExpression) node = node.object;
  if (node?.type !== AST_NODE_TYPES.CallExpression) return null;
  if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'require') return null;
  return staticString(node.arguments[0]);
}
