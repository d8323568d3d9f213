import rule from '../../src/rules/no-per-request-agent.js';
import { syntaxTester } from '../rule-tester.js';

// Agents share no sockets: a pool built per request never reuses a connection, and every connection
// closed leaves a TIME_WAIT entry for 60 s; a few hundred requests per second to one host exhaust the
// ephemeral ports (EADDRNOTAVAIL). LEAK-PATTERNS shape P5 (mojaloop/project#4204, grpc-node#2402,
// node-http-proxy#1272, request#1324). Code is kept flush left so that `line`/`column` can be read straight
// off the template literal.

const HANDLER = 'on every request this handler serves';
const LOOP = 'on every iteration of this loop';
const callOf = (name: string) => `on every call of '${name}'`;

function perRequest(line: number, column: number, what: string, when: string) {
  return { messageId: 'newAgentPerRequest' as const, line, column, data: { what, when } };
}
function agentFalse(line: number, column: number, when: string) {
  return { messageId: 'agentFalse' as const, line, column, data: { when } };
}

syntaxTester().run('no-per-request-agent', rule, {
  valid: [
    {
      // gaxios: per-proxy agents, cached in a Map on the instance.
      name: 'an agent assigned to the options and then cached under its key',
      code: `
import https from 'node:https';
export class Client {
  agentCache = new Map();
  async #prepare(opts) {
    if (this.agentCache.has(opts.key)) {
      opts.agent = this.agentCache.get(opts.key);
    } else {
      opts.agent = new https.Agent({ key: opts.key, cert: opts.cert });
      this.agentCache.set(opts.key, opts.agent);
    }
    return opts;
  }
  async request(opts) {
    const prepared = await this.#prepare(opts);
    return fetch(prepared.url, prepared);
  }
}
`,
    },
    {
      name: 'a getter that memoises its agent in a private field',
      code: `
import https from 'node:https';
export class Search {
  #agent;
  get agent() {
    return (this.#agent ??= new https.Agent({ keepAlive: true }));
  }
  find(q) {
    return https.get({ host: 'search.internal', path: \`/q=\${q}\`, agent: this.agent }, (res) => res.resume());
  }
}
`,
    },
    {
      // openai's X.509 transport: a capability probe, closed at once, run once per transport made.
      name: 'a probe agent in a helper that a factory returning a new instance calls once',
      code: `
import { ProxyAgent, fetch } from 'undici';
function assertConnectProxySupport() {
  let routed;
  const probe = new ProxyAgent({ uri: 'http://127.0.0.1:1', factory(origin) { routed = String(origin); throw new Error('probe'); } });
  void Promise.allSettled([fetch('https://127.0.0.1:65535', { dispatcher: probe }), probe.close()]);
  if (routed === undefined) throw new Error('undici too old');
}
export function createX509Transport(options) {
  if (options.dispatcher instanceof ProxyAgent) assertConnectProxySupport();
  return new X509Transport(options.dispatcher);
}
`,
    },
    {
      // pac-proxy-agent: each inner agent opens the one socket the outer agent asked for, and the outer pools it.
      name: "proxy agents built inside an agent class's connect() hook, as socket factories",
      code: `
const { Agent } = require('agent-base');
const { SocksProxyAgent } = require('socks-proxy-agent');
const { HttpsProxyAgent } = require('https-proxy-agent');
class FailoverAgent extends Agent {
  constructor(proxies) {
    super({ keepAlive: true });
    this.proxies = proxies;
  }
  async connect(req, opts) {
    for (const proxy of this.proxies) {
      const agent = proxy.startsWith('socks') ? new SocksProxyAgent(proxy) : new HttpsProxyAgent(proxy);
      try {
        return await agent.connect(req, opts);
      } catch (err) {
        req.emit('proxy', { proxy, error: err });
      }
    }
    throw new Error('no proxy could connect');
  }
}
module.exports = FailoverAgent;
`,
    },
    // --- One shared agent ----------------------------------------------------------------------
    {
      name: 'a keep-alive agent at module level, shared by a route handler (default import)',
      code: `
import https from 'node:https';
import express from 'express';
const agent = new https.Agent({ keepAlive: true, maxSockets: 50 });
const app = express();
app.get('/users/:id', (req, res) => {
  https.get(\`https://users.internal/\${req.params.id}\`, { agent }, (up) => up.pipe(res));
});
`,
    },
    {
      name: "require('http').Agent at module level (CommonJS)",
      code: `
const keepAliveAgent = new (require('http').Agent)({ keepAlive: true });
module.exports = function fetchStatus(host, cb) {
  require('http').get({ host, path: '/status', agent: keepAliveAgent }, cb);
};
`,
    },
    {
      name: 'undici Pool at module level, used in a handler',
      code: `
import { Pool } from 'undici';
import Fastify from 'fastify';
const pool = new Pool('http://inventory:3000', { connections: 16 });
const app = Fastify();
app.get('/stock', async (request, reply) => {
  const { body } = await pool.request({ path: '/stock', method: 'GET' });
  return body.json();
});
`,
    },
    {
      name: 'setGlobalDispatcher(new Agent()) at module level',
      code: `
import { Agent, setGlobalDispatcher } from 'undici';
setGlobalDispatcher(new Agent({ keepAliveTimeout: 10_000, connections: 128 }));
`,
    },
    // --- Once per instance ------------------------------------------------------------------------
    {
      name: 'an agent built in the constructor and kept in a field',
      code: `
const https = require('node:https');
class PaymentsClient {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.agent = new https.Agent({ keepAlive: true });
  }
  charge(body) {
    return new Promise((resolve, reject) => {
      const req = https.request(this.baseUrl + '/charge', { method: 'POST', agent: this.agent }, resolve);
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  }
}
module.exports = PaymentsClient;
`,
    },
    {
      name: 'class field initialisers and a static field',
      code: `
import * as http from 'node:http';
import { Agent } from 'undici';
export class Gateway {
  static shared = new http.Agent({ keepAlive: true });
  dispatcher = new Agent({ connections: 10 });
  async forward(url) {
    return fetch(url, { dispatcher: this.dispatcher });
  }
}
`,
    },
    {
      name: 'a static block',
      code: `
import { Agent } from 'node:https';
export class Registry {
  static agent;
  static {
    Registry.agent = new Agent({ keepAlive: true });
  }
}
`,
    },
    {
      name: 'a constructor that builds a client holding its own agent (AWS SDK v3)',
      code: `
import https from 'node:https';
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
export class Store {
  constructor() {
    this.s3 = new S3Client({
      requestHandler: new NodeHttpHandler({ httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 100 }) }),
    });
  }
}
`,
    },
    // --- Memoised factories -----------------------------------------------------------------------
    {
      name: 'agent ??= new Agent() in a getter function',
      code: `
import { Agent } from 'undici';
let dispatcher;
export function getDispatcher() {
  dispatcher ??= new Agent({ connections: 64 });
  return dispatcher;
}
export async function ping(url) {
  return fetch(url, { dispatcher: getDispatcher() });
}
`,
    },
    {
      name: 'if (!agent) agent = new https.Agent() before each request',
      code: `
const https = require('https');
let agent = null;
function request(path, cb) {
  if (!agent) agent = new https.Agent({ keepAlive: true });
  return https.get({ host: 'api.example.com', path, agent }, cb);
}
module.exports = { request };
`,
    },
    {
      name: 'return agent || (agent = new Agent())',
      code: `
const { Agent } = require('node:http');
let shared;
const getAgent = () => shared || (shared = new Agent({ keepAlive: true }));
exports.getAgent = getAgent;
`,
    },
    {
      name: 'this._agent ||= new Agent() in a method',
      code: `
import http from 'http';
export class Client {
  get agent() {
    return (this._agent ||= new http.Agent({ keepAlive: true }));
  }
  send(path) {
    return http.get({ path, agent: this.agent });
  }
}
`,
    },
    {
      name: 'agents cached in a Map keyed by host',
      code: `
import { Pool } from 'undici';
const pools = new Map();
export function poolFor(origin) {
  let pool = pools.get(origin);
  if (!pool) {
    pool = new Pool(origin, { connections: 8 });
    pools.set(origin, pool);
  }
  return pool;
}
export async function getJson(origin, path) {
  const { body } = await poolFor(origin).request({ path, method: 'GET' });
  return body.json();
}
`,
    },
    {
      name: 'agents cached in an object by proxy URL (the axios shape)',
      code: `
const { HttpsProxyAgent } = require('https-proxy-agent');
const cache = {};
function proxyAgent(proxyUrl) {
  return cache[proxyUrl] || (cache[proxyUrl] = new HttpsProxyAgent(proxyUrl));
}
module.exports = proxyAgent;
`,
    },
    {
      name: 'a Map memo with get() ?? set()',
      code: `
const https = require('https');
const agents = new Map();
module.exports = function agentFor(host, ca) {
  const agent = agents.get(host) ?? new https.Agent({ ca, keepAlive: true });
  agents.set(host, agent);
  return agent;
};
`,
    },
    // --- Factories that return what they build ----------------------------------------------------
    {
      name: 'export function createClient() returning a client holding the agent',
      code: `
import { Client } from 'undici';
export function createClient(origin, options) {
  return new Client(origin, { ...options, keepAliveTimeout: 30_000 });
}
`,
    },
    {
      name: 'a factory returning closures over its agent',
      code: `
import { Agent } from 'undici';
export function createFetcher(baseUrl) {
  const dispatcher = new Agent({ connections: 20 });
  return {
    get: (path) => fetch(baseUrl + path, { dispatcher }),
    close: () => dispatcher.close(),
  };
}
`,
    },
    {
      name: 'axios.create() with an agent, returned by a factory',
      code: `
import axios from 'axios';
import https from 'node:https';
export function makeApi(baseURL) {
  const httpsAgent = new https.Agent({ keepAlive: true });
  const api = axios.create({ baseURL, httpsAgent });
  return api;
}
`,
    },
    {
      name: 'an undici Agent factory option (a pool per origin, kept by the Agent)',
      code: `
import { Agent, Pool } from 'undici';
function factory(origin, opts) {
  return new Pool(origin, { ...opts, connections: 4 });
}
export const dispatcher = new Agent({ factory });
`,
    },
    {
      name: 'a factory called once, at module level',
      code: `
const http = require('http');
function makeAgent() {
  return new http.Agent({ keepAlive: true, maxSockets: 20 });
}
const agent = makeAgent();
http.createServer((req, res) => {
  http.get('http://backend/health', { agent }, (r) => r.pipe(res));
}).listen(8080);
`,
    },
    {
      name: 'a start() function whose agent is captured by the request handler it registers',
      code: `
import http from 'node:http';
export function start(port, target) {
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const up = http.request(target + req.url, { agent, method: req.method, headers: req.headers }, (r) => r.pipe(res));
    req.pipe(up);
  });
  server.listen(port);
  return server;
}
`,
    },
    {
      name: 'an agent shared by an interval poller',
      code: `
import { Agent } from 'undici';
export function watch(url, onChange) {
  const dispatcher = new Agent();
  setInterval(async () => onChange(await fetch(url, { dispatcher })), 5000);
}
`,
    },
    {
      name: 'undici Pools kept per upstream in a loop at module level',
      code: `
import { Pool } from 'undici';
const upstreams = ['http://a:3000', 'http://b:3000'];
const pools = new Map();
for (const origin of upstreams) pools.set(origin, new Pool(origin));
export const pick = (i) => pools.get(upstreams[i % upstreams.length]);
`,
    },
    {
      name: 'an array of pools built with map() at module level',
      code: `
import { Pool, BalancedPool } from 'undici';
const pools = ['http://a', 'http://b'].map((origin) => new Pool(origin));
export { pools };
`,
    },
    {
      name: 'a WebSocket opened through a proxy agent: one long-lived connection, nothing to reuse',
      code: `
import WebSocket from 'ws';
import { once } from 'node:events';
import { HttpsProxyAgent } from 'https-proxy-agent';
export async function subscribe(topic, onMessage) {
  const ws = new WebSocket(\`wss://stream.example.com/\${topic}\`, { agent: new HttpsProxyAgent(process.env.HTTPS_PROXY) });
  await once(ws, 'open');
  ws.send(JSON.stringify({ subscribe: topic }));
  ws.on('message', onMessage);
}
`,
    },
    {
      name: 'a memoised factory (once()) returning a new agent',
      code: `
import https from 'node:https';
import once from 'lodash/once.js';
const getAgent = once(() => new https.Agent({ keepAlive: true }));
export function get(url) {
  return https.get(url, { agent: getAgent() });
}
`,
    },
    // --- Code that runs once ----------------------------------------------------------------------
    {
      name: 'main() called once: one agent for a batch of requests, closed afterwards',
      code: `
import { Agent } from 'undici';
async function main() {
  const dispatcher = new Agent({ connections: 10 });
  for (const id of process.argv.slice(2)) {
    const res = await fetch(\`https://api.example.com/items/\${id}\`, { dispatcher });
    console.log(await res.json());
  }
  await dispatcher.close();
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
`,
    },
    {
      name: 'a module-level async IIFE',
      code: `
const https = require('https');
(async () => {
  const agent = new https.Agent({ keepAlive: true });
  https.get('https://example.com', { agent }, (res) => res.resume());
})();
`,
    },
    {
      name: 'a batch helper that shares one agent across its requests and closes it',
      code: `
import { Agent } from 'undici';
export async function fetchAll(urls) {
  const dispatcher = new Agent({ connections: 8 });
  try {
    return await Promise.all(urls.map(async (url) => (await fetch(url, { dispatcher })).text()));
  } finally {
    await dispatcher.close();
  }
}
`,
    },
    {
      name: 'a test case in a describe block, closing its agent',
      code: `
import { Agent, request } from 'undici';
describe('health endpoint', () => {
  it('answers 200', async () => {
    const dispatcher = new Agent();
    const { statusCode, body } = await request('http://localhost:3000/health', { dispatcher });
    await body.dump();
    await dispatcher.close();
    expect(statusCode).toBe(200);
  });
});
`,
    },
    {
      name: 'a test hook',
      code: `
import http from 'node:http';
let agent;
before(() => {
  agent = new http.Agent({ keepAlive: true });
});
after(() => agent.destroy());
`,
    },
    {
      name: 'an init() method that logs in with its own agent and keeps the session',
      code: `
import https from 'node:https';
import axios from 'axios';
export class Session {
  async init(credentials) {
    const httpsAgent = new https.Agent({ ca: credentials.ca });
    const { data } = await axios.post(credentials.url, credentials, { httpsAgent });
    this.token = data.token;
  }
}
`,
    },
    // --- Not a pool, or not ours -----------------------------------------------------------------
    {
      name: 'an agent passed in by the caller',
      code: `
import https from 'node:https';
export function download(url, agent) {
  return new Promise((resolve) => https.get(url, { agent }, resolve));
}
`,
    },
    {
      name: "an Agent of another package (@atproto/api's AtpAgent is an API client, not a pool)",
      code: `
import { Agent } from '@atproto/api';
export async function post(session, text) {
  const agent = new Agent(session);
  await agent.post({ text });
}
`,
    },
    {
      name: 'a shadowed http: a parameter with its own Agent',
      code: `
export function send(http, url) {
  const agent = new http.Agent();
  return http.get(url, { agent });
}
`,
    },
    {
      name: 'a local class named Agent',
      code: `
class Agent {
  constructor(name) { this.name = name; }
}
export function handle(req, res) {
  const agent = new Agent(req.headers['user-agent']);
  res.end(agent.name);
}
`,
    },
    {
      name: 'an agent built but never used to send anything',
      code: `
import http from 'node:http';
export function defaults() {
  const probe = new http.Agent();
  return { maxSockets: probe.maxSockets, keepAlive: false };
}
`,
    },
    {
      name: 'a factory handing its agent to a client factory it returns (createClient is no request)',
      code: `
import https from 'node:https';
import { createClient } from './api-client.js';
export function clientFor(baseUrl) {
  const agent = new https.Agent({ keepAlive: true });
  return createClient(baseUrl, { agent });
}
`,
    },
    {
      name: 'a getter named for the client it returns, not for a request',
      code: `
const https = require('https');
const { getApiClient } = require('./sdk');
function connectApi(token) {
  const httpsAgent = new https.Agent({ keepAlive: true });
  const client = getApiClient({ token, httpsAgent });
  return client;
}
module.exports = connectApi;
`,
    },
    {
      name: 'an agent kept on the instance and passed to a request wrapper',
      code: `
import https from 'node:https';
import { postJson } from './http-util.js';
export class Hooks {
  async send(url, payload) {
    const agent = new https.Agent({ keepAlive: true });
    this.agent = agent;
    return postJson(url, payload, { agent });
  }
}
`,
    },
    {
      name: 'a memoised agent passed to a request wrapper',
      code: `
import { Agent } from 'undici';
import { getJson } from './http.js';
let dispatcher;
export function status(url) {
  dispatcher ??= new Agent({ connections: 8 });
  return getJson(url, { dispatcher });
}
`,
    },
    {
      name: 'a module-level agent passed to a request wrapper',
      code: `
const https = require('https');
const { postJson } = require('./http-util');
const agent = new https.Agent({ keepAlive: true });
async function send(payload) {
  return postJson(process.env.WEBHOOK_URL, payload, { agent });
}
module.exports = { send };
`,
    },
    {
      name: 'one agent shared by a batch of wrapper calls and closed afterwards',
      code: `
import { Agent } from 'undici';
import { getJson } from './http.js';
export async function fetchAll(urls) {
  const dispatcher = new Agent({ connections: 8 });
  try {
    const out = [];
    for (const url of urls) out.push(await getJson(url, { dispatcher }));
    return out;
  } finally {
    await dispatcher.close();
  }
}
`,
    },
    {
      name: 'a request wrapper given the agent under an option that is not a pool option',
      code: `
import https from 'node:https';
import { postJson } from './http-util.js';
export function report(url, payload) {
  const agent = new https.Agent({ keepAlive: true });
  return postJson(url, { payload, debug: { agent } });
}
`,
    },
    {
      name: 'an agent handed to an imported call that opens a lasting connection, awaited',
      code: `
import https from 'node:https';
import { connectBroker } from './broker.js';
export async function start(url) {
  const agent = new https.Agent({ keepAlive: true });
  const broker = await connectBroker(url, { agent });
  broker.on('message', console.log);
}
`,
    },
    {
      name: 'an agent handed to an imported call whose result is kept, not awaited',
      code: `
import https from 'node:https';
import { wrapTransport } from './transport.js';
export function transportFor(host) {
  const agent = new https.Agent({ keepAlive: true });
  const transport = wrapTransport(host, { agent });
  registry.set(host, transport);
}
`,
    },
    {
      name: 'an agent handed to a configuration call whose effect we cannot see, in a plain function',
      code: `
import { Agent } from 'undici';
import { configure } from './http-client.js';
export function useProxy(options) {
  configure({ dispatcher: new Agent(options) });
}
`,
    },
    // --- agent: false that runs once, or that the request needs ----------------------------------
    {
      name: 'agent: false at module level (a one-off script)',
      code: `
const http = require('http');
http.get({ host: 'localhost', port: 8080, path: '/warmup', agent: false }, (res) => res.resume());
`,
    },
    {
      name: 'agent: false for a CONNECT request (the tunnel socket is handed over, never reused)',
      code: `
import http from 'node:http';
export function tunnel(proxy, target, cb) {
  const req = http.request({ host: proxy.host, port: proxy.port, method: 'CONNECT', path: target, agent: false });
  req.on('connect', (res, socket) => cb(res.statusCode === 200 ? socket : (socket.destroy(), null)));
  req.end();
}
`,
    },
    {
      name: 'agent: false with socketPath (a Unix socket has no ports to exhaust)',
      code: `
const http = require('node:http');
module.exports = function dockerPing(cb) {
  http.get({ socketPath: '/var/run/docker.sock', path: '/_ping', agent: false }, cb);
};
`,
    },
    {
      name: 'agent: false with an Upgrade header (a WebSocket handshake)',
      code: `
import https from 'node:https';
export function handshake(host, key) {
  return https.request({ host, agent: false, headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': key } });
}
`,
    },
    {
      name: 'agent: false in options of something that is not http.request (socket.io client)',
      code: `
import { io } from 'socket.io-client';
export function connect(url) {
  return io(url, { agent: false, transports: ['websocket'] });
}
`,
    },
    {
      name: 'agent: false in options of a shadowed http',
      code: `
export function get(http, url) {
  return http.get(url, { agent: false });
}
`,
    },
    {
      name: 'an http-proxy server with a keep-alive agent',
      code: `
const http = require('http');
const httpProxy = require('http-proxy');
const proxy = httpProxy.createProxyServer({ target: 'http://localhost:9000', agent: new http.Agent({ keepAlive: true }) });
http.createServer((req, res) => proxy.web(req, res)).listen(8000);
`,
    },
    {
      name: 'an http-proxy server whose web() calls pass the agent',
      code: `
import http from 'node:http';
import httpProxy from 'http-proxy';
const agent = new http.Agent({ keepAlive: true });
const proxy = httpProxy.createProxyServer({});
http.createServer((req, res) => proxy.web(req, res, { target: 'http://api:3000', agent })).listen(8000);
`,
    },
    {
      name: 'an http-proxy server built from options the file does not show',
      code: `
import { createProxyServer } from 'http-proxy';
export function makeProxy(options) {
  return createProxyServer(options);
}
`,
    },
    {
      name: 'checkAgentFalse: false',
      code: `
import http from 'node:http';
export function get(url) {
  return http.get(url, { agent: false });
}
`,
      options: [{ checkAgentFalse: false }],
    },
  ],
  invalid: [
    // --- A plain function that builds an agent and sends with it (the classic leak) --------------
    {
      name: 'async function send(): a new keep-alive agent per call (namespace import)',
      code: `
import * as https from 'node:https';
export async function send(payload) {
  const agent = new https.Agent({ keepAlive: true });
  return new Promise((resolve, reject) => {
    const req = https.request('https://hooks.example.com/events', { method: 'POST', agent }, resolve);
    req.on('error', reject);
    req.end(JSON.stringify(payload));
  });
}
`,
      errors: [perRequest(4, 17, 'https.Agent', callOf('send'))],
    },
    {
      name: 'a non-exported helper with an inline agent in http.get options (require)',
      code: `
const http = require('http');
function getStatus(host, cb) {
  http.get({ host, path: '/status', agent: new http.Agent({ keepAlive: true }) }, cb);
}
module.exports = (hosts, cb) => hosts.forEach((h) => getStatus(h, cb));
`,
      errors: [perRequest(4, 44, 'http.Agent', callOf('getStatus'))],
    },
    {
      name: "destructured require('node:https') with an alias",
      code: `
const { Agent: HttpsAgent, request } = require('node:https');
function post(path, body) {
  const req = request({ host: 'api.example.com', path, method: 'POST', agent: new HttpsAgent() });
  req.end(body);
  return req;
}
module.exports = post;
`,
      errors: [perRequest(4, 79, 'https.Agent', callOf('post'))],
    },
    {
      name: 'axios.get with an https.Agent that skips verification, per call',
      code: `
import axios from 'axios';
import https from 'https';
export async function fetchReport(id) {
  const { data } = await axios.get(\`https://reports.internal/\${id}\`, {
    httpsAgent: new https.Agent({ rejectUnauthorized: false }),
  });
  return data;
}
`,
      errors: [perRequest(6, 17, 'https.Agent', callOf('fetchReport'))],
    },
    {
      name: 'axios.put is a request, not a store',
      code: `
const axios = require('axios');
const https = require('https');
exports.update = async function update(id, body) {
  await axios.put('https://api/x/' + id, body, { httpsAgent: new https.Agent({ keepAlive: true }) });
};
`,
      errors: [perRequest(5, 62, 'https.Agent', callOf('update'))],
    },
    {
      name: 'an options object built first, then passed to https.request',
      code: `
import https from 'node:https';
export function call(path) {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 10 });
  const options = { hostname: 'api.example.com', path, agent };
  return https.request(options);
}
`,
      errors: [perRequest(4, 17, 'https.Agent', callOf('call'))],
    },
    {
      name: 'options.agent = new Agent() on the options before the request',
      code: `
const https = require('https');
function fetchJson(options, cb) {
  options.agent = new https.Agent({ keepAlive: true });
  https.get(options, cb);
}
module.exports = fetchJson;
`,
      errors: [perRequest(4, 19, 'https.Agent', callOf('fetchJson'))],
    },
    {
      name: 'a default parameter: a new agent on every call without one',
      code: `
import https from 'node:https';
export function download(url, agent = new https.Agent({ keepAlive: true })) {
  return new Promise((resolve) => https.get(url, { agent }, resolve));
}
`,
      errors: [perRequest(3, 39, 'https.Agent', callOf('download'))],
    },
    {
      name: 'a same-file helper does the request with the agent it is given',
      code: `
import https from 'node:https';
function postJson(url, body, agent) {
  const req = https.request(url, { method: 'POST', agent });
  req.end(JSON.stringify(body));
  return req;
}
export function notify(event) {
  const agent = new https.Agent({ keepAlive: true });
  return postJson('https://hooks.example.com', event, agent);
}
`,
      errors: [perRequest(9, 17, 'https.Agent', callOf('notify'))],
    },
    {
      name: 'an imported request wrapper given the agent in its options (the webhook shape)',
      code: `
const https = require('https');
const { postJson } = require('./http-util');
const WEBHOOK_URL = process.env.WEBHOOK_URL;
async function send(payload) {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 10 });
  return postJson(WEBHOOK_URL, payload, { agent });
}
module.exports = { send };
`,
      errors: [perRequest(6, 17, 'https.Agent', callOf('send'))],
    },
    {
      name: 'an imported wrapper given the agent itself, result discarded',
      code: `
import http from 'node:http';
import { fetchWithAgent } from './fetch.js';
export function ping(url) {
  const agent = new http.Agent({ keepAlive: true });
  fetchWithAgent(url, agent);
}
`,
      errors: [perRequest(5, 17, 'http.Agent', callOf('ping'))],
    },
    {
      name: 'an imported call of any name, awaited, given the agent in its options',
      code: `
import https from 'node:https';
import { relay } from './relay.js';
export async function sendReport(data) {
  const agent = new https.Agent({ keepAlive: true });
  await relay('https://reports.example.com', data, { agent });
}
`,
      errors: [perRequest(5, 17, 'https.Agent', callOf('sendReport'))],
    },
    {
      name: 'an imported call of any name given the agent and a callback',
      code: `
const https = require('https');
const { forwardTo } = require('./relay');
function forward(url, body, cb) {
  forwardTo(url, body, { agent: new https.Agent() }, cb);
}
module.exports = forward;
`,
      errors: [perRequest(5, 33, 'https.Agent', callOf('forward'))],
    },
    {
      name: 'a wrapper on a namespace import, with httpsAgent inline and awaited',
      code: `
import https from 'node:https';
import * as api from './api.js';
export async function user(id) {
  const { data } = await api.getJson(\`/users/\${id}\`, { httpsAgent: new https.Agent({ rejectUnauthorized: false }) });
  return data;
}
`,
      errors: [perRequest(5, 68, 'https.Agent', callOf('user'))],
    },
    {
      name: 'makeRequest() with an undici dispatcher in an options variable',
      code: `
import { ProxyAgent } from 'undici';
import { makeRequest } from './request.js';
export async function viaProxy(url) {
  const options = { method: 'GET', dispatcher: new ProxyAgent(process.env.HTTPS_PROXY) };
  return makeRequest(url, options);
}
`,
      errors: [perRequest(5, 48, 'undici ProxyAgent', callOf('viaProxy'))],
    },
    {
      name: 'a class method (not the constructor) builds an undici Agent per call',
      code: `
import { Agent } from 'undici';
export class Catalog {
  async product(id) {
    const res = await fetch(\`https://catalog/products/\${id}\`, { dispatcher: new Agent({ connections: 1 }) });
    return res.json();
  }
}
`,
      errors: [perRequest(5, 77, 'undici Agent', callOf('product'))],
    },
    {
      name: 'create-use-close per call still opens a connection per call',
      code: `
import { Agent, request } from 'undici';
export async function health(url) {
  const dispatcher = new Agent();
  try {
    const { statusCode, body } = await request(url, { dispatcher });
    await body.dump();
    return statusCode;
  } finally {
    await dispatcher.close();
  }
}
`,
      errors: [perRequest(4, 22, 'undici Agent', callOf('health'))],
    },
    {
      name: 'undici namespace: new undici.ProxyAgent per call with undici.fetch',
      code: `
const undici = require('undici');
async function viaProxy(url, proxy) {
  return undici.fetch(url, { dispatcher: new undici.ProxyAgent(proxy) });
}
module.exports = viaProxy;
`,
      errors: [perRequest(4, 42, 'undici ProxyAgent', callOf('viaProxy'))],
    },
    {
      name: 'process.getBuiltinModule and an anonymous exported arrow',
      code: `
const https = process.getBuiltinModule('node:https');
export default (url) => https.get(url, { agent: new https.Agent({ keepAlive: true }) });
`,
      errors: [perRequest(3, 49, 'https.Agent', 'on every call of this function')],
    },
    {
      name: 'compiled TypeScript: __importDefault(require("https"))',
      code: `
"use strict";
const https_1 = __importDefault(require("https"));
function fetchToken(url) {
    return https_1.default.get(url, { agent: new https_1.default.Agent({ keepAlive: true }) });
}
exports.fetchToken = fetchToken;
`,
      errors: [perRequest(5, 46, 'https.Agent', callOf('fetchToken'))],
    },
    {
      name: "TypeScript import-equals: import https = require('https')",
      code: `
import https = require('https');
export function send(url: string) {
  return https.get(url, { agent: new https.Agent({ keepAlive: true }) });
}
`,
      errors: [perRequest(4, 34, 'https.Agent', callOf('send'))],
    },
    {
      name: 'an Agent subclass declared in the same file',
      code: `
import https from 'node:https';
class TimedAgent extends https.Agent {}
export function get(url) {
  return https.get(url, { agent: new TimedAgent({ timeout: 5000 }) });
}
`,
      errors: [perRequest(5, 34, 'https.Agent (TimedAgent)', callOf('get'))],
    },
    // --- Keep-alive and proxy agents from npm ----------------------------------------------------
    {
      name: "agentkeepalive's default export per call",
      code: `
const Agent = require('agentkeepalive');
const http = require('http');
function ping(host) {
  const keepaliveAgent = new Agent({ maxSockets: 100, freeSocketTimeout: 30000 });
  return http.get({ host, path: '/ping', agent: keepaliveAgent });
}
module.exports = ping;
`,
      errors: [perRequest(5, 26, 'keep-alive Agent', callOf('ping'))],
    },
    {
      name: "agentkeepalive's HttpsAgent in an express route",
      code: `
import express from 'express';
import { HttpsAgent } from 'agentkeepalive';
import got from 'got';
const router = express.Router();
router.post('/sync', async (req, res) => {
  const body = await got.post('https://crm/sync', { json: req.body, agent: { https: new HttpsAgent() } }).json();
  res.json(body);
});
export default router;
`,
      errors: [perRequest(7, 85, 'keep-alive HttpsAgent', HANDLER)],
    },
    {
      name: 'HttpsProxyAgent (named export) per call with node-fetch',
      code: `
import fetch from 'node-fetch';
import { HttpsProxyAgent } from 'https-proxy-agent';
export async function viaCorporateProxy(url) {
  const res = await fetch(url, { agent: new HttpsProxyAgent(process.env.HTTPS_PROXY) });
  return res.text();
}
`,
      errors: [perRequest(5, 41, 'HttpsProxyAgent', callOf('viaCorporateProxy'))],
    },
    {
      name: 'https-proxy-agent 5 default export, called without new, in axios options',
      code: `
const axios = require('axios');
const HttpsProxyAgent = require('https-proxy-agent');
async function scrape(url, proxy) {
  const res = await axios.get(url, { httpsAgent: HttpsProxyAgent(proxy), proxy: false });
  return res.data;
}
module.exports = { scrape };
`,
      errors: [perRequest(5, 50, 'HttpsProxyAgent', callOf('scrape'))],
    },
    {
      name: 'SocksProxyAgent per request in a proxy handler (the proxy-chain forward shape)',
      code: `
import http from 'node:http';
import { SocksProxyAgent } from 'socks-proxy-agent';
export const forward = (request, response, upstream) => {
  const agent = new SocksProxyAgent(upstream);
  const client = http.request(request.url, { method: request.method, headers: request.headers, agent }, (r) => r.pipe(response));
  request.pipe(client);
};
`,
      errors: [perRequest(5, 17, 'SocksProxyAgent', HANDLER)],
    },
    // --- Request handlers ------------------------------------------------------------------------
    {
      name: 'undici Pool in an express handler, used with pool.request',
      code: `
import express from 'express';
import { Pool } from 'undici';
const app = express();
app.get('/orders/:id', async (req, res) => {
  const pool = new Pool('http://orders:3000');
  const { body } = await pool.request({ path: \`/orders/\${req.params.id}\`, method: 'GET' });
  res.json(await body.json());
});
`,
      errors: [perRequest(6, 16, 'undici Pool', HANDLER)],
    },
    {
      name: 'undici Client in an http.createServer callback (function expression)',
      code: `
const http = require('node:http');
const { Client } = require('undici');
http.createServer(async function (req, res) {
  const client = new Client('http://localhost:4000');
  const { body } = await client.request({ path: req.url, method: 'GET' });
  body.pipe(res);
}).listen(3000);
`,
      errors: [perRequest(5, 18, 'undici Client', HANDLER)],
    },
    {
      name: "server.on('request') listener building an http.Agent for http.request",
      code: `
import { createServer, request, Agent } from 'node:http';
const server = createServer();
server.on('request', (inbound, outbound) => {
  const up = request({ host: 'backend', path: inbound.url, agent: new Agent({ keepAlive: true }) }, (r) => r.pipe(outbound));
  inbound.pipe(up);
});
server.listen(80);
`,
      errors: [perRequest(5, 67, 'http.Agent', HANDLER)],
    },
    {
      name: 'koa router: a new undici Agent in a route (ctx)',
      code: `
import Router from '@koa/router';
import { Agent, request } from 'undici';
const router = new Router();
router.get('/weather', async (ctx) => {
  const { body } = await request('https://weather.example.com/now', { dispatcher: new Agent() });
  ctx.body = await body.json();
});
`,
      errors: [perRequest(6, 83, 'undici Agent', HANDLER)],
    },
    {
      name: 'koa middleware (ctx, next) with a pool handed to a client we cannot see',
      code: `
import { Pool } from 'undici';
import { createGraphQLClient } from './graphql.js';
export async function graphql(ctx, next) {
  const client = createGraphQLClient({ dispatcher: new Pool(process.env.GRAPHQL_URL) });
  ctx.state.user = await client.query(ctx.query);
  await next();
}
`,
      errors: [perRequest(5, 52, 'undici Pool', HANDLER)],
    },
    {
      name: 'fastify route({ handler }) with an AWS S3 client built per request',
      code: `
import https from 'node:https';
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
export default async function routes(fastify) {
  fastify.route({
    method: 'GET',
    url: '/files/:key',
    handler: async (request, reply) => {
      const s3 = new S3Client({
        requestHandler: new NodeHttpHandler({ httpsAgent: new https.Agent({ keepAlive: true }) }),
      });
      const out = await s3.send(new GetObjectCommand({ Bucket: 'files', Key: request.params.key }));
      return reply.send(out.Body);
    },
  });
}
`,
      errors: [perRequest(11, 59, 'https.Agent', HANDLER)],
    },
    {
      name: 'an AWS Lambda handler',
      code: `
const https = require('https');
exports.handler = async (event) => {
  const agent = new https.Agent({ keepAlive: true });
  return new Promise((resolve) => https.get(event.url, { agent }, (res) => resolve(res.statusCode)));
};
`,
      errors: [perRequest(4, 17, 'https.Agent', HANDLER)],
    },
    {
      name: 'a Next.js route handler (export async function POST)',
      code: `
import { ProxyAgent } from 'undici';
export async function POST(request) {
  const res = await fetch('https://api.openai.com/v1/chat', {
    method: 'POST',
    body: await request.text(),
    dispatcher: new ProxyAgent(process.env.PROXY_URL),
  });
  return new Response(res.body);
}
`,
      errors: [perRequest(7, 17, 'undici ProxyAgent', HANDLER)],
    },
    {
      name: 'a helper nested in a handler',
      code: `
import express from 'express';
import https from 'node:https';
express().post('/hook', (req, res) => {
  function relay(target) {
    return https.request(target, { method: 'POST', agent: new https.Agent() });
  }
  relay('https://a.example.com').end(JSON.stringify(req.body));
  res.sendStatus(202);
});
`,
      errors: [perRequest(6, 59, 'https.Agent', HANDLER)],
    },
    {
      name: 'a same-file factory without memo, called in a handler',
      code: `
import https from 'node:https';
import express from 'express';
function makeAgent() {
  return new https.Agent({ keepAlive: true, maxSockets: 10 });
}
const app = express();
app.get('/proxy', (req, res) => {
  https.get('https://upstream.example.com' + req.url, { agent: makeAgent() }, (up) => up.pipe(res));
});
`,
      errors: [perRequest(9, 64, 'https.Agent (from makeAgent())', HANDLER)],
    },
    {
      name: 'a setInterval poller building an agent on every tick',
      code: `
const http = require('http');
setInterval(() => {
  http.get({ host: 'localhost', port: 9090, path: '/metrics', agent: new http.Agent() }, (res) => res.resume());
}, 1000);
`,
      errors: [perRequest(4, 70, 'http.Agent', 'every time this callback runs')],
    },
    {
      name: "a net server's connection listener calling an HTTPS API per connection",
      code: `
import net from 'node:net';
import https from 'node:https';
net.createServer((socket) => {
  https.get('https://geo.example.com/' + socket.remoteAddress, { agent: new https.Agent() }, (res) => res.pipe(socket));
}).listen(4000);
`,
      errors: [perRequest(5, 73, 'https.Agent', HANDLER)],
    },
    // --- Loops ------------------------------------------------------------------------------------
    {
      name: 'for...of with top-level await: a new Agent per URL',
      code: `
import { Agent } from 'undici';
const urls = ['https://a.example.com', 'https://b.example.com'];
for (const url of urls) {
  const res = await fetch(url, { dispatcher: new Agent() });
  console.log(res.status);
}
`,
      errors: [perRequest(5, 46, 'undici Agent', LOOP)],
    },
    {
      name: 'urls.map(...) building an agent per element',
      code: `
import https from 'node:https';
import axios from 'axios';
export function checkAll(urls) {
  return Promise.all(urls.map((url) => axios.head(url, { httpsAgent: new https.Agent({ keepAlive: true }) })));
}
`,
      errors: [perRequest(5, 70, 'https.Agent', LOOP)],
    },
    {
      name: 'a while loop in a worker, draining a queue',
      code: `
const http = require('http');
async function drain(queue) {
  while (queue.length) {
    const job = queue.shift();
    const agent = new http.Agent();
    await new Promise((resolve) => http.get(job.url, { agent }, resolve));
  }
}
module.exports = drain;
`,
      errors: [perRequest(6, 19, 'http.Agent', LOOP)],
    },
    // --- http-proxy without an agent (node-http-proxy#1272) -----------------------------------------
    {
      name: 'http-proxy createProxyServer({ target }) with no agent',
      code: `
const http = require('http');
const httpProxy = require('http-proxy');
const proxy = httpProxy.createProxyServer({ target: 'http://localhost:9000' });
http.createServer((req, res) => proxy.web(req, res)).listen(8000);
`,
      errors: [{ messageId: 'proxyWithoutAgent', line: 4, column: 43 }],
    },
    {
      name: 'http-proxy createProxy() with no options, targets given per request',
      code: `
import http from 'node:http';
import { createProxy } from 'http-proxy';
const proxy = createProxy();
http.createServer((req, res) => proxy.web(req, res, { target: 'http://users:3000' })).listen(8000);
`,
      errors: [{ messageId: 'proxyWithoutAgent', line: 4, column: 15 }],
    },
    {
      name: 'http-proxy with agent: false spelled out',
      code: `
import httpProxy from 'http-proxy';
export const proxy = httpProxy.createServer({ target: 'http://backend', agent: false, xfwd: true });
`,
      errors: [{ messageId: 'proxyWithoutAgent', line: 3, column: 45 }],
    },
    // --- agent: false -----------------------------------------------------------------------------
    {
      name: 'agent: false in http.get options inside a function (named import)',
      code: `
import { get } from 'node:http';
export function probe(host) {
  return new Promise((resolve) => get({ host, path: '/health', agent: false }, (res) => resolve(res.statusCode)));
}
`,
      errors: [agentFalse(4, 64, callOf('probe'))],
    },
    {
      name: 'agent: false in an options const passed to https.request in a handler',
      code: `
const https = require('https');
const express = require('express');
const app = express();
app.post('/forward', (req, res) => {
  const options = { hostname: 'backend', path: req.path, method: 'POST', agent: false };
  const up = https.request(options, (r) => r.pipe(res));
  req.pipe(up);
});
`,
      errors: [agentFalse(6, 74, HANDLER)],
    },
    {
      name: 'options.agent = false before http.request',
      code: `
import http from 'node:http';
export function send(options, body) {
  options.agent = false;
  const req = http.request(options);
  req.end(body);
}
`,
      errors: [agentFalse(4, 3, callOf('send'))],
    },
    {
      name: 'agent: false spread into the options of a request in a loop',
      code: `
import https from 'node:https';
const base = { host: 'metrics.example.com', method: 'POST', agent: false };
for (const point of points) {
  https.request({ ...base, path: '/write' }).end(point);
}
`,
      errors: [agentFalse(3, 61, LOOP)],
    },
    {
      name: 'the `agent` getter looks like a cached property but returns a brand-new https.Agent on every access (every request).',
      code: `
import https from 'node:https';

export class SearchClient {
  #host;
  #ca;

  constructor(host, ca) {
    this.#host = host;
    this.#ca = ca;
  }

  get agent() {
    return new https.Agent({ keepAlive: true, ca: this.#ca });
  }

  search(q) {
    return new Promise((resolve, reject) => {
      const req = https.get({ host: this.#host, path: \`/search?q=\${encodeURIComponent(q)}\`, agent: this.agent }, (res) => {
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (raw += c));
        res.on('end', () => resolve(JSON.parse(raw)));
      });
      req.on('error', reject);
    });
  }
}
`,
      errors: [
        { messageId: 'newAgentPerRequest', line: 14, column: 12 },
      ],
    },
  ],
});
