import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { BodySourceFinder } from './body-sources.js';
import { BodyUsageAnalyzer } from './body-usage.js';
import { FunctionResolver } from './functions.js';
import { NodeResolver } from './resolve.js';
import { SiteFinder } from './sites.js';
import { TimeoutFinder } from './timeouts.js';
import { TypeInfo } from './types.js';
import { UsageAnalyzer } from './usage.js';

export type { SiteKind, SocketSite, UnnamedSocket } from './sites.js';
export { functionName } from './sites.js';
export type { SocketUsage, ListenerUse } from './usage.js';
export type { ExitOptions, UnhandledExit } from './paths.js';
export { unhandledExits } from './paths.js';
export { SocketRef } from './socket-ref.js';
export type { TimeoutOwner } from './timeout-owner.js';
export type { TimeoutRegistration, TimeoutTarget, TimeoutVerdict } from './timeouts.js';
export { runsForSure } from './runs-for-sure.js';
export { CLOSE_METHODS, DESTROY_METHODS, LISTEN_METHODS, TIMER_CALLS } from './sockets.js';
export type { BodyKind } from './bodies.js';
export type { BodyObligation, BodyRegion, BodySources, DroppedResponse } from './body-sources.js';
export type { BodyRole, BodyUsage, Borrower } from './body-usage.js';
export type { BodyExit, BodyExitKind } from './body-exits.js';
export type { BodyPaths } from './body-paths.js';
export { bodyExits } from './body-paths.js';

/** Everything a rule asks about Node's socket APIs, for one file. */
export interface NodeApi {
  readonly resolver: NodeResolver;
  readonly functions: FunctionResolver;
  readonly usage: UsageAnalyzer;
  readonly sites: SiteFinder;
  /** Requests whose responses carry a body, and where each response goes. */
  readonly bodies: BodySourceFinder;
  readonly bodyUsage: BodyUsageAnalyzer;
  /** Idle timeouts: who must close what timed out, and whether a 'timeout' handler does. */
  readonly timeouts: TimeoutFinder;
  /** Present when the file was parsed with type information. */
  readonly types: TypeInfo | null;
}

const perFile = new WeakMap<object, NodeApi>();

/** The file's NodeApi; rules linting the same file share one, and with it every cached answer. */
export function nodeApiFor(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): NodeApi {
  const sourceCode = context.sourceCode;
  const cached = perFile.get(sourceCode);
  if (cached) return cached;
  const scopeOf = (node: TSESTree.Node) => sourceCode.getScope(node);
  const services = sourceCode.parserServices;
  const types = services?.program && services.esTreeNodeToTSNodeMap ? new TypeInfo(services as never) : null;
  const resolver = new NodeResolver(scopeOf);
  const functions = new FunctionResolver(scopeOf, sourceCode.scopeManager, types);
  const usage = new UsageAnalyzer(resolver, functions, scopeOf);
  const sites = new SiteFinder(resolver, functions, scopeOf, types);
  const api: NodeApi = {
    resolver,
    functions,
    usage,
    sites,
    timeouts: new TimeoutFinder(resolver, functions, usage, sites, scopeOf, types),
    bodies: new BodySourceFinder(resolver, functions, scopeOf, sourceCode.scopeManager, types),
    bodyUsage: new BodyUsageAnalyzer(resolver, functions, scopeOf),
    types,
  };
  perFile.set(sourceCode, api);
  return api;
}
