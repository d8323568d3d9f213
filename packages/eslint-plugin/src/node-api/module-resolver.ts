import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

/** What an expression denotes: a module (`path` empty) or a member of it (`['Agent']`). */
export interface ModuleRef {
  readonly module: string;
  readonly path: readonly string[];
}

const MAX_DEPTH = 8;

/**
 * Interop helpers that compilers wrap around `require()`: TypeScript's `__importDefault` /
 * `__importStar` (also as `tslib.__importDefault` and `(0, tslib_1.__importDefault)`), Babel's
 * `_interopRequireDefault` / `_interopRequireWildcard`. What they return reads like the module itself.
 */
const INTEROP_HELPERS: ReadonlySet<string> = new Set([
  '__importDefault',
  '__importStar',
  '_interopRequireDefault',
  '_interopRequireWildcard',
]);

/**
 * Every import form, for any set of modules — npm packages included (`NodeResolver` is this with Node's):
 * `require('undici')`, `import { Agent } from 'undici'`, namespace and default imports, destructuring
 * with aliases, `const A = undici.Agent`, `await import('undici')`, `process.getBuiltinModule('node:http')`,
 * and the interop wrappers compiled CommonJS puts around `require()`. A shadowed name is not the module's.
 * `canonical` names the module a specifier stands for, or null for modules of no interest.
 */
export class ModuleResolver {
  readonly #cache = new WeakMap<Variable, ModuleRef | null>();

  constructor(
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
    private readonly canonical: (specifier: string) => string | null,
  ) {}

  resolve(node: TSESTree.Node, depth = 0): ModuleRef | null {
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
        if (name === 'default' && base.path.length === 0) return base;
        return { module: base.module, path: [...base.path, name] };
      }
      case AST_NODE_TYPES.CallExpression:
        return this.#resolveLoader(expr, depth);
      case AST_NODE_TYPES.AwaitExpression:
        return expr.argument.type === AST_NODE_TYPES.ImportExpression
          ? this.#moduleRef(staticString(expr.argument.source))
          : null;
      default:
        return null;
    }
  }

  /** The module and the single exported name `node` stands for, e.g. `{ module: 'undici', name: 'Pool' }`. */
  member(node: TSESTree.Node): { module: string; name: string } | null {
    const ref = this.resolve(node);
    if (!ref || ref.path.length > 1) return null;
    return { module: ref.module, name: ref.path[0] ?? '' };
  }

  #moduleRef(specifier: string | null): ModuleRef | null {
    const module = specifier === null ? null : this.canonical(specifier);
    return module ? { module, path: [] } : null;
  }

  #resolveLoader(call: TSESTree.CallExpression, depth: number): ModuleRef | null {
    const callee = unwrap(call.callee);
    const specifier = staticString(call.arguments[0]);
    if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'require') {
      return this.#isGlobal(callee) ? this.#moduleRef(specifier) : null;
    }
    if (isInteropHelper(callee) && call.arguments[0]) return this.resolve(call.arguments[0], depth + 1);
    if (callee.type === AST_NODE_TYPES.MemberExpression && staticMemberName(callee) === 'getBuiltinModule') {
      const target = unwrap(callee.object);
      if (target.type === AST_NODE_TYPES.MemberExpression && staticMemberName(target) === 'process') {
        const root = unwrap(target.object);
        if (root.type !== AST_NODE_TYPES.Identifier || root.name !== 'globalThis') return null;
        return this.#isGlobal(root) ? this.#moduleRef(specifier) : null;
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

  #resolveIdentifier(id: TSESTree.Identifier, depth: number): ModuleRef | null {
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    if (!variable) return null;
    if (this.#cache.has(variable)) return this.#cache.get(variable) ?? null;
    this.#cache.set(variable, null); // breaks cycles such as `let a = b; let b = a`
    const ref = this.#resolveVariable(variable, depth);
    this.#cache.set(variable, ref);
    return ref;
  }

  #resolveVariable(variable: Variable, depth: number): ModuleRef | null {
    if (variable.defs.length !== 1) return null;
    const def = variable.defs[0]!;
    if (def.type === 'ImportBinding') {
      const spec = def.node;
      if (spec.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
        return importEqualsRef(spec, (specifier) => (typeof specifier === 'string' ? this.canonical(specifier) : null));
      }
      const decl = spec.parent as TSESTree.ImportDeclaration;
      const module = this.canonical(decl.source.value);
      if (!module) return null;
      if (spec.type === AST_NODE_TYPES.ImportSpecifier) {
        const imported = spec.imported.type === AST_NODE_TYPES.Identifier ? spec.imported.name : spec.imported.value;
        return imported === 'default' ? { module, path: [] } : { module, path: [imported] };
      }
      return { module, path: [] };
    }
    if (def.type !== 'Variable') return null;
    if (variable.references.some((r) => r.isWrite() && r.identifier !== def.name && !r.init)) return null;
    const declarator = def.node;
    if (!declarator.init) return null;
    const base = this.resolve(declarator.init, depth + 1);
    if (!base) return null;
    const keys = patternPath(declarator.id, def.name);
    return keys ? { module: base.module, path: [...base.path, ...keys] } : null;
  }
}

/** `__importDefault`, `tslib.__importDefault`, `(0, tslib_1.__importDefault)`. */
function isInteropHelper(callee: TSESTree.Node): boolean {
  let target = callee;
  if (target.type === AST_NODE_TYPES.SequenceExpression) target = target.expressions[target.expressions.length - 1]!;
  if (target.type === AST_NODE_TYPES.Identifier) return INTEROP_HELPERS.has(target.name);
  return target.type === AST_NODE_TYPES.MemberExpression && INTEROP_HELPERS.has(staticMemberName(target) ?? '');
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
