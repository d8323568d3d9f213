import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { ModuleResolver } from './module-resolver.js';
import { canonicalModule, type NodeModule } from './modules.js';

type Scope = TSESLint.Scope.Scope;

/** What an expression denotes in Node's API: a module (`path` empty) or a member of it (`['createServer']`). */
export interface NodeRef {
  readonly module: NodeModule;
  readonly path: readonly string[];
}

/**
 * Resolves every import form to the Node API it names (and the HTTP client packages `modules.ts`
 * lists): `require('net')`, `require('node:net')`, `import net from`, `import * as net from`,
 * `import { connect as dial } from`, destructuring (`const { createServer: cs } = require('net')`),
 * aliases (`const make = net.createServer`), `process.getBuiltinModule('net')`, `await import('net')`,
 * `import net = require('net')` and compiled interop (`__importDefault(require('net'))`). A shadowed
 * name is not Node's. The import forms themselves are `ModuleResolver`'s, shared with the rules that
 * follow npm packages.
 */
export class NodeResolver {
  readonly #modules: ModuleResolver;

  constructor(scopeOf: (node: TSESTree.Node) => Scope) {
    this.#modules = new ModuleResolver(scopeOf, canonicalModule);
  }

  resolve(node: TSESTree.Node, depth = 0): NodeRef | null {
    // canonicalModule only ever answers with a NodeModule.
    return this.#modules.resolve(node, depth) as NodeRef | null;
  }

  /** True when `node` names `module.member` (or `module.member` with any of `names`). */
  is(node: TSESTree.Node, module: NodeModule | readonly NodeModule[], names: readonly string[]): boolean {
    const ref = this.resolve(node);
    if (!ref || ref.path.length !== 1) return false;
    const modules: readonly NodeModule[] = typeof module === 'string' ? [module] : module;
    return modules.includes(ref.module) && names.includes(ref.path[0]!);
  }
}
