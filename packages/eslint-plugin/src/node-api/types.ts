import { AST_NODE_TYPES, type ParserServicesWithTypeInformation, type TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

import { isFunction, type FunctionNode } from '../util/is-function.js';

const NODE_TYPES_FILE = /[\\/]@types[\\/]node[\\/](?:ts[\d.]+[\\/])?([\w/]+)(?:\.[\w]+)?\.d\.ts$/;
/** undici's own types (`undici/types/*.d.ts`) and the copy @types/node ships (`undici-types/*.d.ts`). */
const UNDICI_TYPES_FILE = /[\\/](?:undici[\\/]types|undici-types)[\\/][\w-]+\.d\.ts$/;
/** TypeScript's DOM library, where `lib: ["dom"]` projects get `Response` from. */
const DOM_LIB_FILE = /[\\/]lib\.dom\.d\.ts$/;

/**
 * The type checker, asked only about candidate nodes that a rule has already picked out syntactically.
 * Types are named `module:Name` after the `@types/node` file that declares them (`net:Socket`,
 * `http:IncomingMessage`, `stream:Duplex`), together with every base class; undici's types are
 * `undici:Name` and the DOM library's `dom:Name` (fetch's `Response` comes from one of these).
 */
export class TypeInfo {
  readonly #checker: ts.TypeChecker;
  readonly #cache = new WeakMap<TSESTree.Node, ReadonlySet<string>>();

  constructor(private readonly services: ParserServicesWithTypeInformation) {
    this.#checker = services.program.getTypeChecker();
  }

  /** Every Node type the node's type is or inherits from; empty for `any`, unions of unrelated types, etc. */
  nodeTypes(node: TSESTree.Node): ReadonlySet<string> {
    const cached = this.#cache.get(node);
    if (cached) return cached;
    const names = new Set<string>();
    try {
      const type = this.services.getTypeAtLocation(node);
      const parts = type.isUnion() ? type.types : [type];
      for (const part of parts) {
        if (part.flags & (1 << 15) /* Undefined */ || part.flags & (1 << 16) /* Null */) continue;
        this.#collect(part, names, 0);
      }
    } catch {
      // A checker failure on odd code must not crash the lint run; the syntax-only view still applies.
    }
    this.#cache.set(node, names);
    return names;
  }

  has(node: TSESTree.Node, ...names: string[]): boolean {
    const types = this.nodeTypes(node);
    return names.some((n) => types.has(n));
  }

  /** Whether the node's type is a Node type called `name`, whatever module declares it (`Buffer`). */
  hasNamed(node: TSESTree.Node, name: string): boolean {
    for (const type of this.nodeTypes(node)) if (type.endsWith(`:${name}`)) return true;
    return false;
  }

  /** The same-file function (declaration, method, arrow field or `const f = () => …`) behind an expression. */
  declaredFunction(node: TSESTree.Node): FunctionNode | null {
    try {
      const tsNode = this.services.esTreeNodeToTSNodeMap.get(node);
      let symbol = this.#checker.getSymbolAtLocation(tsNode);
      if (symbol && symbol.flags & 2097152 /* Alias */) symbol = this.#checker.getAliasedSymbol(symbol);
      const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
      if (!decl || decl.getSourceFile() !== tsNode.getSourceFile()) return null;
      const estree = this.services.tsNodeToESTreeNodeMap.get(decl) as TSESTree.Node | undefined;
      if (!estree) return null;
      if (isFunction(estree)) return estree;
      if (
        (estree.type === AST_NODE_TYPES.MethodDefinition || estree.type === AST_NODE_TYPES.PropertyDefinition) &&
        isFunction(estree.value)
      ) {
        return estree.value;
      }
      if (estree.type === AST_NODE_TYPES.VariableDeclarator && isFunction(estree.init)) return estree.init;
      if (estree.type === AST_NODE_TYPES.Property && isFunction(estree.value)) return estree.value;
    } catch {
      // See nodeTypes().
    }
    return null;
  }

  #collect(type: ts.Type, names: Set<string>, depth: number): void {
    if (depth > 6) return;
    const symbol = type.getSymbol() ?? type.aliasSymbol;
    if (symbol) {
      for (const decl of symbol.declarations ?? []) {
        const file = decl.getSourceFile().fileName;
        const match = NODE_TYPES_FILE.exec(file);
        if (match) names.add(`${match[1]}:${symbol.getName()}`);
        else if (UNDICI_TYPES_FILE.test(file)) names.add(`undici:${symbol.getName()}`);
        else if (DOM_LIB_FILE.test(file)) names.add(`dom:${symbol.getName()}`);
      }
    }
    if (type.isClassOrInterface()) {
      for (const base of this.#checker.getBaseTypes(type)) this.#collect(base, names, depth + 1);
    } else if (type.isIntersection()) {
      for (const part of type.types) this.#collect(part, names, depth + 1);
    }
  }
}

/** Node types that are sockets, or duplex streams standing for a socket. */
export const SOCKET_TYPES = ['net:Socket', 'tls:TLSSocket', 'stream:Duplex'] as const;
