import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { climb } from '../util/climb.js';
import { enclosingFunction } from '../util/enclosing-function.js';
import { isFunction, type FunctionNode } from '../util/is-function.js';
import { memberPath } from '../util/member-path.js';
import { calleeName, nameOf, staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { walk } from '../util/walk.js';
import type { AgentFinder } from './agents.js';
import { callbackOf, isImmediateCallback, isIterationCallback } from './frequency.js';
import type { FunctionResolver } from './functions.js';

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

/** What becomes of a connection pool (an agent, or a client holding one) after the code builds it. */
export interface PoolFate {
  /** It outlives the call that built it: stored in a field, a module variable, a cache, a closure. */
  kept: boolean;
  /** Functions that return it (or a client holding it): factories, fine where they are called once. */
  readonly returnedFrom: FunctionNode[];
  /** Calls that send a request with it. */
  readonly requests: TSESTree.Node[];
  /** Calls it is passed to whose effect we cannot see. */
  readonly others: TSESTree.Node[];
  /** `close()`/`destroy()` calls on it. */
  readonly closes: TSESTree.Node[];
  /** It serves several requests: used in a loop, an iteration callback or by more than one call. */
  repeated: boolean;
}

/** Calls that keep what they are given: `map.set(k, agent)`, `setGlobalDispatcher(agent)`, `pools.push(p)`. */
const STORE_CALL = /^(?:set|add|push|unshift|register|install|cache|store|save|use|provide|bind)$|^(?:set|register)[A-Z]/;
/**
 * Functions whose names say they send a request (`postJson`, `fetchWithAgent`, `getUser`, `makeRequest`):
 * a pool handed to one is used for that call's requests. Not those that say they return a holder (`getClient`).
 */
const REQUEST_WRAPPER = /^(?:get|post|put|patch|delete|head|fetch|request|send|download|upload)(?:[A-Z_\d]|$)|[a-z](?:Request|Fetch)$/;
const HOLDER_NAME = /^get\w*(?:Client|Agent|Pool|Dispatcher|Instance|Session|Api|Connection|Transport|Options|Config)s?$/;
/** Calls that build, open or configure something that outlives one exchange. */
const LASTING_NAME =
  /^(?:create|make|build|new|init|setup|set[A-Z]|configure|with|wrap|connect|open|start|login|listen|subscribe|register|attach|mount|use)|(?:Factory|Client|Pool|Agent|Instance|Session|Connection|Socket)$/;
/** Options under which a request function takes its pool. */
const POOL_OPTIONS: ReadonlySet<string> = new Set(['agent', 'httpAgent', 'httpsAgent', 'dispatcher']);
const CLOSE_METHODS: ReadonlySet<string> = new Set(['close', 'destroy']);
/** Constructors of a single long-lived connection that takes an agent only to open it. */
const LONG_LIVED = /WebSocket$|^WS$|EventSource$/;
const MAX_DEPTH = 8;

/**
 * Follows a pool from the expression that builds it: through variables, options objects, holders
 * (`new Client({ agent })`, `axios.create({ httpsAgent })`) and same-file helpers it is passed to, to
 * the requests it serves and the places that keep it.
 */
export class PoolFateFinder {
  constructor(
    private readonly agents: AgentFinder,
    private readonly functions: FunctionResolver,
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
  ) {}

  fate(expr: TSESTree.Node): PoolFate {
    const fate: PoolFate = { kept: false, returnedFrom: [], requests: [], others: [], closes: [], repeated: false };
    this.#follow(expr, fate, new Set(), 0);
    if (fate.requests.length > 1) fate.repeated = true;
    return fate;
  }

  #follow(expr: TSESTree.Node, fate: PoolFate, seen: Set<Variable>, depth: number): void {
    if (depth > MAX_DEPTH) return;
    const node = climb(expr, { awaited: true });
    const parent = node.parent;
    if (!parent) return;
    switch (parent.type) {
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) {
          this.#variable(this.#variableOf(parent.id), fate, seen, depth);
        }
        return;
      case AST_NODE_TYPES.AssignmentExpression:
        if (parent.right === node) this.#assigned(parent, fate, seen, depth);
        return;
      case AST_NODE_TYPES.AssignmentPattern:
        // `function send(url, agent = new https.Agent())`: a default built on every call without one.
        if (parent.right === node && parent.left.type === AST_NODE_TYPES.Identifier) {
          this.#variable(this.#variableOf(parent.left), fate, seen, depth);
        }
        return;
      case AST_NODE_TYPES.Property:
        if (parent.value === node && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
          this.#follow(parent.parent, fate, seen, depth + 1);
        }
        return;
      case AST_NODE_TYPES.ArrayExpression:
        this.#follow(parent, fate, seen, depth + 1);
        return;
      case AST_NODE_TYPES.SpreadElement:
        // `{ ...options }` carries the options on; `f(...pools)` we cannot follow.
        if (parent.parent.type === AST_NODE_TYPES.ObjectExpression) this.#follow(parent.parent, fate, seen, depth + 1);
        else fate.kept = true;
        return;
      case AST_NODE_TYPES.CallExpression:
        if (parent.callee === node) fate.requests.push(parent); // `const api = axios.create(…); api(url)`
        else this.#argument(parent, parent.arguments.indexOf(node as TSESTree.CallExpressionArgument), fate, seen, depth);
        return;
      case AST_NODE_TYPES.NewExpression:
        // `new Client({ agent })`: the new object holds the pool, and its fate is the pool's. A WebSocket
        // or EventSource opens one long-lived connection with it: nothing there to reuse.
        if (parent.callee !== node && LONG_LIVED.test(calleeName(parent) ?? '')) {
          fate.kept = true;
        } else if (parent.callee !== node) {
          fate.others.push(parent);
          this.#follow(parent, fate, seen, depth + 1);
        }
        return;
      case AST_NODE_TYPES.MemberExpression: {
        const call = parent.parent;
        if (parent.object !== node || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return;
        const method = staticMemberName(parent) ?? '';
        if (CLOSE_METHODS.has(method)) fate.closes.push(call);
        else if (this.#sendsRequest(call)) fate.requests.push(call);
        return;
      }
      case AST_NODE_TYPES.ReturnStatement:
        this.#returned(enclosingFunction(parent), fate, seen, depth);
        return;
      case AST_NODE_TYPES.ArrowFunctionExpression:
        if (parent.body === node) this.#returned(parent, fate, seen, depth);
        return;
      case AST_NODE_TYPES.ExpressionStatement:
      case AST_NODE_TYPES.UnaryExpression:
      case AST_NODE_TYPES.BinaryExpression:
      case AST_NODE_TYPES.TemplateLiteral:
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.SwitchStatement:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.ForInStatement:
        return;
      default:
        // Yielded, thrown, exported, a class field, a spread we cannot follow: assume it lives on.
        fate.kept = true;
    }
  }

  #assigned(assignment: TSESTree.AssignmentExpression, fate: PoolFate, seen: Set<Variable>, depth: number): void {
    // `agent ??= new Agent()`, `this.agents[key] ||= new Agent()`: memoised.
    if (assignment.operator !== '=') {
      fate.kept = true;
      return;
    }
    const left = assignment.left;
    if (left.type === AST_NODE_TYPES.Identifier) {
      const variable = this.#variableOf(left);
      // A variable of an outer scope (a module-level cache) outlives the call; so does one the code
      // tests before filling (`if (!agent) agent = new Agent()`).
      if (!variable || !this.#isLocal(variable, assignment) || guardedBy(assignment, variable)) {
        fate.kept = true;
        return;
      }
      this.#variable(variable, fate, seen, depth);
      return;
    }
    if (left.type !== AST_NODE_TYPES.MemberExpression) {
      fate.kept = true;
      return;
    }
    // `options.agent = new Agent()` on a local options object: the object's fate is the pool's.
    let root: TSESTree.Node = left;
    while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrap(root.object);
    const variable = root.type === AST_NODE_TYPES.Identifier ? this.#variableOf(root) : null;
    const fn = enclosingFunction(assignment);
    if (variable && fn && variable.scope.variableScope.block === fn) {
      // `opts.agent = new HttpsProxyAgent(p); this.agentCache.set(p, opts.agent)`: cached (gaxios).
      if (storedLater(fn, memberPath(left))) {
        fate.kept = true;
        return;
      }
      this.#variable(variable, fate, seen, depth);
      return;
    }
    fate.kept = true;
  }

  #argument(call: TSESTree.CallExpression, index: number, fate: PoolFate, seen: Set<Variable>, depth: number): void {
    const callee = unwrap(call.callee);
    const name = nameOf(callee);
    if (name === 'assign' && callee.type === AST_NODE_TYPES.MemberExpression) {
      // `Object.assign(this, { agent })` keeps it; `Object.assign({}, defaults, { agent })` passes it on.
      const target = call.arguments[0] ? unwrap(call.arguments[0]) : null;
      if (index > 0 && target?.type !== AST_NODE_TYPES.ObjectExpression && !this.#isLocalValue(target, call)) {
        fate.kept = true;
        return;
      }
      this.#follow(call, fate, seen, depth + 1);
      return;
    }
    if (this.#sendsRequest(call)) {
      fate.requests.push(call);
      return;
    }
    if (name !== null && STORE_CALL.test(name)) {
      fate.kept = true;
      return;
    }
    // A same-file helper: follow the parameter into it.
    const helper = callee.type === AST_NODE_TYPES.Identifier || isThisMember(callee) ? this.functions.resolve(callee) : null;
    if (helper && index >= 0 && depth < 3) {
      const param = this.functions.paramVariable(helper, index);
      if (param) {
        const inner: PoolFate = { kept: false, returnedFrom: [], requests: [], others: [], closes: [], repeated: false };
        this.#variable(param, inner, seen, depth + 1);
        if (inner.requests.length > 0) {
          fate.requests.push(call);
          fate.repeated ||= inner.repeated || inner.requests.length > 1;
          return;
        }
        if (inner.kept) {
          fate.kept = true;
          return;
        }
      }
    }
    // A wrapper we cannot see, named for a request, given the pool or options that carry it:
    // `postJson(url, body, { agent })`, `fetchWithAgent(url, agent)`.
    // So is any other we cannot see whose result is the answer of one exchange: awaited, chained with
    // `.then`, thrown away, or given a callback (`await relay(url, body, { agent })`), unless its name
    // says it builds or opens something that lasts (`createClient`, `connect`, `new`).
    if (
      !helper &&
      name !== null &&
      carriesPool(call.arguments[index]) &&
      (isRequestWrapper(name) || (!LASTING_NAME.test(name) && answersOnce(call)))
    ) {
      fate.requests.push(call);
      return;
    }
    // Code we cannot see may keep it, or use it; what it returns may hold it (`wrap(agent)`).
    fate.others.push(call);
    this.#follow(call, fate, seen, depth + 1);
  }

  #returned(fn: FunctionNode | null, fate: PoolFate, seen: Set<Variable>, depth: number): void {
    if (fn && (isImmediateCallback(fn) || isIterationCallback(fn))) {
      // `(() => new Agent())()`, `hosts.map((h) => new Pool(h))`: the call's value holds it.
      const call = callbackOf(fn);
      if (call) this.#follow(call, fate, seen, depth + 1);
      return;
    }
    if (fn) fate.returnedFrom.push(fn);
    else fate.kept = true;
  }

  #variable(variable: Variable | null, fate: PoolFate, seen: Set<Variable>, depth: number): void {
    if (!variable || seen.has(variable)) return;
    seen.add(variable);
    const home = variable.scope.variableScope.block;
    const block = variable.scope.block;
    for (const reference of variable.references) {
      if (!reference.isRead()) continue;
      const id = reference.identifier;
      // A closure that outlives the call keeps the pool alive with it: `return (url) => fetch(url, { dispatcher })`,
      // `server.on('request', (req, res) => proxy(req, res, agent))`.
      let escapes = false;
      for (let fn = enclosingFunction(id); fn && fn !== home; fn = enclosingFunction(fn)) {
        if (isIterationCallback(fn)) fate.repeated = true;
        else if (!isImmediateCallback(fn)) escapes = true;
      }
      if (escapes) {
        fate.kept = true;
        continue;
      }
      if (inLoopWithin(id, block)) fate.repeated = true;
      this.#follow(id, fate, seen, depth + 1);
    }
  }

  #sendsRequest(call: TSESTree.CallExpression): boolean {
    return this.agents.isRequest(call);
  }

  #variableOf(id: TSESTree.Identifier): Variable | null {
    return ASTUtils.findVariable(this.scopeOf(id), id);
  }

  /** A variable declared in the function that assigns it (not a parameter): it dies with the call. */
  #isLocal(variable: Variable, node: TSESTree.Node): boolean {
    const fn = enclosingFunction(node);
    if (!fn || variable.scope.variableScope.block !== fn) return false;
    return variable.defs.every((d) => d.type !== 'Parameter');
  }

  #isLocalValue(node: TSESTree.Node | null, at: TSESTree.Node): boolean {
    if (node?.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.#variableOf(node);
    return variable !== null && this.#isLocal(variable, at);
  }
}

/** `if (!agent) agent = …`, `agent || (agent = …)`, `agent ? agent : (agent = …)`. */
function guardedBy(assignment: TSESTree.Node, variable: Variable): boolean {
  const fn = enclosingFunction(assignment);
  for (let node: TSESTree.Node = assignment; node.parent && node.parent !== fn; node = node.parent) {
    const parent: TSESTree.Node = node.parent;
    let test: TSESTree.Node | null = null;
    if (parent.type === AST_NODE_TYPES.IfStatement && parent.test !== node) test = parent.test;
    else if (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== node) test = parent.test;
    else if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.right === node) test = parent.left;
    if (test && mentions(test, variable)) return true;
  }
  return false;
}

function mentions(node: TSESTree.Node, variable: Variable): boolean {
  const ids = new Set<TSESTree.Node>(variable.references.map((r) => r.identifier));
  let found = false;
  walk(node, (n) => {
    if (ids.has(n)) found = true;
    return !found;
  });
  return found;
}

/** Whether `node` sits in a loop body inside `home` (the function, or the program, a variable lives in). */
function inLoopWithin(node: TSESTree.Node, home: TSESTree.Node): boolean {
  for (let current: TSESTree.Node = node; current.parent && current.parent !== home; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (isFunction(parent)) return false;
    switch (parent.type) {
      case AST_NODE_TYPES.ForStatement:
        if (current === parent.body || current === parent.update) return true;
        break;
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
        if (current === parent.body) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

function isRequestWrapper(name: string): boolean {
  return REQUEST_WRAPPER.test(name) && !HOLDER_NAME.test(name);
}

/** Whether what `call` gives back is one exchange's answer: awaited, `.then`-chained, dropped, or given a callback. */
function answersOnce(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  if (call.type === AST_NODE_TYPES.NewExpression) return false;
  if (call.arguments.some((argument) => isFunction(argument))) return true;
  const node = climb(call);
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.AwaitExpression || parent?.type === AST_NODE_TYPES.ExpressionStatement) return true;
  return parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node && staticMemberName(parent) === 'then';
}

/** The pool itself (or a variable holding it) as an argument, or an options literal with an agent option. */
function carriesPool(argument: TSESTree.Node | undefined): boolean {
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return false;
  const value = unwrap(argument);
  if (value.type === AST_NODE_TYPES.ArrayExpression) return false;
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return true;
  return value.properties.some((property) => {
    if (property.type !== AST_NODE_TYPES.Property) return false;
    const key = !property.computed && property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : staticString(property.key);
    return key !== null && POOL_OPTIONS.has(key);
  });
}


function isThisMember(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression;
}

/** Whether `fn` passes what `path` names (`opts.agent`) to a call that keeps it (`cache.set(key, opts.agent)`). */
function storedLater(fn: FunctionNode, path: string | null): boolean {
  if (path === null) return false;
  let stored = false;
  walk(fn.body, (node) => {
    if (stored) return false;
    if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
      const name = staticMemberName(node.callee);
      if (name !== null && STORE_CALL.test(name) && node.arguments.some((a) => memberPath(a) === path)) stored = true;
    }
    return true;
  });
  return stored;
}
