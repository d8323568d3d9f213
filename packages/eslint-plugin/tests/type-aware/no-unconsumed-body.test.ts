import rule from '../../src/rules/no-unconsumed-body.js';
import { syntaxTester, typedTester } from '../rule-tester.js';

// With type information the rule also knows a response by its type: an awaited call of the project's
// own HTTP wrapper that resolves to a fetch `Response`, and a `ClientRequest` that arrives as a parameter
// or a field, whose 'response' listener must read what it gets.
const typedOnly = [
  {
    name: "a Response from the project's own wrapper, thrown away on a bad status",
    code: `
export async function loadUsers(get: (path: string) => Promise<Response>) {
  const res = await get('/users');
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
}`,
    messageId: 'unconsumedPath' as const,
    line: 4,
    column: 16,
    fixed: ['if (!res.ok) throw', 'if (!res.ok) { await res.body?.cancel(); throw'],
    fixedEnd: ['(res.status));', '(res.status)); }'],
  },
  {
    name: 'a Response from a class wrapper, for its status only',
    code: `
class Api {
  constructor(private readonly base: string) {}
  get(path: string): Promise<Response> {
    return fetch(this.base + path);
  }
}
export async function healthy(api: Api) {
  const res = await api.get('/health');
  return res.status === 200;
}`,
    messageId: 'neverConsumed' as const,
    line: 9,
    column: 9,
    fixed: ["  const res = await api.get('/health');", "  const res = await api.get('/health');\n  await res.body?.cancel();"],
  },
  {
    name: "a ClientRequest parameter whose 'response' listener only logs",
    code: `
import type { ClientRequest } from 'node:http';
export function trace(req: ClientRequest) {
  req.on('response', (res) => {
    console.log(req.path, res.statusCode);
  });
}`,
    messageId: 'neverConsumed' as const,
    line: 4,
    column: 23,
    fixed: ['  req.on(\'response\', (res) => {', "  req.on('response', (res) => {\n    res.resume();"],
  },
  {
    name: 'a ClientRequest kept in a field declared with its type',
    code: `
import type { ClientRequest, IncomingMessage } from 'node:http';
export class Probe {
  constructor(private readonly req: ClientRequest) {
    this.req.once('response', (res: IncomingMessage) => {
      if (res.statusCode !== 200) return this.fail(res.statusCode);
      res.pipe(process.stdout);
    });
  }
  fail(status?: number) {
    console.error('probe failed', status);
  }
}`,
    messageId: 'unconsumedPath' as const,
    line: 6,
    column: 35,
    fixed: ['if (res.statusCode !== 200) return', 'if (res.statusCode !== 200) { res.resume(); return'],
    fixedEnd: ['this.fail(res.statusCode);', 'this.fail(res.statusCode); }'],
  },
];

function suggestionOutput(c: (typeof typedOnly)[number]): string {
  let output = c.code.replace(c.fixed[0]!, c.fixed[1]!);
  if (c.fixedEnd) output = output.replace(c.fixedEnd[0]!, c.fixedEnd[1]!);
  return output;
}

typedTester().run('no-unconsumed-body (type-aware)', rule, {
  valid: [
    {
      name: "a Response from the project's wrapper, read on every path",
      code: `
export async function loadUsers(get: (path: string) => Promise<Response>) {
  const res = await get('/users');
  if (!res.ok) throw new Error(await res.text());
  return res.json();
}`,
    },
    {
      name: 'an awaited value shaped like a response that is not one',
      code: `
interface Reply {
  status: number;
  ok: boolean;
  body: string;
}
export async function call(send: () => Promise<Reply>) {
  const res = await send();
  if (!res.ok) throw new Error(String(res.status));
  return res.body;
}`,
    },
    {
      name: "a ClientRequest parameter whose 'response' listener discards the body",
      code: `
import type { ClientRequest } from 'node:http';
export function trace(req: ClientRequest) {
  req.on('response', (res) => {
    console.log(res.statusCode);
    res.resume();
  });
}`,
    },
    {
      name: 'a HEAD fetch stays exempt when its type is known too',
      code: `
export async function exists(url: string) {
  const res = await fetch(url, { method: 'HEAD' });
  return res.ok;
}`,
    },
  ],
  invalid: typedOnly.map((c) => ({
    name: c.name,
    code: c.code,
    errors: [
      {
        messageId: c.messageId,
        line: c.line,
        column: c.column,
        suggestions: [{ messageId: 'suggestRelease' as const, output: suggestionOutput(c) }],
      },
    ],
  })),
});

syntaxTester().run('no-unconsumed-body (same code without types)', rule, {
  valid: typedOnly.map((c) => ({ name: c.name, code: c.code })),
  invalid: [],
});
