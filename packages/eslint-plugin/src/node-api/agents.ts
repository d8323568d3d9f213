import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { staticMemberName } from '../util/static-name.js';
import { unwrap } from '../util/unwrap.js';
import { ModuleResolver } from './module-resolver.js';
import type { TypeInfo } from './types.js';

type Scope = TSESLint.Scope.Scope;

/**
 * Constructors that open a pool of connections of their own, by module and export (`''` is the module
 * itself), with the name a report gives them. Each instance keeps its own sockets: two agents never share
 * a connection (Node's http.Agent docs; undici's Dispatcher docs).
 */
const AGENT_CONSTRUCTORS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  http: { Agent: 'http.Agent' },
  https: { Agent: 'https.Agent' },
  undici: {
    Agent: 'undici Agent',
    Pool: 'undici Pool',
    Client: 'undici Client',
    BalancedPool: 'undici BalancedPool',
    RoundRobinPool: 'undici RoundRobinPool',
    ProxyAgent: 'undici ProxyAgent',
    EnvHttpProxyAgent: 'undici EnvHttpProxyAgent',
    Socks5ProxyAgent: 'undici Socks5ProxyAgent',
  },
  agentkeepalive: { '': 'keep-alive Agent', HttpAgent: 'keep-alive Agent', HttpsAgent: 'keep-alive HttpsAgent' },
  'https-proxy-agent': { '': 'HttpsProxyAgent', HttpsProxyAgent: 'HttpsProxyAgent' },
  'http-proxy-agent': { '': 'HttpProxyAgent', HttpProxyAgent: 'HttpProxyAgent' },
  'socks-proxy-agent': { '': 'SocksProxyAgent', SocksProxyAgent: 'SocksProxyAgent' },
  'pac-proxy-agent': { PacProxyAgent: 'PacProxyAgent' },
  'proxy-agent': { '': 'ProxyAgent', ProxyAgent: 'ProxyAgent' },
  hpagent: { HttpsProxyAgent: 'HttpsProxyAgent', HttpProxyAgent: 'HttpProxyAgent' },
};

/** Exports of these modules that send a request (an argument may carry an `agent` or `dispatcher`). */
const REQUEST_EXPORTS: Readonly<Record<string, ReadonlySet<string>>> = {
  http: new Set(['request', 'get']),
  https: new Set(['request', 'get']),
  undici: new Set(['request', 'fetch', 'stream', 'pipeline', 'connect', 'upgrade']),
  'node-fetch': new Set(['', 'default']),
  axios: new Set(['', 'request', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options']),
  got: new Set(['', 'get', 'post', 'put', 'patch', 'delete', 'head', 'stream']),
  needle: new Set(['', 'request', 'get', 'post', 'put', 'patch', 'delete', 'head']),
  superagent: new Set(['', 'get', 'post', 'put', 'patch', 'delete', 'head']),
  request: new Set(['', 'get', 'post', 'put', 'patch', 'del', 'head']),
};

/**
 * Proxy servers that send every proxied request with `agent: false` unless given an agent: http-proxy's
 * `setupOutgoing` does `outgoing.agent = options.agent || false` (node-http-proxy#1272).
 */
const PROXY_SERVER_FACTORIES: Readonly<Record<string, ReadonlySet<string>>> = {
  'http-proxy': new Set(['createProxyServer', 'createProxy', 'createServer']),
};

/** Node's HTTP client modules, whose `request()`/`get()` take `agent: false`. */
export const HTTP_CLIENT_MODULES: readonly string[] = ['http', 'https'];

/** Method names that send a request through the object they are called on (a pool, a client, an axios instance). */
export const REQUEST_METHODS: ReadonlySet<string> = new Set([
  'request',
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'head',
  'fetch',
  'send',
  'dispatch',
  'stream',
  'pipeline',
  'connect',
  'upgrade',
  'web',
  'ws',
  // superagent: `request.get(url).agent(new Agent())` sends with it.
  'agent',
]);

/** Names under which code calls a request function whose module we cannot see (`fetch` is global since Node 18). */
const REQUEST_FUNCTION_NAMES: ReadonlySet<string> = new Set([
  'fetch',
  'request',
  'got',
  'axios',
  'needle',
  'superagent',
  'nodeFetch',
  'undiciFetch',
  'undiciRequest',
]);

const BUILTINS: ReadonlySet<string> = new Set(['http', 'https', 'stream', 'stream/promises', 'net', 'tls']);
const PACKAGES: ReadonlySet<string> = new Set([
  ...Object.keys(AGENT_CONSTRUCTORS),
  ...Object.keys(REQUEST_EXPORTS),
  ...Object.keys(PROXY_SERVER_FACTORIES),
]);

/** Pool types as `TypeInfo` names them (by the file that declares them): Node's agents, undici's dispatchers. */
const AGENT_TYPES = ['http:Agent', 'https:Agent', 'undici:Agent', 'undici:Pool', 'undici:Client', 'undici:ProxyAgent'] as const;

/** A quoted specifier of a module that builds pools or sends requests: `'node:https'`, `"undici"`. */
const MODULE_MENTION = new RegExp(
  `['"\`](?:node:)?(?:${[...new Set([...BUILTINS, ...PACKAGES])].map((m) => m.replace(/[/.]/g, '\\$&')).join('|')})['"\`]`,
);

/**
 * Whether a file's text names any module whose pools or requests this file knows (as a quoted
 * specifier): a file that names none can build no pool the resolver would recognise.
 */
export function mentionsPoolModules(text: string): boolean {
  return MODULE_MENTION.test(text);
}

function canonical(specifier: string): string | null {
  const name = specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
  if (BUILTINS.has(name)) return name;
  return !specifier.startsWith('node:') && PACKAGES.has(specifier) ? specifier : null;
}

/**
 * Knows which expressions build a connection pool (`new https.Agent()`, `new undici.Pool(origin)`,
 * `new HttpsProxyAgent(url)`, a same-file `class X extends http.Agent`, with types any `http.Agent`) and
 * which calls send a request with one.
 */
export class AgentFinder {
  readonly resolver: ModuleResolver;

  constructor(
    private readonly scopeOf: (node: TSESTree.Node) => Scope,
    private readonly types: TypeInfo | null,
  ) {
    this.resolver = new ModuleResolver(scopeOf, canonical);
  }

  /** The name of the pool `node` builds (`'https.Agent'`), or null when it builds none. */
  construction(node: TSESTree.NewExpression | TSESTree.CallExpression): string | null {
    const callee = unwrap(node.callee);
    const found = this.#constructorName(callee, 0);
    if (found) {
      // `HttpsProxyAgent(url)` without `new` only for the factories that allow it (https-proxy-agent 5).
      if (node.type === AST_NODE_TYPES.CallExpression && !found.callable) return null;
      return found.name;
    }
    if (node.type === AST_NODE_TYPES.NewExpression && this.types?.has(node, ...AGENT_TYPES)) {
      return callee.type === AST_NODE_TYPES.Identifier ? `agent (${callee.name})` : 'http.Agent';
    }
    return null;
  }

  /** Whether `call` sends a request: `http.get`, `fetch`, `undici.request`, `axios.post`, `pool.request`, … */
  isRequest(call: TSESTree.CallExpression): boolean {
    const callee = unwrap(call.callee);
    const ref = this.resolver.member(callee);
    if (ref) return REQUEST_EXPORTS[ref.module]?.has(ref.name) ?? false;
    if (callee.type === AST_NODE_TYPES.Identifier) {
      if (!REQUEST_FUNCTION_NAMES.has(callee.name)) return false;
      return callee.name !== 'fetch' || this.#isGlobal(callee) || this.#isImported(callee);
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression) return REQUEST_METHODS.has(staticMemberName(callee) ?? '');
    return false;
  }

  /** Whether `call` creates an http-proxy server, whose requests go out with `agent: false` unless it has an agent. */
  isProxyServer(call: TSESTree.CallExpression): boolean {
    const ref = this.resolver.member(call.callee);
    return ref !== null && (PROXY_SERVER_FACTORIES[ref.module]?.has(ref.name) ?? false);
  }

  /** Whether `call` is Node's `http(s).request()` / `http(s).get()`. */
  isNodeHttpRequest(call: TSESTree.CallExpression): boolean {
    const ref = this.resolver.member(call.callee);
    return ref !== null && HTTP_CLIENT_MODULES.includes(ref.module) && (ref.name === 'request' || ref.name === 'get');
  }

  #constructorName(callee: TSESTree.Node, depth: number): { name: string; callable: boolean } | null {
    const ref = this.resolver.member(callee);
    if (ref) {
      const name = AGENT_CONSTRUCTORS[ref.module]?.[ref.name];
      return name ? { name, callable: ref.name === '' && ref.module.endsWith('-proxy-agent') } : null;
    }
    // `class KeepAliveAgent extends https.Agent { … }` in the same file.
    if (callee.type !== AST_NODE_TYPES.Identifier || depth > 3) return null;
    const variable = ASTUtils.findVariable(this.scopeOf(callee), callee);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    let superClass: TSESTree.Node | null | undefined;
    if (def?.type === 'ClassName') superClass = def.node.superClass;
    else if (def?.type === 'Variable' && def.node.init?.type === AST_NODE_TYPES.ClassExpression) {
      superClass = def.node.init.superClass;
    }
    if (!superClass) return null;
    const base = this.#constructorName(unwrap(superClass), depth + 1);
    return base ? { name: `${base.name} (${callee.name})`, callable: false } : null;
  }

  #isGlobal(id: TSESTree.Identifier): boolean {
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    return !variable || variable.defs.length === 0;
  }

  /** `import fetch from 'node-fetch'`, `const { fetch } = require('undici')`: imports of modules we do not know. */
  #isImported(id: TSESTree.Identifier): boolean {
    const variable = ASTUtils.findVariable(this.scopeOf(id), id);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type === 'ImportBinding') return true;
    if (def?.type !== 'Variable' || !def.node.init) return false;
    const init = unwrap(def.node.init);
    return (
      init.type === AST_NODE_TYPES.CallExpression &&
      init.callee.type === AST_NODE_TYPES.Identifier &&
      init.callee.name === 'require'
    );
  }
}
