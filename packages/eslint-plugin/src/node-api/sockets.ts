/**
 * What Node's socket APIs do, as tables. Facts behind them: ../../../../README.md ("Why sockets get stuck")
 * and Node's net/http docs.
 */

/** Methods that register a listener and return the emitter, so calls can be chained. */
export const LISTEN_METHODS: ReadonlySet<string> = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
]);

/**
 * Calls that close our side of a socket, or of the HTTP message that owns one: `abort()` is
 * `ClientRequest`'s (deprecated, still how proxies such as http-proxy tear an upstream request down).
 */
export const CLOSE_METHODS: ReadonlySet<string> = new Set(['end', 'destroy', 'destroySoon', 'resetAndDestroy', 'abort']);

/** Calls that destroy a socket outright (a reject path that also rescues an unread socket). */
export const DESTROY_METHODS: ReadonlySet<string> = new Set(['destroy', 'resetAndDestroy']);

/**
 * Listener events that consume a socket's input. An `'end'` listener does not: since Node 10 'end' is
 * emitted only after all data is read (nodejs/node#19241).
 */
export const READ_EVENTS: ReadonlySet<string> = new Set(['data', 'readable']);

/** Methods that start or perform reading. `pipe()` resumes the source. */
export const READ_METHODS: ReadonlySet<string> = new Set(['resume', 'pipe', 'read', 'iterator', 'toArray', 'forEach']);

/** Socket methods that return the socket itself, so a chain goes on being about the same socket. */
export const CHAINABLE_METHODS: ReadonlySet<string> = new Set([
  ...LISTEN_METHODS,
  'pause',
  'resume',
  'setEncoding',
  'setTimeout',
  'setNoDelay',
  'setKeepAlive',
  'ref',
  'unref',
  'removeListener',
  'off',
  'removeAllListeners',
  'connect',
]);

/**
 * Calls that take a socket argument without taking ownership of it: collection look-ups and removals
 * (a `Map#delete` closes nothing) and logging.
 */
export const NON_OWNING_CALLS: ReadonlySet<string> = new Set([
  'delete',
  'has',
  'get',
  'indexOf',
  'includes',
  'lastIndexOf',
  'log',
  'info',
  'warn',
  'error',
  'debug',
  'trace',
  'fatal',
  'verbose',
  'inspect',
  'removeListener',
  'off',
  'write',
  'assert',
  'ok',
  'equal',
  'strictEqual',
]);

/** Calls that observe a stream's end without reading it: `stream.finished`, end-of-stream helpers. */
export const OBSERVER_CALLS: ReadonlySet<string> = new Set(['finished', 'eos', 'endOfStream', 'onFinished']);

/** Calls that read a stream to its end and destroy every stream on error: `stream.pipeline` and kin. */
export const PIPELINE_CALLS: ReadonlySet<string> = new Set(['pipeline', 'pump', 'pumpify', 'compose']);

/** Names of methods that, called on the owner of a socket we cannot resolve, plausibly close it. */
export const CLOSE_LIKE_NAME = /^(?:close|destroy|end|terminate|dispose|cleanup|teardown|shutdown|abort|kill|finish|disconnect)/i;

/** Server factories whose handler receives a socket, and the event a later listener would use. */
export const SOCKET_SERVER_FACTORIES = {
  net: { create: ['createServer', 'Server'], socketEvents: ['connection'] },
  tls: { create: ['createServer', 'Server'], socketEvents: ['secureConnection'] },
} as const;

/** Server factories of HTTP servers, which own their sockets but hand them over on upgrade/connect. */
export const HTTP_SERVER_MODULES = ['http', 'https'] as const;
export const HTTP_SERVER_FACTORIES: readonly string[] = ['createServer', 'Server'];

/** Client request factories returning a `ClientRequest`. */
export const HTTP_REQUEST_FACTORIES: readonly string[] = ['request', 'get'];

/** Events on which an http(s) server or a `ClientRequest` hands a raw socket to the listener (2nd parameter). */
export const HANDOVER_EVENTS: ReadonlySet<string> = new Set(['upgrade', 'connect']);

/** Client socket factories: `net.connect()`, `net.createConnection()`, `tls.connect()`, `new net.Socket()`. */
export const CLIENT_SOCKET_FACTORIES = {
  net: ['connect', 'createConnection', 'Socket', 'Stream'],
  tls: ['connect', 'TLSSocket'],
} as const;

/** Parameter names that say a `'connect'`/`'upgrade'` listener of an unknown emitter gets an HTTP message first. */
export const HTTP_MESSAGE_PARAM = /^(?:req|request|res|response|resp|message|msg|incoming|incomingMessage|upgradeReq)$/i;
/** Parameter names that say the first argument is a response, i.e. the listener is a client's. */
export const RESPONSE_PARAM = /^(?:res|response|resp)$/i;

/**
 * Timers, whose callback runs later, besides the path that set it: a handshake timeout answering 408 is
 * a path of its own; a destroy() in a timer runs on every connection unless the timer is cleared.
 */
export const TIMER_CALLS: ReadonlySet<string> = new Set(['setTimeout', 'setInterval', 'setImmediate']);

/** Calls that defer a callback without being a timer the code can clear. */
export const DEFER_CALLS: ReadonlySet<string> = new Set([...TIMER_CALLS, 'nextTick', 'queueMicrotask']);

/**
 * Calls that end what timed out: the socket's own close methods, `ClientRequest#abort()` (deprecated
 * since v14.1.0, still destroys the request and its socket) and `close()` of an http2 session or stream.
 */
export const TIMEOUT_CLOSE_METHODS: ReadonlySet<string> = new Set([...CLOSE_METHODS, 'abort', 'close']);

/**
 * Factories whose `timeout` option arms an idle timeout that only emits 'timeout' (net.connect() and
 * tls.connect() call `socket.setTimeout(timeout)`; http.request() re-emits the socket's on the request).
 */
export const TIMEOUT_OPTION_FACTORIES: Readonly<Partial<Record<string, readonly string[]>>> = {
  net: ['connect', 'createConnection'],
  tls: ['connect'],
  http: HTTP_REQUEST_FACTORIES,
  https: HTTP_REQUEST_FACTORIES,
};

/**
 * Servers that destroy a timed-out connection themselves unless the app listens for 'timeout' on the
 * server, the request or the response (lib/_http_server.js `socketOnTimeout`, lib/internal/http2/core.js
 * `sessionOnTimeout`).
 */
export const TIMEOUT_SERVER_FACTORIES: Readonly<Partial<Record<string, readonly string[]>>> = {
  http: HTTP_SERVER_FACTORIES,
  https: HTTP_SERVER_FACTORIES,
  http2: ['createServer', 'createSecureServer'],
};

/** Objects that own their connection's idle timeout: an http2 client session is `http2.connect()`'s. */
export const TIMEOUT_SOCKET_FACTORIES: Readonly<Partial<Record<string, readonly string[]>>> = {
  ...CLIENT_SOCKET_FACTORIES,
  http2: ['connect'],
};

/**
 * Methods that finish a server-side response, Node's (`end`) and Express's: once the response is done,
 * the server's keep-alive handling owns the socket again.
 */
export const RESPONSE_END_METHODS: ReadonlySet<string> = new Set([
  'end',
  'send',
  'json',
  'jsonp',
  'sendStatus',
  'sendFile',
  'redirect',
  'render',
]);
