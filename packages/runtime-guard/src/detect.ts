import type { Server, Socket } from 'node:net';

/** The four ways a socket is found leaking; each is a finding kind. */
export type Kind = 'half-closed' | 'unread-eof' | 'close-wait' | 'timeout-ignored';

/** Errors outrank the timeout warning: a socket first reported as timed out is reported again if it leaks. */
export const SEVERITY: Readonly<Record<Kind, number>> = {
  'half-closed': 2,
  'unread-eof': 2,
  'close-wait': 2,
  'timeout-ignored': 1,
};

interface ReadableInternals {
  _readableState?: { ended?: boolean; endEmitted?: boolean };
}

/**
 * The leak conditions JavaScript state shows (../shared/NODE-SEMANTICS.md, "What a runtime observer can
 * see"): the peer's FIN was read and our side never ended (`readyState === 'writeOnly'`), or the FIN
 * reached the stream behind bytes nobody read, so `'end'` will never be emitted (nodejs/node#19241).
 */
export function jsCondition(socket: Socket): Kind | undefined {
  if (socket.destroyed) return undefined;
  if (socket.readableEnded) return socket.writableEnded ? undefined : 'half-closed';
  const state = (socket as unknown as ReadableInternals)._readableState;
  if (state?.ended === true && state.endEmitted !== true) return 'unread-eof';
  return undefined;
}

/** The socket's file descriptor (a TLS socket reports its TCP handle's), or -1. */
export function fdOf(socket: Socket): number {
  const handle = (socket as unknown as { _handle?: { fd?: number } | null })._handle;
  return typeof handle?.fd === 'number' ? handle.fd : -1;
}

/**
 * How to fix each kind, and the lint rule of @closewait/eslint-plugin that finds the same shape before it
 * ships (`null` while no rule covers it; a test keeps these names in step with the plugin).
 */
export const HINTS: Readonly<Record<Kind, { fix: string; rule: string | null }>> = {
  'half-closed': {
    fix: "the peer closed its side and nothing ended ours: call socket.end() or socket.destroy() when 'end' fires (allowHalfOpen sockets, and every http 'upgrade'/'connect' socket, are never ended by Node)",
    rule: '@closewait/no-ignored-half-close',
  },
  'unread-eof': {
    fix: "the peer's FIN sits behind bytes nobody read, so 'end' never fires: read the socket ('data', resume(), pipeline(), for await) or destroy() it",
    rule: '@closewait/no-unread-socket',
  },
  'close-wait': {
    fix: 'the kernel holds this socket in CLOSE_WAIT and nothing reads it: resume() a paused or pauseOnConnect socket, consume or cancel the response body (res.resume(), await res.text(), body.cancel(), body.dump()), or destroy() it',
    rule: '@closewait/no-unread-socket',
  },
  'timeout-ignored': {
    fix: "a 'timeout' fired and nothing destroyed the socket ('timeout' only notifies): call socket.destroy() (or req.destroy()) in the handler",
    rule: '@closewait/require-timeout-destroy',
  },
};

/**
 * A client socket in CLOSE_WAIT that nothing reads is, nearly always, an HTTP response body nobody
 * consumed: its lint rule is that one, not the unread-server-socket one.
 */
export const CLIENT_CLOSE_WAIT_RULE = '@closewait/no-unconsumed-body';

export const TITLES: Readonly<Record<Kind, string>> = {
  'half-closed': 'peer closed, our side never ended',
  'unread-eof': "peer closed behind unread data, 'end' never emitted",
  'close-wait': 'CLOSE_WAIT in the kernel, nothing reads the socket',
  'timeout-ignored': "'timeout' fired, socket never destroyed",
};

/** The server that accepted a socket (`socket.server`, set by node:net before `'connection'`). */
export function serverOf(socket: Socket): Server | undefined {
  return (socket as unknown as { server?: Server | null }).server ?? undefined;
}

/**
 * The socket's handle has stopped reading (`pauseOnConnect`, `pause()`, or Node's buffer reached its
 * highWaterMark because nobody consumes it): the only sockets whose peer FIN can wait in the kernel,
 * unseen by JavaScript. A reading handle delivers the FIN to the stream within one loop turn.
 */
export function handleStopped(socket: Socket): boolean {
  const handle = (socket as unknown as { _handle?: { reading?: boolean } | null })._handle;
  return handle?.reading === false;
}
