import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { isFunction, type FunctionNode } from '../util/is-function.js';
import { memberPath } from '../util/member-path.js';
import { memberKeyName, nameOf, staticMemberName } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import type { TypeInfo } from './types.js';

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

/**
 * Finds the function an expression refers to within the same file: an inline function, a function
 * declaration, a `const f = () => …`, `this.method` / `this.method.bind(this)` inside a class, a method of
 * a `const` object literal, and, with type information, any same-file declaration behind the symbol.
 */
export class FunctionResolver {
  constructor(
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
    private readonly scopeManager: TSESLint.Scope.ScopeManager | null,
    private readonly types: TypeInfo | null,
  ) {}

  resolve(node: TSESTree.Node | undefined, depth = 0): FunctionNode | null {
    if (!node || depth > 4) return null;
    const expr = unwrap(node);
    if (isFunction(expr)) return expr;
    if (expr.type === AST_NODE_TYPES.Identifier) {
      return this.#fromVariable(ASTUtils.findVariable(this.scopeOf(expr), expr), depth) ?? this.#fromTypes(expr);
    }
    if (expr.type === AST_NODE_TYPES.CallExpression) {
      // `handler.bind(this)` and `handler.bind(null, x)`: the bound function's body is the handler.
      const callee = unwrap(expr.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && staticMemberName(callee) === 'bind') {
        return this.resolve(callee.object, depth + 1);
      }
      return null;
    }
    if (expr.type === AST_NODE_TYPES.MemberExpression) {
      const name = staticMemberName(expr);
      if (name === null) return null;
      const object = unwrap(expr.object);
      if (object.type === AST_NODE_TYPES.ThisExpression) {
        return this.classMember(expr, name) ?? this.#fromTypes(expr);
      }
      if (object.type === AST_NODE_TYPES.Identifier) {
        // `const self = this; … self.errorConnecting(err)`
        if (this.#aliasesThis(object)) return this.classMember(expr, name) ?? this.#fromTypes(expr);
        const method = this.#instanceMember(object, name);
        if (method) return method;
        const literal = this.#objectLiteral(object);
        const prop = literal?.properties.find(
          (p): p is TSESTree.Property =>
            p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === name,
        );
        if (prop) return this.resolve(prop.value, depth + 1);
      }
      return this.#fromTypes(expr);
    }
    return null;
  }

  /**
   * The same-file function a call's callee names: `helper`, `this.method`, or `gateway.handle` with
   * `const gateway = new Gateway()` or an object literal in this file.
   */
  localCallee(callee: TSESTree.Node): FunctionNode | null {
    if (callee.type === AST_NODE_TYPES.Identifier) return this.resolve(callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    if (callee.object.type === AST_NODE_TYPES.ThisExpression) {
      const name = staticMemberName(callee);
      return name === null ? null : this.classMember(callee, name);
    }
    return unwrap(callee.object).type === AST_NODE_TYPES.Identifier ? this.resolve(callee) : null;
  }

  /**
   * The constructor `new X(…)` runs when `X` is a class of this file (its `constructor`) or a constructor
   * function (`function Relay(opts) { … }` with `Relay.prototype` methods).
   */
  localConstructor(callee: TSESTree.Node): FunctionNode | null {
    const expr = unwrap(callee);
    if (expr.type !== AST_NODE_TYPES.Identifier) return null;
    const variable = ASTUtils.findVariable(this.scopeOf(expr), expr);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type === 'ClassName') {
      const ctor = def.node.body.body.find(
        (m): m is TSESTree.MethodDefinition => m.type === AST_NODE_TYPES.MethodDefinition && m.kind === 'constructor',
      );
      return ctor && isFunction(ctor.value) ? ctor.value : null;
    }
    if (def?.type === 'FunctionName' && def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
    return null;
  }

  /** The method (or arrow-function field) `name` of the class that encloses `node`. */
  classMember(node: TSESTree.Node, name: string): FunctionNode | null {
    const body = enclosingClassBody(node);
    if (!body) return prototypeMember(node, name);
    for (const member of body.body) {
      if (
        (member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition) &&
        !member.computed &&
        memberKeyName(member) === name &&
        isFunction(member.value)
      ) {
        return member.value;
      }
    }
    return null;
  }

  /** The variable a function parameter declares, when the parameter is a plain name (with or without default). */
  paramVariable(fn: FunctionNode, index: number): Variable | null {
    let param: TSESTree.Node | undefined = fn.params[index];
    if (param?.type === AST_NODE_TYPES.TSParameterProperty) param = param.parameter;
    if (param?.type === AST_NODE_TYPES.AssignmentPattern) param = param.left;
    if (param?.type !== AST_NODE_TYPES.Identifier || !this.scopeManager) return null;
    const id = param;
    return this.scopeManager.getDeclaredVariables(fn).find((v) => v.identifiers.includes(id)) ?? null;
  }

  #fromVariable(variable: Variable | null, depth: number): FunctionNode | null {
    if (!variable || variable.defs.length !== 1) return null;
    const def = variable.defs[0]!;
    if (def.type === 'FunctionName' && isFunction(def.node)) return def.node;
    if (def.type === 'Variable' && def.node.id.type === AST_NODE_TYPES.Identifier && def.node.init) {
      if (variable.references.some((r) => r.isWrite() && !r.init)) return null;
      return this.resolve(def.node.init, depth + 1);
    }
    return null;
  }

  /** `self` in `const self = this` (or `var that = this`), never reassigned. */
  #aliasesThis(id: TSESTree.Identifier): boolean {
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Variable' || !def.node.init || unwrap(def.node.init).type !== AST_NODE_TYPES.ThisExpression) return false;
    return !variable!.references.some((r) => r.isWrite() && !r.init);
  }

  /** `hub.handleUpgrade` with `const hub = new StreamHub()` and `class StreamHub` in the same file. */
  #instanceMember(id: TSESTree.Identifier, name: string): FunctionNode | null {
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Variable' || !def.node.init) return null;
    const init = unwrap(def.node.init);
    if (init.type !== AST_NODE_TYPES.NewExpression || init.callee.type !== AST_NODE_TYPES.Identifier) return null;
    const classVariable = ASTUtils.findVariable(this.scopeOf(init.callee), init.callee);
    const classDef = classVariable?.defs.length === 1 ? classVariable.defs[0] : undefined;
    if (classDef?.type !== 'ClassName') return null;
    const body = classDef.node.body;
    return body.body.length > 0 ? this.classMember(body.body[0]!, name) : null;
  }

  #objectLiteral(id: TSESTree.Identifier): TSESTree.ObjectExpression | null {
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Variable' || !def.node.init) return null;
    const init = unwrap(def.node.init);
    return init.type === AST_NODE_TYPES.ObjectExpression ? init : null;
  }

  #fromTypes(node: TSESTree.Node): FunctionNode | null {
    return this.types?.declaredFunction(node) ?? null;
  }
}

export function enclosingClassBody(node: TSESTree.Node): TSESTree.ClassBody | null {
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) return current;
  }
  return null;
}

/** A constructor function and what the file gives its prototype: ES5's classes. */
export interface Es5Class {
  readonly name: string;
  /** `Pool.prototype.<name> = function () { … }`, at the top level of the file. */
  readonly methods: ReadonlyMap<string, FunctionNode>;
  /** `B` of `util.inherits(Pool, B)` or `Pool.prototype = Object.create(B.prototype)`; null when none. */
  readonly base: string | null;
}

/**
 * The ES5 class whose code `node` is in: inside `function Pool() { … }` or a function assigned to
 * `Pool.prototype.method`; null elsewhere.
 */
export function es5Class(node: TSESTree.Node): Es5Class | null {
  let owner: string | null = null;
  for (let current = node.parent; current && owner === null; current = current.parent) {
    if (!isFunction(current) || current.type === AST_NODE_TYPES.ArrowFunctionExpression) continue;
    // Inside the constructor function itself: `function Relay() { … this._onConnection.bind(this) }`.
    if (current.type === AST_NODE_TYPES.FunctionDeclaration && current.id) {
      owner = current.id.name;
      break;
    }
    const assignment = current.parent;
    if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.right !== current) return null;
    owner = prototypeOwner(assignment.left);
    if (owner === null) return null;
  }
  if (owner === null) return null;
  let program: TSESTree.Node = node;
  while (program.parent) program = program.parent;
  if (program.type !== AST_NODE_TYPES.Program) return null;
  return es5Classes(program).get(owner) ?? { name: owner, methods: new Map(), base: null };
}

const es5ClassIndex = new WeakMap<TSESTree.Program, Map<string, Es5Class>>();

/** Every ES5 class the top level of a file builds: its prototype methods and its base, found once per file. */
function es5Classes(program: TSESTree.Program): Map<string, Es5Class> {
  const cached = es5ClassIndex.get(program);
  if (cached) return cached;
  const classes = new Map<string, { name: string; methods: Map<string, FunctionNode>; base: string | null }>();
  const of = (name: string) => {
    let found = classes.get(name);
    if (!found) classes.set(name, (found = { name, methods: new Map(), base: null }));
    return found;
  };
  for (const statement of program.body) {
    const expr = statement.type === AST_NODE_TYPES.ExpressionStatement ? statement.expression : null;
    if (expr?.type === AST_NODE_TYPES.AssignmentExpression && expr.left.type === AST_NODE_TYPES.MemberExpression) {
      const name = staticMemberName(expr.left);
      const owner = prototypeOwner(expr.left);
      if (name !== null && owner !== null && isFunction(expr.right)) of(owner).methods.set(name, expr.right);
      // `Pool.prototype = Object.create(Base.prototype)`
      const created = expr.right.type === AST_NODE_TYPES.CallExpression ? expr.right.arguments[0] : undefined;
      const target = memberPath(expr.left.object);
      if (name === 'prototype' && target !== null && created?.type === AST_NODE_TYPES.MemberExpression) {
        of(target).base = memberPath(created.object);
      }
    }
    // `util.inherits(Pool, Base)`, `inherits(Pool, Base)`
    if (expr?.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrap(expr.callee);
      const name = nameOf(callee);
      const [child, parent] = expr.arguments;
      if (name === 'inherits' && child?.type === AST_NODE_TYPES.Identifier && parent) of(child.name).base = memberPath(parent);
    }
  }
  es5ClassIndex.set(program, classes);
  return classes;
}

/** `Pool.prototype.listen` for `this.listen` inside `Pool.prototype.allocate = function () { … }`. */
function prototypeMember(node: TSESTree.Node, name: string): FunctionNode | null {
  return es5Class(node)?.methods.get(name) ?? null;
}

/** `Pool` for `Pool.prototype.method`. */
function prototypeOwner(target: TSESTree.Node): string | null {
  if (target.type !== AST_NODE_TYPES.MemberExpression) return null;
  const proto = target.object;
  if (proto.type !== AST_NODE_TYPES.MemberExpression || staticMemberName(proto) !== 'prototype') return null;
  return proto.object.type === AST_NODE_TYPES.Identifier ? proto.object.name : null;
}
