import { createHook } from 'node:async_hooks';
import * as net from 'node:net';

import { serverOf } from './detect';

/** What the async_hooks tracker reports: a socket and the context and stack its handle was made in. */
export interface HandleEvents {
  found(socket: net.Socket, origin: 'server' | 'client', context: unknown, site: unknown): void;
  capture(above: (...args: never[]) => unknown): { context: unknown; site: unknown };
}

const SOCKET_HANDLES = new Set(['TCPWRAP', 'TLSWRAP']);

/**
 * The opt-in tracker: an `async_hooks` `init` hook sees every TCP and TLS handle as it is created, in the
 * async context that created it. It costs far more than the channels (an `init` hook runs for every
 * async resource, promises included; `trackPromises: false` exists from Node 24.14 / 25.6 and is
 * ignored before), which is why it is not the default; the benchmark prints both.
 *
 * The handle's socket is assigned after `init` returns, so handles are resolved in a microtask through
 * the owner link Node keeps on every handle.
 */
export function trackWithAsyncHooks(events: HandleEvents): () => void {
  let pending: { handle: object; context: unknown; site: unknown }[] = [];
  let ownerKey: symbol | undefined;

  const ownerOf = (handle: object): unknown => {
    ownerKey ??= Object.getOwnPropertySymbols(handle).find((key) => key.description === 'owner_symbol');
    return ownerKey === undefined ? undefined : (handle as Record<symbol, unknown>)[ownerKey];
  };

  const flush = (): void => {
    const batch = pending;
    pending = [];
    for (const { handle, context, site } of batch) {
      const owner = ownerOf(handle);
      if (owner instanceof net.Socket) events.found(owner, serverOf(owner) ? 'server' : 'client', context, site);
    }
  };

  // A handle created by a listening server's handle is an accepted connection: its site is its server's,
  // so no stack is captured for it (a 40-frame capture per connection is most of what this tracker
  // costs a server). Servers are few, so their ids are kept for the tracker's life.
  const servers = new Set<number>();
  const init = (asyncId: number, type: string, trigger: number, resource: object): void => {
    if (type === 'TCPSERVERWRAP') {
      servers.add(asyncId);
      return;
    }
    if (!SOCKET_HANDLES.has(type)) return;
    if (servers.has(trigger)) {
      if (pending.push({ handle: resource, context: undefined, site: undefined }) === 1) queueMicrotask(flush);
      return;
    }
    const { context, site } = events.capture(init);
    if (pending.push({ handle: resource, context, site }) === 1) queueMicrotask(flush);
  };
  const hook = createHook({
    init,
    // Node ≥ 24.14 / 25.6: leave promises out of the hook (an unknown option is ignored before).
    trackPromises: false,
  } as Parameters<typeof createHook>[0]);
  hook.enable();
  return () => {
    hook.disable();
    pending = [];
  };
}
