import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { staticMemberName } from '../util/static-name.js';
import { walk } from '../util/walk.js';
import { enclosingClassBody } from './functions.js';

type Variable = TSESLint.Scope.Variable;

const OWNER_FIELDS: ReadonlySet<string> = new Set(['socket', 'connection']);

/**
 * One socket as the code names it: its variables (the binding and any `const alias = socket`), the
 * `this.<field>` names it is stored under inside one class, and the creating expression itself when it is
 * used without a name (`net.connect(…).on('data', …)`).
 */
export class SocketRef {
  readonly variables: Set<Variable> = new Set();
  readonly fields = new Set<string>();
  classBody: TSESTree.ClassBody | null = null;
  readonly roots: TSESTree.Node[] = [];
  /**
   * Variables holding the HTTP message the socket came with: on 'upgrade'/'connect', `req.socket` (and
   * the deprecated `req.connection`) is this very socket, also inside helpers `req` is passed to.
   */
  readonly owners: Set<Variable> = new Set();

  constructor(readonly name: string) {}

  static ofVariable(variable: Variable): SocketRef {
    const ref = new SocketRef(variable.name);
    ref.addVariable(variable);
    return ref;
  }

  /**
   * A variable that names the socket. A field it is bound to names it too: a parameter defaulting to one
   * (`socket = this._socket`), a declaration chained with one (`const sock = this._sock = new Socket()`)
   * or reading one (`const req = this.req`).
   */
  addVariable(variable: Variable): void {
    this.variables.add(variable);
    const def = variable.defs[0];
    const pattern = def?.type === 'Parameter' ? def.name.parent : undefined;
    const field =
      pattern?.type === AST_NODE_TYPES.AssignmentPattern
        ? pattern.right
        : def?.type === 'Variable' && def.node.init?.type === AST_NODE_TYPES.AssignmentExpression
          ? def.node.init.left
          : def?.type === 'Variable' && def.node.init
            ? def.node.init
            : null;
    if (field?.type === AST_NODE_TYPES.MemberExpression && field.object.type === AST_NODE_TYPES.ThisExpression) {
      const body = enclosingClassBody(field);
      const name = staticMemberName(field);
      if (body && name !== null) this.addField(body, name);
    }
  }

  /** Whether `node` is this socket: one of its variables, or `this.<field>` in its class. */
  matches(node: TSESTree.Node): boolean {
    if (node.type === AST_NODE_TYPES.Identifier) return this.#identifiers().has(node);
    if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression) {
      const name = staticMemberName(node);
      return name !== null && this.fields.has(name) && enclosingClassBody(node) === this.classBody;
    }
    if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.Identifier) {
      return OWNER_FIELDS.has(staticMemberName(node) ?? '') && this.#identifiers(this.owners).has(node.object);
    }
    return this.roots.includes(node);
  }

  // Identifier look-ups are asked per node while walking listeners: keep a set, rebuilt only when a
  // variable was added (aliases and helper parameters are found as usage is collected).
  readonly #identifierSets = new WeakMap<Set<Variable>, { size: number; ids: Set<TSESTree.Node> }>();

  #identifiers(variables: Set<Variable> = this.variables): Set<TSESTree.Node> {
    const cached = this.#identifierSets.get(variables);
    if (cached && cached.size === variables.size) return cached.ids;
    const ids = new Set<TSESTree.Node>();
    for (const variable of variables) for (const reference of variable.references) ids.add(reference.identifier);
    this.#identifierSets.set(variables, { size: variables.size, ids });
    return ids;
  }

  /** Every place the code reads this socket, in source order. */
  occurrences(): TSESTree.Node[] {
    const found: TSESTree.Node[] = [...this.roots];
    for (const variable of this.variables) {
      for (const reference of variable.references) {
        if (reference.isRead()) found.push(reference.identifier);
      }
    }
    if (this.classBody && this.fields.size > 0) collectFields(this.classBody, this.fields, found);
    for (const { identifier } of this.ownerReferences()) {
      const parent = identifier.parent;
      if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
        if (OWNER_FIELDS.has(staticMemberName(parent) ?? '')) found.push(parent);
      }
    }
    return found.sort((a, b) => a.range[0] - b.range[0]);
  }

  /** Reads of the owner variables (`req`), where they may be passed on to a helper. */
  ownerReferences(): TSESLint.Scope.Reference[] {
    return [...this.owners].flatMap((v) => v.references.filter((r) => r.isRead()));
  }

  addField(classBody: TSESTree.ClassBody, field: string): boolean {
    if (this.classBody && this.classBody !== classBody) return false;
    this.classBody = classBody;
    const added = !this.fields.has(field);
    this.fields.add(field);
    return added;
  }
}

function collectFields(root: TSESTree.Node, fields: ReadonlySet<string>, out: TSESTree.Node[]): void {
  walk(root, (node) => {
    if (
      node.type === AST_NODE_TYPES.MemberExpression &&
      node.object.type === AST_NODE_TYPES.ThisExpression &&
      fields.has(staticMemberName(node) ?? '') &&
      !(node.parent?.type === AST_NODE_TYPES.AssignmentExpression && node.parent.left === node)
    ) {
      out.push(node);
    }
    return true;
  });
}
