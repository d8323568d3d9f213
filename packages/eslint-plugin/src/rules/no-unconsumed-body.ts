import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import {
  bodyExits,
  nodeApiFor,
  type BodyExit,
  type BodyExitKind,
  type BodyKind,
  type BodyObligation,
  type Borrower,
  type DroppedResponse,
} from '../node-api/index.js';
import { createRule } from '../util/create-rule.js';
import { enclosingFunction } from '../util/enclosing-function.js';
import { insertAtStart, insertBefore } from '../util/insert-statement.js';
import { isFunction } from '../util/is-function.js';
import { staticString } from '../util/static-name.js';

type MessageIds =
  | 'neverConsumed'
  | 'unconsumedPath'
  | 'dropped'
  | 'overwritten'
  | 'borrowedThrow'
  | 'suggestRelease'
  | 'suggestReleaseDropped';

/** What an unread body costs, per client. */
const WHY: Readonly<Record<BodyKind, string>> = {
  http:
    'Node keeps the socket assigned to a response until its body has been read to the end, even an empty one: the agent cannot reuse it (requests queue once maxSockets are busy), and a body larger than the buffers stops the socket, which sits in CLOSE_WAIT once the server closes.',
  fetch:
    "undici keeps the connection until the body is read or cancelled, and garbage collection releases it late or never: the pool runs dry, requests stall, and a body larger than the buffers sits in CLOSE_WAIT once the server closes (undici's README, 'Garbage Collection').",
  'node-fetch':
    'the socket stays with the response until its body is read: the agent cannot reuse it, and a body larger than the buffers stops the socket, which sits in CLOSE_WAIT once the server closes.',
  undici: "undici keeps the connection until the body is consumed: its README calls consuming the body of request() mandatory.",
  aws: "the S3 client's pooled socket stays checked out until Body is read or destroyed: after maxSockets (50) such responses the client hangs for good (aws-sdk-js-v3#6691).",
};

const EXIT_TEXT: Readonly<Record<Exclude<BodyExitKind, 'end'>, string>> = {
  return: 'This return',
  throw: 'This throw',
  break: 'This break',
  continue: 'This continue',
  branch: 'This branch',
  else: "Skipping this 'if' (it has no 'else')",
};

export default createRule<[], MessageIds>({
  name: 'no-unconsumed-body',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow HTTP responses whose body is left unread on some path',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      neverConsumed: "The body of '{{name}}' is never read or released: {{why}} {{fix}}",
      unconsumedPath: "{{exit}} leaves the body of '{{name}}' unread, while other paths read it or hand it on: {{why}} {{fix}}",
      dropped: '{{response}} is dropped with its body unread: {{why}} {{fix}}',
      overwritten:
        "'{{name}}' takes a new response on the loop's next round while the previous body may still be unread: {{why}} Read or release it before trying again.",
      borrowedThrow:
        "This throw leaves the body of '{{name}}' unread: the caller passes its response in and reads it only if this function returns. {{why}} {{fix}}",
      suggestRelease: 'Release the body here: {{code}}',
      suggestReleaseDropped: 'Release the body of the dropped response: {{code}}',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const api = nodeApiFor(context);
    const sourceCode = context.sourceCode;
    const checked = new WeakSet<TSESTree.Node>();

    const reportDropped = (dropped: DroppedResponse): void => {
      if (checked.has(dropped.call)) return;
      checked.add(dropped.call);
      const code = dropped.statement ? droppedRelease(dropped.kind, sourceCode.getText(dropped.statement.expression)) : null;
      const statement = dropped.statement;
      context.report({
        node: dropped.call,
        messageId: 'dropped',
        data: { response: responseOf(sourceCode, dropped.call), why: WHY[dropped.kind], fix: droppedFix(dropped.kind) },
        suggest:
          code && statement
            ? [
                {
                  messageId: 'suggestReleaseDropped',
                  data: { code },
                  fix: (fixer) => fixer.replaceText(statement, `${code};`),
                },
              ]
            : [],
      });
    };

    const check = (obligation: BodyObligation): void => {
      if (checked.has(obligation.node)) return;
      checked.add(obligation.node);
      const usage = api.bodyUsage.usage(obligation);
      const { kind, name } = obligation;
      const role = obligation.responses.length > 0 ? 'response' : 'body';
      const data = { name, why: WHY[kind], fix: fixText(kind, role, name) };
      if (usage.takes.length === 0) {
        const fix = neverConsumedFix(sourceCode, obligation, role);
        context.report({
          node: obligation.node,
          messageId: 'neverConsumed',
          data,
          suggest: fix ? [{ messageId: 'suggestRelease', data: { code: fix.code }, fix: fix.fix }] : [],
        });
        return;
      }
      const paths = bodyExits(obligation.region, obligation.start, usage);
      for (const exit of paths.exits) {
        const code = exit.onlyPending && isJump(exit) ? release(kind, role, name, isAsync(exit.node)) : null;
        context.report({
          loc: exit.loc,
          messageId: 'unconsumedPath',
          data: { ...data, exit: exitText(exit, obligation) },
          suggest: code
            ? [{ messageId: 'suggestRelease', data: { code }, fix: insertBefore(sourceCode, exit.node, code) }]
            : [],
        });
      }
      if (paths.overwritten && obligation.start) {
        context.report({ node: obligation.start, messageId: 'overwritten', data });
      }
      // Only where the helper may get a body nobody has read yet.
      for (const borrower of usage.borrowers) if (paths.pendingAt(borrower.call)) checkBorrower(borrower, kind);
    };

    /** `assertOk(res)` before `res.json()`: the helper's throws leave the caller's body unread. */
    const checkBorrower = ({ fn, param, role }: Borrower, kind: BodyKind): void => {
      const id = param.identifiers[0];
      if (!id || checked.has(id)) return;
      checked.add(id);
      const helper: BodyObligation = {
        kind,
        node: id,
        name: param.name,
        responses: role === 'response' ? [param] : [],
        bodies: role === 'body' ? [param] : [],
        region: fn,
        start: null,
        releases: [],
      };
      const paths = bodyExits(fn, null, api.bodyUsage.usage(helper));
      const data = { name: param.name, why: WHY[kind], fix: fixText(kind, role, param.name) };
      for (const exit of paths.exits) {
        if (exit.kind !== 'throw') continue;
        const code = exit.onlyPending ? release(kind, role, param.name, isAsync(exit.node)) : null;
        context.report({
          loc: exit.loc,
          messageId: 'borrowedThrow',
          data,
          suggest: code
            ? [{ messageId: 'suggestRelease', data: { code }, fix: insertBefore(sourceCode, exit.node, code) }]
            : [],
        });
      }
    };

    return {
      CallExpression(call) {
        let sources = api.bodies.sourcesOf(call);
        if (sources.obligations.length === 0 && sources.dropped.length === 0) {
          sources = api.bodies.typedSourcesOf(call) ?? sources;
        }
        for (const dropped of sources.dropped) reportDropped(dropped);
        for (const obligation of sources.obligations) check(obligation);
      },
    };
  },
});

type Role = 'response' | 'body';

/** How to read or release the body, for the message. */
function fixText(kind: BodyKind, role: Role, name: string): string {
  const body = role === 'response' && kind !== 'http' ? `${name}.${kind === 'aws' ? 'Body' : 'body'}` : name;
  switch (kind) {
    case 'http':
      return `Read it ('data' listener, pipe(), pipeline()) or call ${name}.resume() to discard it.`;
    case 'fetch':
      return role === 'response'
        ? `Read it (${name}.json(), ${name}.text(), …) or cancel it (await ${body}?.cancel()); if only the status and headers matter, send a HEAD request.`
        : `Read it (for await, pipeTo(), Readable.fromWeb()) or cancel it (await ${body}.cancel()).`;
    case 'node-fetch':
      return role === 'response'
        ? `Read it (${name}.json(), ${name}.text(), …) or drain it (${body}.resume()).`
        : `Read it (pipe(), for await) or drain it (${body}.resume()).`;
    case 'undici':
      return `Read it (${body}.json(), ${body}.text(), …) or dump it (await ${body}.dump()).`;
    case 'aws':
      return `Read it (${body}.transformToString(), pipe it) or destroy it (${body}.destroy()); for metadata only, send a HeadObjectCommand.`;
  }
}

function droppedFix(kind: BodyKind): string {
  switch (kind) {
    case 'http':
      return "Take the response parameter and read it, or call res.resume() to discard it.";
    case 'fetch':
      return 'Keep the response and read or cancel its body (res.body?.cancel()); if only the status matters, send a HEAD request.';
    case 'node-fetch':
      return 'Keep the response and read or drain its body (res.body.resume()).';
    case 'undici':
      return 'Keep the body and read or dump it (await body.dump()).';
    case 'aws':
      return 'Keep Body and read or destroy it; for metadata only, send a HeadObjectCommand.';
  }
}

/** A statement that releases the body without reading it; null where no such call fits every runtime. */
function release(kind: BodyKind, role: Role, name: string, inAsync: boolean): string | null {
  const wait = inAsync ? 'await ' : 'void ';
  switch (kind) {
    case 'http':
      return `${name}.resume();`;
    case 'fetch':
      return role === 'response' ? `${wait}${name}.body?.cancel();` : `${wait}${name}?.cancel();`;
    case 'node-fetch':
      return role === 'response' ? `${name}.body?.resume();` : `${name}?.resume();`;
    case 'undici':
      return role === 'response' ? `${wait}${name}.body.dump();` : `${wait}${name}.dump();`;
    case 'aws':
      // `Body` is a Node stream, a web stream or a Blob depending on the runtime: no one call releases all.
      return null;
  }
}

/** `await fetch(u);` → `await (await fetch(u)).body?.cancel()`. */
function droppedRelease(kind: BodyKind, awaited: string): string | null {
  switch (kind) {
    case 'fetch':
      return `await (${awaited}).body?.cancel()`;
    case 'node-fetch':
      return `(${awaited}).body?.resume()`;
    case 'undici':
      return `await (${awaited}).body.dump()`;
    default:
      return null;
  }
}

/**
 * For a response nothing reads: release it right where it arrives, at the start of its callback or
 * after the statement that receives it. Nothing reads it later, so nothing can find it cancelled.
 */
function neverConsumedFix(
  sourceCode: Readonly<TSESLint.SourceCode>,
  obligation: BodyObligation,
  role: Role,
): { code: string; fix: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix } | null {
  const region = obligation.region;
  if (obligation.start === null) {
    if (!isFunction(region)) return null;
    const code = release(obligation.kind, role, obligation.name, region.async);
    const fix = code ? insertAtStart(region, code) : null;
    return code && fix ? { code, fix } : null;
  }
  const statement = statementOf(obligation.start);
  if (!statement) return null;
  const code = release(obligation.kind, role, obligation.name, true);
  if (!code) return null;
  const indent = ' '.repeat(statement.loc.start.column);
  return { code, fix: (fixer) => fixer.insertTextAfter(statement, `\n${indent}${code}`) };
}

/** The statement, directly in a block, that holds `node`. */
function statementOf(node: TSESTree.Node): TSESTree.Node | null {
  for (let current: TSESTree.Node | undefined = node; current?.parent; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program) {
      return current.type === AST_NODE_TYPES.VariableDeclaration || current.type === AST_NODE_TYPES.ExpressionStatement
        ? current
        : null;
    }
    if (isFunction(parent)) return null;
  }
  return null;
}

function isJump(exit: BodyExit): boolean {
  return (
    exit.node.type === AST_NODE_TYPES.ReturnStatement ||
    exit.node.type === AST_NODE_TYPES.ThrowStatement ||
    exit.node.type === AST_NODE_TYPES.BreakStatement ||
    exit.node.type === AST_NODE_TYPES.ContinueStatement
  );
}

function isAsync(node: TSESTree.Node): boolean {
  const fn = enclosingFunction(node);
  // At module level `await` is allowed only in modules; `void` works everywhere.
  return fn?.async ?? false;
}

function exitText(exit: BodyExit, obligation: BodyObligation): string {
  if (exit.kind !== 'end') return EXIT_TEXT[exit.kind];
  return isFunction(obligation.region) ? 'Reaching the end of this function' : 'Reaching the end of this block';
}

/** "The response of fetch()", or of a `'response'` listener: "The response this listener receives". */
function responseOf(sourceCode: Readonly<TSESLint.SourceCode>, call: TSESTree.CallExpression): string {
  if (call.callee.type === AST_NODE_TYPES.MemberExpression && staticString(call.arguments[0]) === 'response') {
    return "The response this 'response' listener receives";
  }
  const callee = sourceCode.getText(call.callee);
  return callee.length <= 40 ? `The response of ${callee}()` : 'The response of this request';
}
