import * as diagnostics from 'node:diagnostics_channel';
import * as net from 'node:net';
import * as tls from 'node:tls';

import { patchMethod } from './patch';

/** What the guard is told about sockets; each call is O(1) and never throws into Node's code. */
export interface SocketEvents {
  server(socket: net.Socket): void;
  client(socket: net.Socket, above: (...args: never[]) => unknown): void;
  /** A TLS socket took over `raw`: from now on the TLS socket is the one to judge. */
  wrapped(raw: net.Socket, secure: net.Socket): void;
  timedOut(socket: net.Socket): void;
  /** `socket` is being destroyed: it can no longer leak. */
  destroyed(socket: net.Socket): void;
  listening(server: net.Server, above: (...args: never[]) => unknown): void;
}

/**
 * `net.client.socket` is published for `new net.Socket().connect()` and `tls.connect()` only from
 * Node 22.17.0 and 24.2.0 (nodejs/node#58349); before, only `net.connect()` publishes, which misses
 * https agents and direct `tls.connect()`.
 */
export function clientChannelSeesConnect(version: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major >= 25) return true;
  if (major === 24) return minor >= 2;
  if (major === 23) return false;
  if (major === 22) return minor >= 17;
  return false;
}

type Connect = net.Socket['connect'];
type Listen = net.Server['listen'];
type WrapHandle = (wrap: unknown, ...rest: unknown[]) => unknown;
type Destroy = (this: net.Socket, error: Error | null, callback: (error?: Error | null) => void) => void;

/**
 * Subscribes to `net.server.socket` and `net.client.socket`, and patches what those channels do not
 * cover: `Socket#connect` where the client channel misses it, `Server#listen` (to name the server that
 * accepted a socket), `TLSSocket#_wrapHandle` (the only moment a raw socket and the TLS socket wrapping
 * it are seen together), `Socket#_onTimeout` (the one place a `'timeout'` is emitted from) and
 * `Socket#_destroy` (every way of closing a socket passes there).
 * Returns the function that undoes all of it.
 */
export function watchSockets(events: SocketEvents, options: { clients: boolean }): () => void {
  const undo: (() => void)[] = [];

  const onServer = (message: unknown): void => {
    const { socket } = message as { socket?: net.Socket };
    if (socket !== undefined) events.server(socket);
  };
  diagnostics.subscribe('net.server.socket', onServer);
  undo.push(() => diagnostics.unsubscribe('net.server.socket', onServer));

  if (options.clients) {
    const onClient = (message: unknown): void => {
      const { socket } = message as { socket?: net.Socket };
      if (socket !== undefined) events.client(socket, onClient);
    };
    diagnostics.subscribe('net.client.socket', onClient);
    undo.push(() => diagnostics.unsubscribe('net.client.socket', onClient));

    if (!clientChannelSeesConnect()) {
      undo.push(patchMethod(net.Socket.prototype, 'connect', (original, isActive) => {
        const connect = function (this: net.Socket, ...args: unknown[]) {
          const result = Reflect.apply(original, this, args) as net.Socket;
          if (isActive()) events.client(this, connect);
          return result;
        };
        return connect as Connect;
      }));
    }
  }

  undo.push(patchMethod(net.Server.prototype, 'listen', (original, isActive) => {
    const listen = function (this: net.Server, ...args: unknown[]) {
      if (isActive()) events.listening(this, listen);
      return Reflect.apply(original, this, args) as net.Server;
    };
    return listen as Listen;
  }));

  const tlsPrototype = tls.TLSSocket.prototype as unknown as { _wrapHandle?: WrapHandle };
  undo.push(patchMethod(tlsPrototype, '_wrapHandle', (original, isActive) =>
    function (this: net.Socket, wrap: unknown, ...rest: unknown[]) {
      const handle = Reflect.apply(original as WrapHandle, this, [wrap, ...rest]);
      if (isActive() && wrap instanceof net.Socket) events.wrapped(wrap, this);
      return handle;
    }));

  const socketPrototype = net.Socket.prototype as unknown as { _onTimeout?: () => void; _destroy?: Destroy };
  undo.push(patchMethod(socketPrototype, '_destroy', (original, isActive) =>
    function (this: net.Socket, error: Error | null, callback: (error?: Error | null) => void) {
      if (isActive()) events.destroyed(this);
      return (original as Destroy).call(this, error, callback);
    }));

  undo.push(patchMethod(socketPrototype, '_onTimeout', (original, isActive) =>
    function (this: net.Socket) {
      if (isActive() && !timeoutDeferredByWrite(this)) events.timedOut(this);
      return Reflect.apply(original as () => void, this, []);
    }));

  return () => {
    for (const step of undo.reverse()) step();
  };
}

let lastWriteQueueSize: symbol | undefined;

/**
 * `Socket#_onTimeout` does not emit `'timeout'` while a write is still draining: when the handle's write
 * queue changed since the last check it re-arms the timer and returns (lib/net.js, Node 20–24). The same
 * test, made before it runs, tells a real timeout from a deferred one.
 */
function timeoutDeferredByWrite(socket: net.Socket): boolean {
  lastWriteQueueSize ??= Object.getOwnPropertySymbols(socket).find((key) => key.description === 'lastWriteQueueSize');
  if (lastWriteQueueSize === undefined) return false;
  const last = (socket as unknown as Record<symbol, unknown>)[lastWriteQueueSize];
  const handle = (socket as unknown as { _handle?: { writeQueueSize?: number } | null })._handle;
  return typeof last === 'number' && last > 0 && handle != null && handle.writeQueueSize !== last;
}
