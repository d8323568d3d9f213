import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { climb } from '../util/climb.js';
import { memberKeyName, staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { walk } from '../util/walk.js';
import { argumentKind } from './argument-kind.js';
import { enclosingClassBody, type FunctionResolver } from './functions.js';
import type { NodeResolver } from './resolve.js';
import { CHAINABLE_METHODS, CLOSE_METHODS } from './sockets.js';

type Scope = TSESLint.Scope.Scope;

/** Collection calls that neither hand out nor iterate the entries. */
const COLLECTION_UPDATES: ReadonlySet<string> = new Set(['set', 'add', 'push', 'delete', 'has', 'clear']);

/**
 * Whether anything in the file could close the socket through the key it is kept under: `s.socket.end()`,
 * `close(s.socket)`, `const { socket } = s`. Only `s.socket.write(…)`-like calls and field reads are safe.
 */
function closedThroughKey(property: TSESTree.Property, key: string): boolean {
  let program: TSESTree.Node = property;
  while (program.parent) program = program.parent;
  let closed = false;
  walk(program, (node) => {
    if (closed) return false;
    if (
      node.type === AST_NODE_TYPES.Property &&
      node !== property &&
      node.parent?.type === AST_NODE_TYPES.ObjectPattern
    ) {
      if (!node.computed && node.key.type === AST_NODE_TYPES.Identifier && node.key.name === key) closed = true;
    } else if (node.type === AST_NODE_TYPES.MemberExpression && staticMemberName(node) === key) {
      const outer = climb(node);
      const use = outer.parent;
      const assigned = use?.type === AST_NODE_TYPES.AssignmentExpression && use.left === outer;
      const member = use?.type === AST_NODE_TYPES.MemberExpression && use.object === outer ? use : null;
      const name = member ? staticMemberName(member) : null;
      // `s.socket.on(…)` returns the socket: harmless as a statement, a hand-off when its value is used.
      const call = member?.parent?.type === AST_NODE_TYPES.CallExpression ? member.parent : null;
      const chained =
        call !== null &&
        CHAINABLE_METHODS.has(name ?? '') &&
        call.parent?.type !== AST_NODE_TYPES.ExpressionStatement;
      if (!assigned && (name === null || CLOSE_METHODS.has(name) || chained)) closed = true;
    }
    return true;
  });
  return closed;
}

/**
 * Local objects that hold a socket (`const session = { id, socket }`, kept in a private Map): whether the
 * file shows every use of the holder, so that putting the socket in it hands it to nobody.
 */
export class HolderAnalyzer {
  constructor(
    private readonly resolver: NodeResolver,
    private readonly functions: FunctionResolver,
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
  ) {}

  /**
   * Whether a socket put into a local object (`const session = { id, socket }`) stays where the file can
   * see it: the object is only read field by field, or kept in a private collection whose entries are
   * looked up and read the same way, and nothing in the file closes or passes on a `.socket` (the key it
   * sits under). Then the object hands the socket to nobody, and closing it is still this code's job.
   */
  keptInSight(property: TSESTree.Property): boolean {
    const key = property.computed
      ? staticString(property.key)
      : property.key.type === AST_NODE_TYPES.Identifier
        ? property.key.name
        : null;
    const declarator = climb(property.parent).parent;
    if (key === null || declarator?.type !== AST_NODE_TYPES.VariableDeclarator) return false;
    if (declarator.id.type !== AST_NODE_TYPES.Identifier) return false;
    if (declarator.parent?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return false;
    const holder = ASTUtils.findVariable(this.scopeOf(declarator.id), declarator.id);
    if (!holder) return false;
    const collections: TSESTree.Node[] = [];
    const stays = (variable: TSESLint.Scope.Variable, storable: boolean): boolean =>
      variable.references
        .filter((r) => r.isRead())
        .every((r) => this.#holderUseStays(r.identifier, storable ? collections : null));
    if (!stays(holder, true)) return false;
    for (const collection of collections) {
      const lookups = this.#collectionLookups(collection);
      if (lookups === null) return false;
      for (const lookup of lookups) {
        const target = climb(lookup).parent;
        if (target?.type === AST_NODE_TYPES.VariableDeclarator && target.id.type === AST_NODE_TYPES.Identifier) {
          const entry = ASTUtils.findVariable(this.scopeOf(target.id), target.id);
          if (!entry || !stays(entry, false)) return false;
        } else if (!this.#holderUseStays(lookup, null)) {
          return false;
        }
      }
    }
    return !closedThroughKey(property, key);
  }

  /** `session.id`, `!session`, `map.set(id, session)` (recorded in `collections` when given), `map.delete(session)`. */
  #holderUseStays(use: TSESTree.Node, collections: TSESTree.Node[] | null): boolean {
    const node = climb(use);
    const parent = node.parent;
    switch (parent?.type) {
      case AST_NODE_TYPES.MemberExpression:
        return parent.object === node && staticMemberName(parent) !== null;
      case AST_NODE_TYPES.UnaryExpression:
      case AST_NODE_TYPES.BinaryExpression:
        return true;
      case AST_NODE_TYPES.IfStatement:
        return parent.test === node;
      case AST_NODE_TYPES.CallExpression: {
        if (parent.callee === node) return false;
        const kind = argumentKind(this.resolver, (c) => this.functions.localCallee(c), parent);
        if (kind === 'ignore') return true;
        const callee = unwrap(parent.callee);
        if (kind !== 'store' || collections === null || callee.type !== AST_NODE_TYPES.MemberExpression) return false;
        collections.push(unwrap(callee.object));
        return true;
      }
      default:
        return false;
    }
  }

  /**
   * The `get()` calls on a collection (`this.sessions`, `sessions`), or null when it is used any other way:
   * iterated, passed on, exported, or a field code outside the class can reach.
   */
  #collectionLookups(collection: TSESTree.Node): TSESTree.CallExpression[] | null {
    let uses: TSESTree.Node[];
    if (collection.type === AST_NODE_TYPES.Identifier) {
      const variable = ASTUtils.findVariable(this.scopeOf(collection), collection);
      const declarator = variable?.defs[0]?.node;
      if (!variable || variable.defs.length !== 1 || declarator?.type !== AST_NODE_TYPES.VariableDeclarator) return null;
      if (declarator.parent?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return null;
      uses = variable.references.filter((r) => r.isRead()).map((r) => r.identifier);
    } else if (
      collection.type === AST_NODE_TYPES.MemberExpression &&
      collection.object.type === AST_NODE_TYPES.ThisExpression
    ) {
      const body = enclosingClassBody(collection);
      const name = staticMemberName(collection);
      const declared = body?.body.find(
        (m) =>
          m.type === AST_NODE_TYPES.PropertyDefinition &&
          !m.computed &&
          (m.key.type === AST_NODE_TYPES.PrivateIdentifier ||
            (m.key.type === AST_NODE_TYPES.Identifier && m.accessibility === 'private')) &&
          memberKeyName(m) === name,
      );
      if (!body || !declared) return null;
      uses = [];
      walk(body, (node) => {
        if (
          node.type === AST_NODE_TYPES.MemberExpression &&
          node.object.type === AST_NODE_TYPES.ThisExpression &&
          staticMemberName(node) === name
        ) {
          uses.push(node);
        }
        return true;
      });
    } else {
      return null;
    }
    const lookups: TSESTree.CallExpression[] = [];
    for (const use of uses) {
      const member = climb(use).parent;
      if (member?.type === AST_NODE_TYPES.AssignmentExpression && member.left === use) continue;
      if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== climb(use)) return null;
      const method = staticMemberName(member);
      if (method === 'size') continue;
      const call = member.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return null;
      if (method === 'get') lookups.push(call);
      else if (method === null || !COLLECTION_UPDATES.has(method)) return null;
    }
    return lookups;
  }
}
