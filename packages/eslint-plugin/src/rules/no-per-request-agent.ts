import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';

import { nodeApiFor } from '../node-api/index.js';
import { AgentFinder, mentionsPoolModules } from '../node-api/agents.js';
import { callbackOf, FrequencyFinder, type Frequency } from '../node-api/frequency.js';
import { PoolFateFinder } from '../node-api/pool-fate.js';
import { functionName } from '../node-api/sites.js';
import { createRule } from '../util/create-rule.js';
import type { FunctionNode } from '../util/is-function.js';
import { memberPath } from '../util/member-path.js';
import { staticMemberName, staticString } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';

type MessageIds = 'newAgentPerRequest' | 'agentFalse' | 'proxyWithoutAgent';
type Options = [{ checkAgentFalse?: boolean }];

/**
 * Functions that set an instance or the process up, called once by convention: a pool built there serves
 * what follows, even when the function makes a request itself (a login, a warm-up).
 */
const INITIALISER_NAME = /^(?:init|initiali[sz]e|setup|setUp|bootstrap|main|start|configure|install|prepare|warmUp|warmup|connect|open)(?:[A-Z_\d]|$)/;

/** The hooks through which an agent class opens each new connection (agent-base's `connect`, http.Agent's `createConnection`). */
const CONNECT_HOOKS: ReadonlySet<string> = new Set(['connect', 'createConnection', 'createSocket', 'callback']);
const AGENT_CLASS = /Agent$/;

/**
 * Inside the connect hook of a class that extends an agent: a pool built there opens the one connection
 * the enclosing agent asked for, and that agent keeps and reuses it (pac-proxy-agent's failover over
 * proxies, a SOCKS-over-HTTPS chain).
 */
function inConnectHook(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type !== AST_NODE_TYPES.MethodDefinition) continue;
    const name = !current.computed && current.key.type === AST_NODE_TYPES.Identifier ? current.key.name : null;
    const owner = current.parent.parent;
    const isClass = owner?.type === AST_NODE_TYPES.ClassDeclaration || owner?.type === AST_NODE_TYPES.ClassExpression;
    const base = isClass && owner.superClass ? memberPath(owner.superClass) : null;
    return name !== null && CONNECT_HOOKS.has(name) && base !== null && AGENT_CLASS.test(base);
  }
  return false;
}

/** Options with which `agent: false` is what the request needs: a tunnel, an upgrade, a Unix socket, a socket of its own. */
const OWN_CONNECTION_OPTIONS: ReadonlySet<string> = new Set(['createConnection', 'socketPath']);

export default createRule<Options, MessageIds>({
  name: 'no-per-request-agent',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow creating HTTP agents, pools and clients per request',
      recommended: true,
    },
    messages: {
      newAgentPerRequest:
        'A new {{what}} is created {{when}}. Agents share no sockets, so none of its connections is ever reused: every request opens a new TCP connection, and every connection closed leaves a TIME_WAIT entry for 60 s on the side that closed it. At a few hundred requests per second to one host the ephemeral ports run out (connect EADDRNOTAVAIL), and the idle keep-alive sockets of agents nobody closes stay open. Create one agent (keepAlive: true) at module level or in a constructor, and share it.',
      agentFalse:
        '`agent: false` gives this request a new Agent with default options, {{when}}: the connection is used once and closed (Connection: close), so every request opens a new TCP connection and leaves a TIME_WAIT entry for 60 s on the side that closed it. At a few hundred requests per second to one host the ephemeral ports run out (connect EADDRNOTAVAIL). Pass one shared keep-alive agent instead (`new http.Agent({ keepAlive: true })` at module level).',
      proxyWithoutAgent:
        'This http-proxy server has no agent, so it sends every proxied request with `agent: false` (lib/http-proxy/common.js: `outgoing.agent = options.agent || false`): a new TCP connection to the target per request, closed after one response, each leaving a TIME_WAIT entry for 60 s. Under load the ephemeral ports to the target run out (connect EADDRNOTAVAIL; node-http-proxy#1272). Pass `agent: new http.Agent({ keepAlive: true })` (https.Agent for an https target).',
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkAgentFalse: {
            type: 'boolean',
            description:
              'Also report `agent: false` in the options of http.request()/https.get() that run per call, and http-proxy servers without an agent.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ checkAgentFalse: true }],
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    // Without type information, a pool or a request comes from a module the file names: most files name none.
    const api = nodeApiFor(context);
    if (!api.types && !mentionsPoolModules(sourceCode.text)) return {};
    const scopeOf = (node: TSESTree.Node) => sourceCode.getScope(node);
    const agents = new AgentFinder(scopeOf, api.types);
    const frequency = new FrequencyFinder(api.resolver, scopeOf, api.types);
    const fates = new PoolFateFinder(agents, api.functions, scopeOf);
    /** Same-file functions that return a fresh pool: checked where they are called. */
    const factories = new Map<FunctionNode, string>();
    const calls: TSESTree.CallExpression[] = [];

    /** Where a pool built at `node` runs per call, the words that say how often; null where it does not. */
    const repeats = (often: Frequency): string | null => {
      switch (often.kind) {
        case 'loop':
          return 'on every iteration of this loop';
        case 'handler':
          return 'on every request this handler serves';
        case 'call': {
          const name = functionName(often.fn);
          if (name !== null && INITIALISER_NAME.test(name)) return null;
          if (name !== null) return `on every call of '${name}'`;
          // `setInterval(() => …)`, `queue.process(async (job) => …)`
          return callbackOf(often.fn) ? 'every time this callback runs' : 'on every call of this function';
        }
        default:
          return null;
      }
    };

    const check = (node: TSESTree.NewExpression | TSESTree.CallExpression, what: string, viaFactory: boolean): void => {
      if (inConnectHook(node)) return;
      const often = frequency.of(node);
      const when = repeats(often);
      const fate = fates.fate(node);
      if (fate.kept) return;
      if (fate.returnedFrom.length > 0) {
        // `get agent() { return new https.Agent() }`: read like a field, a new pool on every read.
        const getter = fate.returnedFrom.find(
          (fn) => fn.parent?.type === AST_NODE_TYPES.MethodDefinition && fn.parent.kind === 'get',
        );
        if (getter && !viaFactory) {
          const name = functionName(getter) ?? 'getter';
          context.report({ node, messageId: 'newAgentPerRequest', data: { what, when: `every time '${name}' is read` } });
          return;
        }
        if (!viaFactory) for (const fn of fate.returnedFrom) factories.set(fn, what);
        return;
      }
      if (when === null || fate.requests.length + fate.others.length === 0) return;
      // In a plain function only a request we can see proves the pool serves it; and a pool the function
      // shares across a batch of requests and closes afterwards is scoped on purpose.
      if (often.kind === 'call') {
        if (fate.requests.length === 0) return;
        if (fate.closes.length > 0 && fate.repeated) return;
      }
      context.report({ node, messageId: 'newAgentPerRequest', data: { what, when } });
    };

    const onConstruction = (node: TSESTree.NewExpression | TSESTree.CallExpression): void => {
      const what = agents.construction(node);
      if (what !== null) check(node, what, false);
    };

    /** The `http.request()`/`https.get()` call an options object reaches: directly, through a variable or a spread. */
    const requestOf = (expr: TSESTree.Node, depth: number): TSESTree.CallExpression | null => {
      if (depth > 4) return null;
      let node = expr;
      while (node.parent && isTransparent(node.parent, node)) node = node.parent;
      const parent = node.parent;
      if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee !== node) {
        return agents.isNodeHttpRequest(parent) ? parent : null;
      }
      if (parent?.type === AST_NODE_TYPES.SpreadElement && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
        return requestOf(parent.parent, depth + 1);
      }
      if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node) {
        return parent.id.type === AST_NODE_TYPES.Identifier ? requestOfVariable(parent.id, depth) : null;
      }
      return null;
    };

    const requestOfVariable = (id: TSESTree.Identifier, depth: number): TSESTree.CallExpression | null => {
      const variable = ASTUtils.findVariable(scopeOf(id), id);
      for (const reference of variable?.references ?? []) {
        if (!reference.isRead()) continue;
        const found = requestOf(reference.identifier, depth + 1);
        if (found) return found;
      }
      return null;
    };

    const checkAgentFalse = (report: TSESTree.Node, request: TSESTree.CallExpression | null, object: TSESTree.Node | null) => {
      if (!request || (object && needsOwnConnection(object))) return;
      const when = repeats(frequency.of(request));
      if (when !== null) context.report({ node: report, messageId: 'agentFalse', data: { when } });
    };

    /** `httpProxy.createProxyServer({ target })`: no agent in its options, nor in those of its `web()` calls. */
    const checkProxyServer = (call: TSESTree.CallExpression): void => {
      const argument = call.arguments[0];
      const options = argument ? objectOf(argument) : null;
      if (argument && !options) return;
      const agent = options ? agentOption(options) : 'absent';
      if (agent === 'present') return;
      const holder = call.parent?.type === AST_NODE_TYPES.VariableDeclarator ? call.parent.id : null;
      if (agent === 'absent' && holder?.type === AST_NODE_TYPES.Identifier && webCallsPassAgent(holder)) return;
      context.report({ node: options ?? call, messageId: 'proxyWithoutAgent' });
    };

    /** `proxy.web(req, res, { target, agent })`: the agent comes with each request. */
    const webCallsPassAgent = (id: TSESTree.Identifier): boolean => {
      const variable = ASTUtils.findVariable(scopeOf(id), id);
      return (variable?.references ?? []).some((reference) => {
        const member = reference.identifier.parent;
        const call = member?.parent;
        if (member?.type !== AST_NODE_TYPES.MemberExpression || call?.type !== AST_NODE_TYPES.CallExpression) return false;
        if (!['web', 'ws'].includes(staticMemberName(member) ?? '')) return false;
        const options = call.arguments[2] ? objectOf(call.arguments[2]) : null;
        return options !== null && agentOption(options) !== 'absent';
      });
    };

    /** An object literal, directly or through a `const`. */
    const objectOf = (node: TSESTree.Node): TSESTree.ObjectExpression | null => {
      let expr = unwrap(node);
      if (expr.type === AST_NODE_TYPES.Identifier) {
        const variable = ASTUtils.findVariable(scopeOf(expr), expr);
        const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
        if (def?.type !== 'Variable' || !def.node.init) return null;
        expr = unwrap(def.node.init);
      }
      return expr.type === AST_NODE_TYPES.ObjectExpression ? expr : null;
    };

    return {
      NewExpression: onConstruction,
      CallExpression(node) {
        const callee = unwrap(node.callee);
        // Only https-proxy-agent 5's default export builds a pool when called without `new`.
        if (callee.type === AST_NODE_TYPES.Identifier) onConstruction(node);
        if (options.checkAgentFalse !== false && agents.isProxyServer(node)) checkProxyServer(node);
        if (callee.type === AST_NODE_TYPES.Identifier || callee.type === AST_NODE_TYPES.MemberExpression) calls.push(node);
      },
      Property(node) {
        if (options.checkAgentFalse === false || node.parent.type !== AST_NODE_TYPES.ObjectExpression) return;
        if (propertyKey(node) !== 'agent' || !isFalse(node.value)) return;
        checkAgentFalse(node, requestOf(node.parent, 0), node.parent);
      },
      AssignmentExpression(node) {
        // `options.agent = false; http.request(options)`
        if (options.checkAgentFalse === false || node.operator !== '=' || !isFalse(node.right)) return;
        const left = node.left;
        if (left.type !== AST_NODE_TYPES.MemberExpression || staticMemberName(left) !== 'agent') return;
        const object = unwrap(left.object);
        if (object.type !== AST_NODE_TYPES.Identifier) return;
        const variable = ASTUtils.findVariable(scopeOf(object), object);
        const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
        const init = def?.type === 'Variable' && def.node.init ? unwrap(def.node.init) : null;
        checkAgentFalse(node, requestOfVariable(object, 0), init);
      },
      'Program:exit'() {
        if (factories.size === 0) return;
        for (const call of calls) {
          const fn = api.functions.resolve(call.callee);
          const what = fn ? factories.get(fn) : undefined;
          if (!fn || what === undefined) continue;
          const name = functionName(fn);
          check(call, name === null ? what : `${what} (from ${name}())`, true);
        }
      },
    };
  },
});

function isTransparent(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return true;
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test !== child;
    default:
      return false;
  }
}

function propertyKey(property: TSESTree.Property): string | null {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return staticString(property.key);
}

/** Whether an options object sets an agent: `'present'`, `'false'` (`agent: false`), `'absent'`; a spread may set one. */
function agentOption(object: TSESTree.ObjectExpression): 'present' | 'false' | 'absent' {
  let spread = false;
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      spread = true;
      continue;
    }
    if (propertyKey(property) === 'agent') return isFalse(property.value) ? 'false' : 'present';
  }
  return spread ? 'present' : 'absent';
}

function isFalse(node: TSESTree.Node): boolean {
  const value = unwrap(node);
  return value.type === AST_NODE_TYPES.Literal && value.value === false;
}

/**
 * A CONNECT or upgrade request (its socket is handed over, never reused), a Unix socket (no ports, no
 * TIME_WAIT), or a connection the caller makes itself.
 */
function needsOwnConnection(object: TSESTree.Node): boolean {
  if (object.type !== AST_NODE_TYPES.ObjectExpression) return false;
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const key = propertyKey(property);
    if (key !== null && OWN_CONNECTION_OPTIONS.has(key)) return true;
    const value = unwrap(property.value);
    if (key === 'method' && staticString(value)?.toUpperCase() === 'CONNECT') return true;
    if (key === 'headers' && value.type === AST_NODE_TYPES.ObjectExpression) {
      for (const header of value.properties) {
        if (header.type !== AST_NODE_TYPES.Property) continue;
        const name = propertyKey(header)?.toLowerCase();
        const text = staticString(unwrap(header.value))?.toLowerCase();
        if (name === 'upgrade' || (name === 'connection' && text === 'upgrade')) return true;
      }
    }
  }
  return false;
}
