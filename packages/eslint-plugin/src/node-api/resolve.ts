import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { canonicalModule, type NodeModule } from './modules.js';

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

/** What an expression denotes in Node's API: a module (`path` empty) or a member of it (`['createServer']`). */
export interface NodeRef {
  readonly module: NodeModule;
  readonly path: readonly string[];
}

const MAX_DEPTH = 8;

/**
 * Resolves every import form to the Node API it names: `require('net')`, `require('node:net')`,
 * `import net from`, `import * as net from`, `import { connect as dial } from`, destructuring
 * (`const { createServer: cs } = require('net')`), aliases (`const make = net.createServer`),
 * `process.getBuiltinModule('net')` and `await import('net')`. A shadowed name is not Node's.
 */
export class NodeResolver {
  readonly #cache = new WeakMap<Variable, NodeRef | null>();

  constructor(private readonly scopeOf: (node: TSESTree.Node) => Scope) {}

  resolve(node: TSESTree.Node, depth = 0): NodeRef | null {
    if (depth > MAX_DEPTH) return null;
    const expr = unwrap(node);
    switch (expr.type) {
      case AST_NODE_TYPES.Identifier:
        return this.#resolveIdentifier(expr, depth);
      case AST_NODE_TYPES.MemberExpression: {
        const name = staticMemberName(expr);
        if (name === null) return null;
        const base = this.resolve(expr.object, depth + 1);
        if (!base) return null;
        // `import net from 'net'` in CommonJS interop, or `(await import('net')).default`.
        if (name === 'default' && base.path.length === 0) return base;
        return { module: base.module, path: [...base.path, name] };
      }
      case AST_NODE_TYPES.CallExpression:
        return this.#resolveLoader(expr);
      case AST_NODE_TYPES.AwaitExpression:
        return expr.argument.type === AST_NODE_TYPES.ImportExpression
          ? this.#moduleRef(staticString(expr.argument.source))
          : null;
      default:
        return null;
    }
  }

  /** True when `node` names `module.member` (or `module.member` with any of `names`). */
  is(node: TSESTree.Node, module: NodeModule | readonly NodeModule[], names: readonly string[]): boolean {
    const ref = this.resolve(node);
    if (!ref || ref.path.length !== 1) return false;
    const modules: readonly NodeModule[] = typeof module === 'string' ? [module] : module;
    return modules.includes(ref.module) && names.includes(ref.path[0]!);
  }

  #moduleRef(specifier: string | null): NodeRef | null {
    const module = canonicalModule(specifier);
    return module ? { module, path: [] } : null;
  }

  /** `require('x')`, `process.getBuiltinModule('x')`, `globalThis.process.getBuiltinModule('x')`. */
  #resolveLoader(call: TSESTree.CallExpression): NodeRef | null {
    const callee = unwrap(call.callee);
    const specifier = staticString(call.arguments[0]);
    if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'require') {
      return this.#isGlobal(callee) ? this.#moduleRef(specifier) : null;
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression && staticMemberName(callee) === 'getBuiltinModule') {
      let target = unwrap(callee.object);
      if (target.type === AST_NODE_TYPES.MemberExpression && staticMemberName(target) === 'process') {
        const root = unwrap(target.object);
        if (root.type !== AST_NODE_TYPES.Identifier || root.name !== 'globalThis') return null;
        target = root;
        return this.#isGlobal(target) ? this.#moduleRef(specifier) : null;
      }
      if (target.type === AST_NODE_TYPES.Identifier && target.name === 'process' && this.#isGlobal(target)) {
        return this.#moduleRef(specifier);
      }
    }
    return null;
  }

  #isGlobal(id: TSESTree.Identifier): boolean {
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    return !variable || variable.defs.length === 0;
  }

  #resolveIdentifier(id: TSESTree.Identifier, depth: number): NodeRef | null {
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    if (!variable) return null;
    if (this.#cache.has(variable)) return this.#cache.get(variable) ?? null;
    this.#cache.set(variable, null); // breaks cycles such as `let a = b; let b = a`
    const ref = this.#resolveVariable(variable, depth);
    this.#cache.set(variable, ref);
    return ref;
  }

  #resolveVariable(variable: Variable, depth: number): NodeRef | null {
    if (variable.defs.length !== 1) return null;
    const def = variable.defs[0]!;
    if (def.type === 'ImportBinding') {
      const spec = def.node;
      // TypeScript's `import net = require('net')` names the module itself.
      if (spec.type === AST_NODE_TYPES.TSImportEqualsDeclaration) return importEqualsRef(spec, canonicalModule);
      const decl = spec.parent as TSESTree.ImportDeclaration;
      const module = canonicalModule(decl.source.value);
      if (!module) return null;
      if (spec.type === AST_NODE_TYPES.ImportSpecifier) {
        const imported = spec.imported.type === AST_NODE_TYPES.Identifier ? spec.imported.name : spec.imported.value;
        return imported === 'default' ? { module, path: [] } : { module, path: [imported] };
      }
      return { module, path: [] };
    }
    if (def.type !== 'Variable') return null;
    // A variable written after its declaration may hold anything.
    if (variable.references.some((r) => r.isWrite() && r.identifier !== def.name && !r.init)) return null;
    const declarator = def.node;
    if (!declarator.init) return null;
    const base = this.resolve(declarator.init, depth + 1);
    if (!base) return null;
    const keys = patternPath(declarator.id, def.name);
    return keys ? { module: base.module, path: [...base.path, ...keys] } : null;
  }
}

/** `import net = require('node:net')`: the module; `import A = B.C` (a namespace alias): nothing we know. */
function importEqualsRef<M extends string>(
  decl: TSESTree.TSImportEqualsDeclaration,
  canonical: (specifier: unknown) => M | null,
): { module: M; path: string[] } | null {
  const reference = decl.moduleReference;
  if (decl.importKind === 'type' || reference.type !== AST_NODE_TYPES.TSExternalModuleReference) return null;
  const module = canonical(staticString(reference.expression));
  return module ? { module, path: [] } : null;
}

/** The property keys that lead from a destructuring pattern's root to `target`; [] for a plain identifier. */
function patternPath(pattern: TSESTree.Node, target: TSESTree.Node): string[] | null {
  if (pattern === target) return [];
  switch (pattern.type) {
    case AST_NODE_TYPES.ObjectPattern:
      for (const prop of pattern.properties) {
        if (prop.type !== AST_NODE_TYPES.Property) continue;
        const key =
          !prop.computed && prop.key.type === AST_NODE_TYPES.Identifier ? prop.key.name : staticString(prop.key);
        const rest = patternPath(prop.value, target);
        if (rest && key !== null) return key === 'default' ? rest : [key, ...rest];
      }
      return null;
    case AST_NODE_TYPES.AssignmentPattern:
      return patternPath(pattern.left, target);
    default:
      return null;
  }
}
