/**
 * What HTTP clients do with response bodies, as tables. A response holds its connection until its body is
 * read to the end or released; facts behind each entry are in docs/rules/no-unconsumed-body.md.
 */

/**
 * Where a response comes from, which decides what its body is and how to release it:
 * - `http`: the `IncomingMessage` of `http(s).get/request` (the response is the body stream);
 * - `fetch`: a WHATWG `Response` from the global `fetch` or undici's (`body` is a web `ReadableStream`);
 * - `node-fetch`: node-fetch's (or cross-fetch's) `Response` (`body` is a Node `Readable`);
 * - `undici`: the `{ statusCode, headers, body }` of `undici.request()` or a dispatcher's `request()`;
 * - `aws`: the output of an AWS SDK v3 `GetObjectCommand` (`Body` is the socket's `IncomingMessage`).
 */
export type BodyKind = 'http' | 'fetch' | 'node-fetch' | 'undici' | 'aws';

/** The property of the response that holds its body; null when the response is the body. */
export const BODY_PROPERTY: Readonly<Record<BodyKind, string | null>> = {
  http: null,
  fetch: 'body',
  'node-fetch': 'body',
  undici: 'body',
  aws: 'Body',
};

/**
 * Methods of a response (fetch's Body mixin) or of a body (undici's BodyReadable, the AWS SDK's stream
 * mixin) that read it to the end.
 */
export const BODY_READ_METHODS: ReadonlySet<string> = new Set([
  'text',
  'json',
  'arrayBuffer',
  'blob',
  'formData',
  'bytes',
  'transformToString',
  'transformToByteArray',
  'transformToWebStream',
]);

/**
 * Methods of a body stream that read it, release it or hand it to a reader: web streams (`cancel`,
 * `getReader`, `pipeTo`, `pipeThrough`, `tee`), Node readables (`resume`, `pipe`, `read`, `destroy`,
 * async iteration helpers) and undici's `dump()`, which reads a bounded amount and destroys the rest.
 */
export const BODY_STREAM_METHODS: ReadonlySet<string> = new Set([
  ...BODY_READ_METHODS,
  'cancel',
  'getReader',
  'pipeTo',
  'pipeThrough',
  'tee',
  'values',
  'resume',
  'pipe',
  'read',
  'destroy',
  'dump',
  'iterator',
  'toArray',
  'forEach',
  'reduce',
  'some',
  'every',
  'find',
]);

/** Body stream methods that return the stream itself, so what follows in a chain is about the same body. */
export const BODY_CHAIN_METHODS: ReadonlySet<string> = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'setEncoding',
  'setTimeout',
  'pause',
  'removeListener',
  'off',
]);

/**
 * Members of an `IncomingMessage` that lead to its connection: `res.socket.destroy()`,
 * `res.req.destroy()` end the response's hold on it.
 */
export const CONNECTION_MEMBERS: ReadonlySet<string> = new Set(['socket', 'connection', 'req']);

/** Calls on a connection or a request that drop it, and with it the response. */
export const CONNECTION_DROP_METHODS: ReadonlySet<string> = new Set(['destroy', 'abort', 'resetAndDestroy']);

/**
 * Statuses whose responses have no body (RFC 9110 §6.4.1). Only fetch-like clients hand these back without
 * holding the connection: Node's http client keeps the socket until even an empty response is read.
 */
export const NO_BODY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

/** Properties that hold a response's status, per kind of response. */
export const STATUS_PROPERTIES: ReadonlySet<string> = new Set(['status', 'statusCode']);

/** AWS SDK v3 S3 commands whose output streams the object: its `Body` holds a pooled socket. */
export const AWS_STREAMING_COMMANDS: ReadonlySet<string> = new Set(['GetObjectCommand', 'GetObjectTorrentCommand']);
/** The same operations on the aggregated `S3` client (`s3.getObject(…)`). */
export const AWS_STREAMING_METHODS: ReadonlySet<string> = new Set(['getObject', 'getObjectTorrent']);

/** undici classes whose instances have a `request()` that resolves to `{ statusCode, body }`. */
export const UNDICI_DISPATCHERS: ReadonlySet<string> = new Set([
  'Client',
  'Pool',
  'BalancedPool',
  'Agent',
  'ProxyAgent',
  'EnvHttpProxyAgent',
  'RetryAgent',
  'Dispatcher',
]);
