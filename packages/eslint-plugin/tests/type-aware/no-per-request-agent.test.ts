import rule from '../../src/rules/no-per-request-agent.js';
import { syntaxTester, typedTester } from '../rule-tester.js';

const HANDLER = 'on every request this handler serves';

/** Agents and request handlers that only types reveal. */
const typedOnly = [
  {
    name: 'an agent class chosen at run time: https.Agent | http.Agent',
    code: `
import http from 'node:http';
import https from 'node:https';
export function get(url: URL, cb: (res: http.IncomingMessage) => void) {
  const AgentClass = url.protocol === 'https:' ? https.Agent : http.Agent;
  const agent = new AgentClass({ keepAlive: true });
  return (url.protocol === 'https:' ? https : http).get(url, { agent }, cb);
}`,
    line: 6,
    column: 17,
    what: 'agent (AgentClass)',
    when: "on every call of 'get'",
  },
  {
    name: 'a handler recognised by its parameter types, handing the agent to code we cannot see',
    code: `
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
declare function forward(inbound: IncomingMessage, outbound: ServerResponse, options: { agent: http.Agent }): void;
export function relay(inbound: IncomingMessage, outbound: ServerResponse) {
  forward(inbound, outbound, { agent: new http.Agent({ keepAlive: true }) });
}`,
    line: 6,
    column: 39,
    what: 'http.Agent',
    when: HANDLER,
    // Without types: a plain function that makes a new agent for each call of code we cannot see.
    untyped: "on every call of 'relay'",
  },
];

typedTester().run('no-per-request-agent (type-aware)', rule, {
  valid: [
    {
      name: 'a typed agent kept in a readonly field',
      code: `
import https from 'node:https';
export class Api {
  private readonly agent: https.Agent = new https.Agent({ keepAlive: true });
  get(path: string) {
    return https.get({ host: 'api.example.com', path, agent: this.agent });
  }
}`,
    },
    {
      name: 'a constructor parameter property with a default agent',
      code: `
import http from 'node:http';
export class Poller {
  constructor(private readonly agent: http.Agent = new http.Agent({ keepAlive: true })) {}
  poll(path: string) {
    return http.get({ path, agent: this.agent });
  }
}`,
    },
  ],
  invalid: typedOnly.map((c) => ({
    name: c.name,
    code: c.code,
    errors: [{ messageId: 'newAgentPerRequest' as const, line: c.line, column: c.column, data: { what: c.what, when: c.when } }],
  })),
});

syntaxTester().run('no-per-request-agent (same code without types)', rule, {
  valid: typedOnly.filter((c) => !('untyped' in c)).map((c) => ({ name: c.name, code: c.code })),
  invalid: typedOnly.flatMap((c) =>
    'untyped' in c
      ? [{ name: c.name, code: c.code, errors: [{ messageId: 'newAgentPerRequest' as const, line: c.line, column: c.column, data: { what: c.what, when: c.untyped } }] }]
      : [],
  ),
});
